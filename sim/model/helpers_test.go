package model

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/ektpsim/ektpsim/sim/scenario"
)

// load writes a scenario text to a file and loads it like the CLI does.
func load(t testing.TB, text string, set ...string) *scenario.Scenario {
	t.Helper()
	file := filepath.Join(t.TempDir(), "test.yaml")
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	var opt scenario.Options
	for _, s := range set {
		o, err := scenario.ParseOverride(s)
		if err != nil {
			t.Fatal(err)
		}
		opt.Set = append(opt.Set, o)
	}
	sc, err := scenario.Load(file, opt)
	if err != nil {
		t.Fatalf("load:\n%v", err)
	}
	return sc
}

// days collects every day's rows.
type days struct {
	dates  []scenario.Date
	nation []DayRow
	region [][]DayRow
}

func (d *days) Day(date scenario.Date, nation *DayRow, regions []DayRow) error {
	d.dates = append(d.dates, date)
	d.nation = append(d.nation, *nation)
	d.region = append(d.region, append([]DayRow(nil), regions...))
	return nil
}

// run runs sc with invariant checks on and returns its days and result.
func run(t testing.TB, sc *scenario.Scenario) (*days, *Result) {
	t.Helper()
	var d days
	res, err := New(sc, Options{Observer: &d, CheckInvariants: true}).Run()
	if err != nil {
		t.Fatal(err)
	}
	return &d, res
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// column returns one value of region i's rows, day by day.
func (d *days) column(i int, f func(DayRow) int64) []int64 {
	out := make([]int64, len(d.region))
	for k, rows := range d.region {
		out[k] = f(rows[i])
	}
	return out
}
