package output

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// With central.blanks.allocation daily.csv ends with allocated and
// in_transit; without it the file is as before.
func TestDailyAllocationColumns(t *testing.T) {
	sc := &scenario.Scenario{Regions: []scenario.Region{{Name: "A"}}}
	row := model.DayRow{Blanks: 10, RibbonCards: model.Unlimited, CentralStored: model.Unlimited, NationalBlanks: model.Unlimited, Allocated: 4000, InTransit: 2500}
	nation := row
	nation.NationalBlanks = 700
	write := func() []string {
		var buf bytes.Buffer
		d, err := NewDailyFor(&buf, sc)
		if err != nil {
			t.Fatal(err)
		}
		d.Day(scenario.DateOf(2017, 8, 14), &nation, []model.DayRow{row})
		d.Flush()
		return strings.Split(strings.TrimSpace(buf.String()), "\n")
	}
	lines := write()
	if lines[0] != strings.Join(DailyColumns(), ",") || strings.Contains(lines[2], "4000") {
		t.Errorf("without allocation: %q", lines)
	}
	sc.Central.Blanks.Allocation = &scenario.Allocation{Policy: scenario.AllocNeed, Box: 1}
	lines = write()
	if want := strings.Join(DailyColumns(), ",") + ",allocated,in_transit"; lines[0] != want {
		t.Errorf("header %s, want %s", lines[0], want)
	}
	if want := "2017-08-14,A,0,0,0,0,0,0,0,10,,0,0,0,0,0,0,0,0,0,0,0,0,0,,,0,4000,2500"; lines[2] != want {
		t.Errorf("row\n got %s\nwant %s", lines[2], want)
	}
	if !strings.HasSuffix(lines[1], ",700,0,4000,2500") {
		t.Errorf("nation's row %s, want it to end ,700,0,4000,2500", lines[1])
	}
}

// summary.json's allocations: one wave of 10,000 blanks to four regions,
// A 4,000, C 3,000, B 2,000, D 1,000; 3,000 to regions that ran out and
// 5,000 to regions with blanks left are shares 0.3 and 0.5.
func TestSummaryAllocations(t *testing.T) {
	sc := &scenario.Scenario{Name: "s", Start: scenario.DateOf(2017, 1, 2), End: scenario.DateOf(2017, 1, 31),
		Regions: []scenario.Region{{Name: "A"}, {Name: "B"}, {Name: "C"}, {Name: "D"}}}
	sc.Central.Blanks.Allocation = &scenario.Allocation{Policy: scenario.AllocPopulation, Box: 1000}
	wave := model.Wave{Day: 2, Total: 10000, Regions: 4, RanOut: 3000, LeftAtEnd: 5000,
		Top: []model.WaveShare{{Region: 0, Blanks: 4000}, {Region: 2, Blanks: 3000}, {Region: 1, Blanks: 2000}, {Region: 3, Blanks: 1000}}}
	f := model.Figures{MeanWait: math.NaN(), P95Wait: math.NaN()}
	results := []*model.Result{{Nation: f, Regions: slices.Repeat([]model.Figures{f}, 4), Waves: []model.Wave{wave}}}
	b, err := Summary(sc, results, regionSpool(t, results, SpoolBudget))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Allocations []struct {
			Date    string
			Total   int64
			Regions int
			Top     []struct {
				Region string
				Blanks int64
				Share  float64
			}
			RanOut float64 `json:"share_to_regions_that_ran_out"`
			Left   float64 `json:"share_to_regions_with_blanks_left"`
		}
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Allocations) != 1 {
		t.Fatalf("allocations %+v, want one wave", got.Allocations)
	}
	a := got.Allocations[0]
	if a.Date != "2017-01-04" || a.Total != 10000 || a.Regions != 4 || a.RanOut != 0.3 || a.Left != 0.5 {
		t.Errorf("wave %+v, want 2017-01-04, 10,000 to 4 regions, 0.3 ran out, 0.5 left", a)
	}
	var names []string
	for _, x := range a.Top {
		names = append(names, x.Region)
	}
	if !slices.Equal(names, []string{"A", "C", "B", "D"}) || a.Top[0].Share != 0.4 {
		t.Errorf("top %+v, want A (0.4), C, B, D", a.Top)
	}
	// Without the allocation key, no allocations.
	sc.Central.Blanks.Allocation = nil
	b, _ = Summary(sc, results, regionSpool(t, results, SpoolBudget))
	if bytes.Contains(b, []byte("allocations")) {
		t.Error("allocations written without central.blanks.allocation")
	}
}

// bands.csv with central.blanks.allocation ends each day with allocated
// and in_transit: five replications allocating 0, 2,000, 4,000, 6,000 and
// 8,000 have mean 4,000, p05 0, p50 4,000 and p95 8,000 (the values at
// ceil(p*n)); the regions' bands likewise.
func TestBandsAllocationMetrics(t *testing.T) {
	sc := &scenario.Scenario{Start: scenario.DateOf(2017, 8, 14), Regions: []scenario.Region{{Name: "A"}}}
	sc.Central.Blanks.Allocation = &scenario.Allocation{Policy: scenario.AllocEqual, Box: 1}
	var reps []*NationSeries
	var regions []*RegionSeries
	for i := range int64(5) {
		s := NewNationSeriesFor(1, sc)
		rs := NewRegionSeriesFor(0, 1, 1, sc)
		row := model.DayRow{Blanks: model.Unlimited, RibbonCards: model.Unlimited, CentralStored: model.Unlimited, NationalBlanks: model.Unlimited,
			Allocated: 2000 * i, InTransit: 100}
		if err := s.Day(sc.Start, &row, nil); err != nil {
			t.Fatal(err)
		}
		if err := rs.Day(sc.Start, &row, []model.DayRow{row}); err != nil {
			t.Fatal(err)
		}
		reps = append(reps, s)
		regions = append(regions, rs)
	}
	var buf bytes.Buffer
	if _, err := WriteBandsFor(&buf, sc, seriesSpool(t, reps, SpoolBudget)); err != nil {
		t.Fatal(err)
	}
	if err := WriteRegionBands(&buf, sc.Start, []string{"A"}, regions); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"2017-08-14,ALL,allocated,4000,0,4000,8000\n",
		"2017-08-14,ALL,in_transit,100,100,100,100\n",
		"2017-08-14,A,allocated,4000,0,4000,8000\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("bands.csv lacks %q:\n%s", want, out)
		}
	}
	if !strings.HasSuffix(strings.Join(BandMetricsFor(sc), ","), "backlog,allocated,in_transit") || len(BandMetricsFor(nil)) != len(BandMetrics()) {
		t.Errorf("BandMetricsFor: %v", BandMetricsFor(sc))
	}
}
