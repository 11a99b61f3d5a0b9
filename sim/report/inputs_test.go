package report

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ektpsim/ektpsim/sim/chart"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

func load(t *testing.T, sets ...string) *scenario.Scenario {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "s.yaml")
	os.WriteFile(file, []byte(`
name: base
description: Two cities.
start: 2017-01-02
end: 2017-03-31
central:
  intake_per_day: 50000
  changes:
    - {date: 2017-03-01, intake_per_day: 100000}
regions:
  - name: Kota A
    blanks: {stock: 1000}
    sites: [{name: office, printers: 1, cards_per_printer_per_day: 100}]
  - name: Kota B
    sites: [{name: office, printers: 1, cards_per_printer_per_day: 100}]
`), 0o644)
	var opt scenario.Options
	for _, kv := range sets {
		o, err := scenario.ParseOverride(kv)
		if err != nil {
			t.Fatal(err)
		}
		opt.Set = append(opt.Set, o)
	}
	sc, err := scenario.Load(file, opt)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// The inputs that differ, from the resolved scenarios, in words.
func TestInputsDiffer(t *testing.T) {
	base := load(t)
	for _, c := range []struct {
		sets []string
		want []string
	}{
		{nil, nil},
		{[]string{"central.intake_per_day=100000"}, []string{"central intake 50,000 -> 100,000 a day"}},
		{[]string{"regions[name=Kota A].blanks.stock=8000"}, []string{"Kota A: blanks at the start 1,000 -> 8,000"}},
		{[]string{"central.changes[0].intake_per_day=200000"}, []string{"central change (2017-03-01): central intake 100,000 -> 200,000 a day"}},
		{[]string{"central.verification_delay=exponential(2d)"}, []string{"verification delay 0 -> 2 days on average"}},
	} {
		got := InputsDiffer(base, load(t, c.sets...), 10)
		if !slices.Equal(got, c.want) {
			t.Errorf("%v: got %q, want %q", c.sets, got, c.want)
		}
	}
	// Dated entries moved (an experiment's shift): a line an entry,
	// named by the base's date; a list of another length adds and
	// removes by date.
	two := "central.blanks.deliveries=[{date: 2017-02-01, amount: 5}, {date: 2017-03-01, amount: 6}]"
	moved := "central.blanks.deliveries=[{date: 2017-01-10, amount: 5}, {date: 2017-02-08, amount: 6}]"
	got := InputsDiffer(load(t, two), load(t, moved), 10)
	want := []string{"national blank deliveries (2017-02-01): date 2017-02-01 -> 2017-01-10", "national blank deliveries (2017-03-01): date 2017-03-01 -> 2017-02-08"}
	if !slices.Equal(got, want) {
		t.Errorf("moved deliveries: got %q, want %q", got, want)
	}
	got = InputsDiffer(load(t, two), load(t, "central.blanks.deliveries=[{date: 2017-02-01, amount: 5}]"), 10)
	want = []string{"national blank deliveries removed: 2017-03-01 (amount 6)"}
	if !slices.Equal(got, want) {
		t.Errorf("a delivery removed: got %q, want %q", got, want)
	}
	// A site appended in both regions (an experiment's append over a
	// selection): one line with the site's fields and the regions.
	sites := "[{name: office, printers: 1, cards_per_printer_per_day: 100}, {name: kecamatan offices, printers: 2, cards_per_printer_per_day: 60}]"
	got = InputsDiffer(base, load(t, "regions[name=Kota A].sites="+sites, "regions[name=Kota B].sites="+sites), 10)
	want = []string{"sites added: kecamatan offices (cards per printer per day 60, printers 2, serves first_time, replacement, element_change), in 2 regions (Kota A, Kota B)"}
	if !slices.Equal(got, want) {
		t.Errorf("a site appended in two regions: got %q, want %q", got, want)
	}
	// The same change in two regions is one line; a change in one
	// region alone keeps the region's name first.
	got = InputsDiffer(base, load(t, "regions[name=Kota A].ups_hours=6", "regions[name=Kota B].ups_hours=6", "regions[name=Kota A].blanks.stock=5"), 10)
	want = []string{"Kota A: blanks at the start 1,000 -> 5", "UPS hours 0 -> 6, in 2 regions (Kota A, Kota B)"}
	if !slices.Equal(got, want) {
		t.Errorf("the same change in two regions: got %q, want %q", got, want)
	}
	many := InputsDiffer(base, load(t, "seed=9", "replications=3", "central.intake_per_day=7"), 2)
	if len(many) != 3 || !strings.HasPrefix(many[2], "and 1 more input") {
		t.Errorf("limited to 2: %q", many)
	}
}

// A variant made with --set shares its base's description: its own is
// what it changes.
func TestVariantDescription(t *testing.T) {
	base := &chart.Run{Name: "base", Scenario: load(t)}
	variant := &chart.Run{Name: "base+central.intake_per_day=100000", Scenario: load(t, "central.intake_per_day=100000")}
	runs := []*chart.Run{base, variant}
	if got := description(runs, 0); got != "Two cities." {
		t.Errorf("base: %q", got)
	}
	if got, want := description(runs, 1), "As base, with central intake 50,000 -> 100,000 a day."; got != want {
		t.Errorf("variant: %q, want %q", got, want)
	}
	other := load(t, "description=Bigger intake.")
	if got := description([]*chart.Run{base, {Name: "x", Scenario: other}}, 1); got != "Bigger intake." {
		t.Errorf("a variant with its own description: %q", got)
	}
}
