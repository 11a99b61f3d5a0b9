package output

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
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
	row := model.DayRow{Recorded: 5, Unsent: 1, InVerification: 2, PrintReady: 4, Printed: 2, PrintedCum: 2, Blanks: model.Unlimited, RibbonCards: 498, PrintHours: 1.0000000001,
		Intake: 7, CentralStored: model.Unlimited, NationalBlanks: model.Unlimited}
	row.Lost[model.CausePower] = 2.5
	row.Lost[model.CauseBreakdown] = 1.25
	nation := row
	nation.CentralStored, nation.NationalBlanks = 170000000, 0
	d.Day(scenario.DateOf(2017, 8, 14), &nation, []model.DayRow{row})
	d.Flush()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 || lines[0] != strings.Join(DailyColumns(), ",") {
		t.Fatalf("got %q", lines)
	}
	// backlog, last: unsent 1 + in_verification 2 + print_ready 4.
	want := `2017-08-14,"Kota ""A"", Utara",5,1,0,0,4,2,2,,498,0,1,2.5,2,0,0,0,2.5,0,0,0,1.25,7,,,7`
	if lines[2] != want {
		t.Errorf("row\n got %s\nwant %s", lines[2], want)
	}
	if want := `2017-08-14,ALL,5,1,0,0,4,2,2,,498,0,1,2.5,2,0,0,0,2.5,0,0,0,1.25,7,170000000,0,7`; lines[1] != want {
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
	b, err := Summary(sc, results, regionSpool(t, results, SpoolBudget))
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
	// The 95% interval of the mean: sd of 10..200 is 59.16, t(19) at
	// 97.5% is 2.0930, so 105 +- 27.688.
	if ci, ok := got["printed_total_ci95"].([]any); !ok || len(ci) != 2 || ci[0] != 77.312 || ci[1] != 132.688 {
		t.Errorf("printed_total_ci95 = %v, want [77.312 132.688]", got["printed_total_ci95"])
	}
	if got["mean_wait_days_ci95"] != nil {
		t.Errorf("a figure with no value has an interval: %v", got["mean_wait_days_ci95"])
	}
	if !strings.HasPrefix(string(b), "{\n  \"scenario\": \"s\",\n  \"seed\": 0,") {
		t.Errorf("keys out of order:\n%.80s", b)
	}
}

// bands.csv by hand: five replications whose nation's print-ready count
// on the one day is 40, 10, 50, 30, 20. Sorted 10..50: mean 30, and the
// empirical quantiles are the values at ceil(p*n): p05 the 1st (10), p50
// the 3rd (30), p95 the 5th (50).
func TestBandsByHand(t *testing.T) {
	var reps []*NationSeries
	for _, v := range []int64{40, 10, 50, 30, 20} {
		s := NewNationSeries(1)
		row := model.DayRow{PrintReady: v, Blanks: model.Unlimited, RibbonCards: model.Unlimited, CentralStored: model.Unlimited, NationalBlanks: 7}
		if err := s.Day(scenario.DateOf(2017, 8, 14), &row, nil); err != nil {
			t.Fatal(err)
		}
		reps = append(reps, s)
	}
	var buf bytes.Buffer
	if _, err := WriteBands(&buf, scenario.DateOf(2017, 8, 14), seriesSpool(t, reps, SpoolBudget)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"date,region,metric,mean,p05,p50,p95\n",
		"2017-08-14,ALL,print_ready,30,10,30,50\n",
		"2017-08-14,ALL,backlog,30,10,30,50\n",
		"2017-08-14,ALL,national_blanks,7,7,7,7\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("bands.csv lacks %q:\n%s", want, out)
		}
	}
	// Unlimited stocks have no band at all.
	if strings.Contains(out, ",blanks,") || strings.Contains(out, "central_stored") {
		t.Errorf("bands for unlimited stocks:\n%s", out)
	}
}

// fullDisk fails every write as a full disk does.
type fullDisk struct{}

func (fullDisk) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

// A full disk while daily.csv is written stops the run with the error (the
// runner then removes the half-written folder): it is reported, not a
// panic and not a silent short file.
func TestDailyOnFullDisk(t *testing.T) {
	d, err := NewDaily(fullDisk{}, []string{"A"})
	if err == nil {
		// The header fits in the buffer; the rows overflow it.
		row := model.DayRow{Blanks: model.Unlimited, RibbonCards: model.Unlimited, CentralStored: model.Unlimited, NationalBlanks: model.Unlimited}
		for i := 0; i < 5000 && err == nil; i++ {
			err = d.Day(scenario.DateOf(2017, 1, 1).AddDays(int64(i)), &row, []model.DayRow{row})
		}
		if err == nil {
			err = d.Flush()
		}
	}
	if !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("got %v, want no space left on device", err)
	}
}

// regionSpool puts the results' region figures in a spool of the budget.
func regionSpool(t *testing.T, results []*model.Result, budget int64) *Spool {
	t.Helper()
	s, err := NewSpool(t.TempDir(), len(results), len(results[0].Regions)*FigureValues(), budget)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for i, r := range results {
		if err := s.Put(i, FiguresRecord(r.Regions)); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// seriesSpool puts the replications' national series in a spool.
func seriesSpool(t *testing.T, reps []*NationSeries, budget int64) *Spool {
	t.Helper()
	s, err := NewSpool(t.TempDir(), len(reps), len(reps[0].Values), budget)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for i, r := range reps {
		if err := s.Put(i, r.Values); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// A spool that spills to a file gives bands.csv and summary.json byte for
// byte as one in memory, with the file read back in several ranges (the
// read-back budget is met by many days and regions), and leaves no file.
func TestSpilledSpoolSameBytes(t *testing.T) {
	const reps, days, regions = 7, 40, 300
	rng := rand.New(rand.NewPCG(5, 6))
	start := scenario.DateOf(2017, 1, 2)
	sc := &scenario.Scenario{Name: "s", Start: start, End: start.AddDays(days - 1)}
	for r := range regions {
		sc.Regions = append(sc.Regions, scenario.Region{Name: fmt.Sprintf("R%d", r)})
	}
	var series []*NationSeries
	var results []*model.Result
	for range reps {
		s := NewNationSeries(days)
		for d := range days {
			row := model.DayRow{PrintReady: rng.Int64N(1000), PrintHours: rng.Float64() * 8, Blanks: model.Unlimited, RibbonCards: rng.Int64N(50)}
			s.Day(start.AddDays(int64(d)), &row, nil)
		}
		series = append(series, s)
		res := &model.Result{Nation: model.Figures{PrintedTotal: rng.Int64N(1e6), ClearDay: -1}}
		for range regions {
			res.Regions = append(res.Regions, model.Figures{PrintedTotal: rng.Int64N(1e6), ClearDay: rng.IntN(days) - 1, MeanWait: rng.Float64() * 30})
		}
		results = append(results, res)
	}
	write := func(budget, readBudget int64) (bands, summary []byte) {
		var b bytes.Buffer
		ss, rs := seriesSpool(t, series, budget), regionSpool(t, results, budget)
		if ss.Spilled() != (budget == 0) || rs.Spilled() != (budget == 0) {
			t.Fatalf("budget %d: spilled %v and %v", budget, ss.Spilled(), rs.Spilled())
		}
		ss.readBudget, rs.readBudget = readBudget, readBudget
		if _, err := WriteBands(&b, start, ss); err != nil {
			t.Fatal(err)
		}
		sum, err := Summary(sc, results, rs)
		if err != nil {
			t.Fatal(err)
		}
		if ss.Spilled() {
			dir := filepath.Dir(ss.file.Name())
			ss.Close()
			rs.Close()
			if left, _ := os.ReadDir(dir); len(left) > 0 {
				t.Errorf("closed spools left %d files", len(left))
			}
		}
		return b.Bytes(), sum
	}
	memBands, memSummary := write(SpoolBudget, chunkBudget)
	// 2,000 bytes: 1 day of bands or 1 region of figures at a time.
	fileBands, fileSummary := write(0, 2000)
	if !bytes.Equal(memBands, fileBands) || len(memBands) < 1000 {
		t.Errorf("bands.csv from a spilled spool differs (%d bytes against %d)", len(fileBands), len(memBands))
	}
	if !bytes.Equal(memSummary, fileSummary) || !bytes.Contains(memSummary, []byte(`"R299"`)) {
		t.Errorf("summary.json from a spilled spool differs (%d bytes against %d)", len(fileSummary), len(memSummary))
	}
}
