package output

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

func TestDailyRowFormat(t *testing.T) {
	var buf bytes.Buffer
	d, err := NewDaily(&buf, []string{`Kota "A", Utara`})
	if err != nil {
		t.Fatal(err)
	}
	row := model.DayRow{Recorded: 5, Printed: 2, PrintedCum: 2, Blanks: model.Unlimited, RibbonCards: 498, PrintHours: 1.0000000001,
		Intake: 7, CentralStored: model.Unlimited, NationalBlanks: model.Unlimited}
	row.Lost[model.CausePower] = 2.5
	row.Lost[model.CauseBreakdown] = 1.25
	nation := row
	nation.CentralStored, nation.NationalBlanks = 170000000, 0
	d.Day(scenario.DateOf(2017, 8, 14), &nation, []model.DayRow{row})
	d.Flush()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 || lines[0] != strings.Join(DailyColumns, ",") {
		t.Fatalf("got %q", lines)
	}
	want := `2017-08-14,"Kota ""A"", Utara",5,0,0,0,0,2,2,,498,0,1,2.5,0,0,0,0,2.5,0,0,0,1.25,7,,`
	if lines[2] != want {
		t.Errorf("row\n got %s\nwant %s", lines[2], want)
	}
	if want := `2017-08-14,ALL,5,0,0,0,0,2,2,,498,0,1,2.5,0,0,0,0,2.5,0,0,0,1.25,7,170000000,0`; lines[1] != want {
		t.Errorf("nation's row\n got %s\nwant %s", lines[1], want)
	}
}

func TestSummaryOverReplications(t *testing.T) {
	sc := &scenario.Scenario{Name: "s", Start: scenario.DateOf(2017, 1, 1), End: scenario.DateOf(2017, 1, 31), Regions: []scenario.Region{{Name: "A"}}}
	var results []*model.Result
	for i := 1; i <= 20; i++ {
		f := model.Figures{PrintedTotal: int64(i * 10), ClearDay: i, MeanWait: math.NaN(), P95Wait: math.NaN()}
		if i == 20 {
			f.ClearDay = -1 // never cleared
		}
		results = append(results, &model.Result{Nation: f, Regions: []model.Figures{f}})
	}
	b, err := Summary(sc, results)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	// Printed totals 10..200: mean 105; empirical 5% and 95% of 20 values
	// are the 1st and 19th: 10 and 190.
	for k, want := range map[string]any{
		"printed_total": 105.0, "printed_total_p05": 10.0, "printed_total_p95": 190.0,
		"clear_date": nil, "clear_date_p05": "2017-01-02", "clear_date_p95": "2017-01-20",
		"clear_share": 0.95, "mean_wait_days": nil, "replications": 20.0,
	} {
		if got[k] != want {
			t.Errorf("%s = %v, want %v", k, got[k], want)
		}
	}
	if !strings.HasPrefix(string(b), "{\n  \"scenario\": \"s\",\n  \"seed\": 0,") {
		t.Errorf("keys out of order:\n%.80s", b)
	}
}
