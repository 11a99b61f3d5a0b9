package chart_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"flag"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/ektpsim/ektpsim/sim/chart"
	"github.com/ektpsim/ektpsim/sim/runner"
)

var update = flag.Bool("update", false, "rewrite the golden chart data")

// result runs the example scenario for half a year with 3 replications
// (so that bands.csv exists) and reads it back as the charts do.
func result(t *testing.T) (*chart.Run, []chart.Chart, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "r")
	out, err := runner.Run(context.Background(), runner.Config{Scenario: "example-2017", Out: dir, Replications: 3,
		Set: []string{"end=2017-06-30"}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := chart.ReadRun(dir, chart.Keep)
	if err != nil {
		t.Fatal(err)
	}
	return r, out.Charts, dir
}

// The data behind each chart, compared with a golden file
// (go test ./sim/chart -update rewrites it after a deliberate change).
func TestChartDataGolden(t *testing.T) {
	r, _, _ := result(t)
	months, lost := chart.LostSeries(r)
	names, backlog, cleared := chart.RankSeries(r, 25)
	sample := func(s []chart.Series) map[string][]float64 {
		// Every 7th day keeps the file small and still catches any change.
		m := map[string][]float64{}
		for _, x := range s {
			for i := 0; i < len(x.Y); i += 7 {
				m[x.Name] = append(m[x.Name], math.Round(x.Y[i]*1000)/1000)
			}
		}
		return m
	}
	var events []string
	for _, e := range chart.Events(r) {
		events = append(events, e.Date.Format("2006-01-02")+" "+e.Label)
	}
	got := map[string]any{
		"backlog":  sample(chart.BacklogSeries(r)),
		"printing": sample(chart.PrintingSeries(r)),
		"lost":     map[string]any{"months": len(months), "by_cause": lost},
		"rank":     map[string]any{"names": names, "backlog": backlog, "cleared": cleared},
		"stocks":   chart.StockRegions(&r.Summary, 12),
		"events":   events,
		"bands":    len(r.Bands["backlog"].Mean),
	}
	data, err := json.MarshalIndent(got, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "example-h1.charts.json")
	if *update {
		os.MkdirAll("testdata", 0o755)
		os.WriteFile(golden, data, 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != string(data) {
		t.Errorf("chart data differ from %s (go test ./sim/chart -update after checking the change)", golden)
	}
	// Invariants that hold whatever the golden file says: the stack's top is
	// the backlog of summary.json at the end, and bands span every day.
	top := chart.BacklogSeries(r)
	end := top[len(top)-1].Y[len(r.Dates)-1]
	if first, _ := r.Summary.Number("", "backlog_end"); r.Summary.Replications == 1 && end != first {
		t.Errorf("stack top %v, backlog_end %v", end, first)
	}
	if len(r.Bands["backlog"].Mean) != len(r.Dates) {
		t.Errorf("bands for %d days, run of %d", len(r.Bands["backlog"].Mean), len(r.Dates))
	}
}

// Every chart of a run exists as PNG and SVG, opens, and has the size it
// was drawn at.
func TestChartFiles(t *testing.T) {
	_, charts, dir := result(t)
	want := map[string]bool{"backlog": true, "backlog_bands": true, "printing": true, "lost_hours": true, "stocks": true, "regions": true}
	for _, c := range charts {
		delete(want, c.File)
		if c.Caption == "" {
			t.Errorf("%s has no caption", c.File)
		}
		f, err := os.Open(filepath.Join(dir, "plots", c.File+".png"))
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil {
			t.Errorf("%s.png: %v", c.File, err)
			continue
		}
		// 24 cm wide at 150 dpi.
		if cfg.Width != 1417 || cfg.Height < 300 {
			t.Errorf("%s.png is %dx%d, want 1417 wide", c.File, cfg.Width, cfg.Height)
		}
		svg, err := os.Open(filepath.Join(dir, "plots", c.File+".svg"))
		if err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(svg)
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Errorf("%s.svg: %v", c.File, err)
				break
			}
		}
		svg.Close()
	}
	for f := range want {
		t.Errorf("no chart %s", f)
	}
}

// The stock-out spans are the runs of days with no blanks and work waiting.
func TestStockoutSpans(t *testing.T) {
	blanks := []float64{5, 0, 0, 3, 0, 0, 0, 1, 0}
	ready := []float64{9, 9, 9, 9, 0, 9, 9, 9, 9}
	got := chart.StockoutSpans(blanks, ready)
	want := [][2]int{{1, 2}, {5, 6}, {8, 8}}
	if len(got) != len(want) {
		t.Fatalf("%v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%v, want %v", got, want)
		}
	}
}

func TestNumbersForPeople(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{{36260, "36,260"}, {2.1e6, "2.1 million"}, {17672573, "17.67 million"}, {999, "999"}, {-1234, "-1,234"}} {
		if got := chart.Short(c.in); got != c.want {
			t.Errorf("Short(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

// Paired differences by hand: printed 10, 20, 30 against 13, 22, 36 gives
// differences 3, 2, 6: mean 3.667, sd 2.0817, t(2) at 97.5% 4.3027, so the
// interval is 3.667 +- 5.171.
func TestPairedDifferences(t *testing.T) {
	mk := func(seed uint64, printed ...float64) *chart.Run {
		r := &chart.Run{Name: "r", Replications: map[string][]float64{"printed_total": printed}}
		r.Summary.Seed, r.Summary.Replications = seed, len(printed)
		return r
	}
	ps := chart.PairedDifferences(mk(1, 10, 20, 30), mk(1, 13, 22, 36))
	if len(ps) != 1 || ps[0].Figure != "printed_total" || ps[0].N != 3 ||
		math.Abs(ps[0].Mean-3.6667) > 1e-3 || math.Abs(ps[0].Lo+1.504) > 1e-3 || math.Abs(ps[0].Hi-8.838) > 1e-3 {
		t.Errorf("got %+v", ps)
	}
	if ps := chart.PairedDifferences(mk(1, 10, 20, 30), mk(2, 13, 22, 36)); ps != nil {
		t.Errorf("paired runs of different seeds: %+v", ps)
	}
}
