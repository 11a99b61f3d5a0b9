package chart_test

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ektpsim/ektpsim/sim/chart"
	"github.com/ektpsim/ektpsim/sim/runner"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// shape is a run of a shipped scenario, cut short, in one of the shapes
// the charts must handle.
type shape struct {
	name     string
	scenario string
	set      []string
	reps     int
	// oneRegion drops every region but the first from what the charts
	// read, for a run of one region.
	oneRegion bool
	regions   int      // regions the run has
	focus     []string // --region
}

func shapes() []shape {
	return []shape{
		{"one region", "binjai-2017", []string{"end=2017-09-30"}, 1, true, 1, nil},
		{"two regions", "binjai-2017", []string{"end=2017-09-30"}, 1, false, 2, nil},
		{"two regions, replications", "kupang-2018", []string{"end=2018-07-31"}, 4, false, 2, nil},
		{"two regions, many events", "palembang-2017", nil, 1, false, 2, nil},
		{"five regions", "example-2017", nil, 1, false, 5, nil},
		{"five regions, allocation waves", "example-2017", []string{"central.blanks.allocation.policy=population", "central.blanks.allocation.box=1000"}, 1, false, 5, nil},
		{"514 regions", "national-2016-2018", nil, 1, false, 514, nil},
		{"514 regions, replications", "national-2016-2018", []string{"end=2016-05-31"}, 3, false, 514, nil},
		{"514 regions, two focus regions", "national-2016-2018", []string{"end=2016-09-30"}, 1, false, 514, []string{"Kota Binjai", "Kabupaten Kupang"}},
	}
}

// runShape runs s without charts and reads it back as the charts do.
func runShape(t *testing.T, s shape) *chart.Run {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "r")
	if _, err := runner.Run(context.Background(), runner.Config{Scenario: s.scenario, Out: dir, Replications: s.reps,
		Set: s.set, NoPlots: true, Regions: s.focus}); err != nil {
		t.Fatal(err)
	}
	r, err := chart.ReadRun(dir, chart.Keep)
	if err != nil {
		t.Fatal(err)
	}
	if s.oneRegion {
		keep := ""
		for name := range r.Summary.Regions {
			if strings.HasPrefix(name, "Kota") {
				keep = name
			}
		}
		for name := range r.Summary.Regions {
			if name != keep {
				delete(r.Summary.Regions, name)
				delete(r.Regions, name)
			}
		}
	}
	if len(r.Summary.Regions) != s.regions {
		t.Fatalf("%s has %d regions, want %d", s.name, len(r.Summary.Regions), s.regions)
	}
	return r
}

// Every chart of every shape, on a desktop and on a phone: no series
// point past its axes, no legend over the data, no tick labels or notes
// overlapping, phone text large enough (see chart.checkFigure).
func TestChartLayout(t *testing.T) {
	for _, s := range shapes() {
		t.Run(s.name, func(t *testing.T) {
			if testing.Short() && s.regions > 5 {
				t.Skip("514 regions in -short")
			}
			r := runShape(t, s)
			for _, m := range chart.Media {
				laid, err := chart.LayRun(r, m)
				if err != nil {
					t.Fatal(err)
				}
				files := map[string]bool{}
				for _, l := range laid {
					files[l.File] = true
					for _, p := range l.Problems {
						t.Errorf("%s %s: %s", m, l.File, p)
					}
					if l.Points == 0 || l.Ticks < 2 {
						t.Errorf("%s %s: %d points and %d tick labels checked", m, l.File, l.Points, l.Ticks)
					}
				}
				want := []string{"backlog", "printing", "lost_hours", "regions"}
				if s.reps > 1 {
					want = append(want, "backlog_bands")
				}
				// A focus region's backlog and printing lead; its lost
				// hours too where it lost any.
				for _, name := range r.Summary.Focus {
					slug := strings.ReplaceAll(strings.ToLower(name), " ", "_")
					want = append(want, "backlog_"+slug, "printing_"+slug)
					if v, _ := r.Summary.Number(name, "lost_hours"); v > 0 {
						want = append(want, "lost_hours_"+slug)
					}
				}
				if len(r.Summary.Focus) > 0 && laid[0].File != "backlog_"+strings.ReplaceAll(strings.ToLower(r.Summary.Focus[0]), " ", "_") {
					t.Errorf("%s: the first chart is %s, not the focus region's backlog", m, laid[0].File)
				}
				for _, f := range want {
					if !files[f] {
						t.Errorf("%s: no %s chart", m, f)
					}
				}
			}
		})
	}
}

// The regions chart has one bar per region up to 25, each on its own row:
// its notes (values) are one per bar and clear of each other.
func TestRegionsChartRows(t *testing.T) {
	for _, s := range shapes()[:2] {
		r := runShape(t, s)
		names, _, _ := chart.RankSeries(r, 25)
		if len(names) != s.regions {
			t.Errorf("%s: %d regions ranked, want %d", s.name, len(names), s.regions)
		}
		for _, m := range chart.Media {
			laid, _ := chart.LayRun(r, m)
			for _, l := range laid {
				if l.File != "regions" {
					continue
				}
				notes := s.regions // a value a bar (on a phone, with its name)
				if l.Notes != notes || len(l.Problems) > 0 {
					t.Errorf("%s %s: %d notes, want %d; %v", s.name, m, l.Notes, notes, l.Problems)
				}
			}
		}
	}
}

// Compare charts of runs with and without replications, their bands and
// the difference chart, laid out clean.
func TestCompareLayout(t *testing.T) {
	a := runShape(t, shape{"a", "kupang-2018", []string{"end=2018-07-31"}, 3, false, 2, nil})
	b := runShape(t, shape{"b", "kupang-2018", []string{"end=2018-07-31", "central.intake_per_day=100000"}, 3, false, 2, nil})
	c := runShape(t, shape{"c", "kupang-2018", []string{"end=2018-07-31"}, 1, false, 2, nil})
	b.Name = "kupang-2018+intake"
	for _, runs := range [][]*chart.Run{{a, b}, {a, b, c}} {
		for _, m := range chart.Media {
			laid, err := chart.LayCompare(runs, m)
			if err != nil {
				t.Fatal(err)
			}
			files := map[string]bool{}
			for _, l := range laid {
				files[l.File] = true
				for _, p := range l.Problems {
					t.Errorf("%d runs, %s %s: %s", len(runs), m, l.File, p)
				}
				if l.Legend != len(runs) && l.File != "compare_difference" {
					t.Errorf("%s %s: %d legend entries for %d runs", m, l.File, l.Legend, len(runs))
				}
			}
			for _, f := range []string{"compare_backlog", "compare_print_ready", "compare_printed", "compare_difference", "compare_lost_hours"} {
				if !files[f] {
					t.Errorf("%s: no %s", m, f)
				}
			}
		}
	}
	dir := t.TempDir()
	charts, err := chart.Compare([]*chart.Run{a, b}, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range charts {
		for _, f := range []string{c.File + ".png", c.File + ".svg", filepath.Join("phone", c.File+".png")} {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Error(err)
			}
		}
	}
}

// Sweep charts: numeric levels with separators, legends clear of the data.
func TestSweepLayout(t *testing.T) {
	keys := []string{"central.intake_per_day", "central.storage_capacity"}
	var values [][]string
	var ys [][]float64
	for i, in := range []string{"50000", "100000", "200000"} {
		for j, st := range []string{"170000000", "250000000"} {
			values = append(values, []string{in, st})
			base := 3e7 + float64(i)*4e6 + float64(j)*1e6
			ys = append(ys, []float64{base, base * 1.02, base * 0.97, base * 1.05})
		}
	}
	for _, m := range chart.Media {
		laid := chart.LaySweep(m, "intake", "printed_total", keys, values, ys)
		if len(laid) != 2 {
			t.Fatalf("%d sweep charts, want 2", len(laid))
		}
		for _, l := range laid {
			for _, p := range l.Problems {
				t.Errorf("%s %s: %s", m, l.File, p)
			}
			if l.Legend != 3 && l.Legend != 2 {
				t.Errorf("%s %s: %d legend entries", m, l.File, l.Legend)
			}
		}
	}
	for in, want := range map[string]string{"10000000": "10 million", "50000": "50,000", "0.5": "0.5", "mon": "mon", "170000000": "170 million", "1500000": "1.5 million"} {
		if got := chart.LevelLabel(in); got != want {
			t.Errorf("LevelLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

// Phone PNGs are 780 px wide (390 CSS px at 2x), desktop ones unchanged.
func TestPhoneFiles(t *testing.T) {
	_, charts, dir := result(t)
	for _, c := range charts {
		f, err := os.Open(filepath.Join(dir, "plots", "phone", c.File+".png"))
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Width != 2*chart.PhoneWidth || cfg.Height < 300 {
			t.Errorf("phone %s.png is %dx%d, want %d wide", c.File, cfg.Width, cfg.Height, 2*chart.PhoneWidth)
		}
	}
}

// Labels placed above events: centred where there is room, else ending or
// starting at their line; none covers another event's line or overlaps
// another label; where no place is clear, fits is false and the label
// still overlaps no other.
func TestPlaceLabels(t *testing.T) {
	for _, c := range []struct {
		name   string
		xs, ws []float64
		lefts  []float64
		levels []int
		fits   bool
	}{
		{"apart", []float64{30, 100, 200}, []float64{40, 40, 40}, []float64{10, 80, 180}, []int{0, 0, 0}, true},
		// Centred, the first would cover the second's line: it ends at
		// its line, the second starts at its own.
		{"neighbours", []float64{50, 60}, []float64{40, 40}, []float64{9, 61}, []int{0, 0}, true},
		{"at the edges", []float64{5, 295}, []float64{40, 40}, []float64{0, 260}, []int{0, 0}, true},
		// Four lines 10 apart under 40-wide labels: the middle two have no
		// clear place, and go centred above the others.
		{"crowded", []float64{50, 60, 70, 80}, []float64{40, 40, 40, 40}, []float64{9, 40, 50, 81}, []int{0, 1, 2, 0}, false},
	} {
		lefts, levels, fits := chart.PlaceLabels(c.xs, c.ws, 0, 300)
		if fits != c.fits || len(levels) != len(c.levels) {
			t.Errorf("%s: levels %v fits %v, want %v %v", c.name, levels, fits, c.levels, c.fits)
			continue
		}
		for i := range levels {
			if levels[i] != c.levels[i] || lefts[i] != c.lefts[i] {
				t.Errorf("%s: at %v levels %v, want %v %v", c.name, lefts, levels, c.lefts, c.levels)
				break
			}
		}
	}
}

// Titles name the scenario in words, with any overrides.
func TestRunTitle(t *testing.T) {
	for _, c := range []struct{ scenario, name, want string }{
		{"binjai-2017", "binjai-2017", "Kota Binjai from April to December 2017"},
		{"palembang-2017", "palembang-2017", "Kota Palembang from the 10,000 blanks of 9 August 2017 to June 2018"},
		{"national-ups", "national-ups", "The national scenario with a 12-hour UPS in every office (Binjai's, reported)"},
		{"binjai-2017", "binjai-2017+replications=6", "Kota Binjai from April to December 2017 (replications=6)"},
	} {
		sc := loadScenario(t, c.scenario)
		r := &chart.Run{Name: c.name, Scenario: sc}
		if got := chart.RunTitle(r); got != c.want {
			t.Errorf("%s: %q, want %q", c.scenario, got, c.want)
		}
	}
}

// Compare legends name the runs without the words every title shares: an
// experiment's runs are "the baseline" and the variants' names, not
// "Experiment NAME, ..." three times over.
func TestRunTitlesShareNoLead(t *testing.T) {
	run := func(name, about string) *chart.Run {
		return &chart.Run{Name: name, Scenario: &scenario.Scenario{Name: name, Description: about}}
	}
	for _, c := range []struct {
		runs []*chart.Run
		want []string
	}{
		{[]*chart.Run{
			run("baseline", "Experiment be, the baseline: national-2016-2018 as it is."),
			run("v90", "Experiment be, v90: national-2016-2018 with the experiment's edits."),
		}, []string{"the baseline", "v90"}},
		// No shared lead: titles whole.
		{[]*chart.Run{run("a", "Kota Binjai, 2017"), run("b", "Kota Kupang, 2018")}, []string{"Kota Binjai, 2017", "Kota Kupang, 2018"}},
		// A title that is only the lead stays whole, and so do the others.
		{[]*chart.Run{run("a", "Experiment x, a"), run("b", "Experiment x")}, []string{"Experiment x, a", "Experiment x"}},
		// One run: nothing to share.
		{[]*chart.Run{run("a", "Experiment x, a")}, []string{"Experiment x, a"}},
	} {
		got := chart.RunTitles(c.runs)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q, want %q", got, c.want)
		}
	}
}

func loadScenario(t *testing.T, name string) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Load(filepath.Join("..", "..", "scenarios", name+".yaml"), scenario.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// With an allocation, the stocks chart marks the waves that sent blanks
// and its caption and legend say so; without one it does not.
func TestStocksMarkWaves(t *testing.T) {
	for _, s := range []shape{shapes()[4], shapes()[5]} {
		r := runShape(t, s)
		dir := t.TempDir()
		charts, err := chart.Draw(r, dir)
		if err != nil {
			t.Fatal(err)
		}
		caption := ""
		for _, c := range charts {
			if c.File == "stocks" {
				caption = c.Caption
			}
		}
		_, alloc := r.Summary.Nation["allocations"]
		if marks := strings.Contains(caption, "waves of the national store's allocation"); marks != alloc || caption == "" {
			t.Errorf("%s: allocations %v, stocks caption %q", s.name, alloc, caption)
		}
	}
}

// A count axis writes its labels in one unit: millions throughout once a
// label reaches a million (the difference chart read -800,000 beside
// -1.6M), plain counts below.
func TestCountTicksOneUnit(t *testing.T) {
	for _, c := range []struct {
		min, max float64
		want     string
	}{
		{-1.7e6, 0, "-1.6M -0.8M 0"},
		{0, 1.7e7, "0 8M 16M"},
		{0, 900000, "0 400,000 800,000"},
		{0, 1.2e6, "0 0.5M 1M"},
		{0, 80, "0 40 80"},
	} {
		got := strings.Join(chart.CountTickLabels(c.min, c.max), " ")
		if got != c.want {
			t.Errorf("%g to %g: %q, want %q", c.min, c.max, got, c.want)
		}
	}
}
