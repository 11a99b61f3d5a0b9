package runner

import (
	"bytes"
	"context"
	"encoding/base64"
	"html"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ektpsim/ektpsim/sim/chart"
	"github.com/ektpsim/ektpsim/sim/results"
)

// sameValues compares columns, NaN equal to NaN.
func sameValues(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}

func sameColumns(t *testing.T, what string, a, b map[string][]float64, keys []string) {
	t.Helper()
	if keys == nil {
		if len(a) != len(b) {
			t.Errorf("%s: %d columns in memory, %d read back", what, len(a), len(b))
		}
		for k := range b {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		if !sameValues(a[k], b[k]) {
			t.Errorf("%s %s: in memory %.8v..., read back %.8v...", what, k, a[k], b[k])
		}
	}
}

// The run a `run` draws its charts from, built in memory, is what reading
// its folder back gives: the same days, nation's columns (hours rounded as
// daily.csv writes them), bands, replications and summary, and for the
// regions the charts keep, the columns they read.
func TestRunInMemoryEqualsFolder(t *testing.T) {
	for _, c := range []struct {
		name string
		cfg  Config
	}{
		{"one replication", Config{Scenario: "palembang-2017"}},
		{"replications", Config{Scenario: "example-2017", Replications: 4, Set: []string{"end=2017-04-30"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.cfg.Out = filepath.Join(t.TempDir(), "out")
			out, err := Run(context.Background(), c.cfg)
			if err != nil {
				t.Fatal(err)
			}
			mem := out.Run
			if mem == nil {
				t.Fatal("no run in memory")
			}
			disk, err := results.ReadRun(out.Dir, chart.Keep)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(mem.Dates, disk.Dates) || mem.Name != disk.Name {
				t.Errorf("dates or name differ: %d/%d days, %q/%q", len(mem.Dates), len(disk.Dates), mem.Name, disk.Name)
			}
			sameColumns(t, "nation", mem.Nation, disk.Nation, nil)
			sameColumns(t, "replications", mem.Replications, disk.Replications, nil)
			if len(mem.Regions) != len(disk.Regions) {
				t.Errorf("regions kept: %d in memory, %d read back", len(mem.Regions), len(disk.Regions))
			}
			for name, cols := range disk.Regions {
				keys := chart.RegionMetrics()
				if len(out.Scenario.Regions) <= results.AllMetricsRegions {
					keys = nil // every column
				}
				sameColumns(t, name, mem.Regions[name], cols, keys)
			}
			if len(mem.Bands) != len(disk.Bands) {
				t.Errorf("bands: %d metrics in memory, %d read back", len(mem.Bands), len(disk.Bands))
			}
			for k, b := range disk.Bands {
				m := mem.Bands[k]
				if !sameValues(m.Mean, b.Mean) || !sameValues(m.P05, b.P05) || !sameValues(m.P50, b.P50) || !sameValues(m.P95, b.P95) {
					t.Errorf("band %s differs", k)
				}
			}
			if c.cfg.Replications > 1 && len(disk.Bands) == 0 {
				t.Error("no bands read back")
			}
			if !reflect.DeepEqual(mem.Summary, disk.Summary) {
				t.Error("summaries differ")
			}
		})
	}
}

// report uses the charts a run drew (plots/index.json lists them) instead
// of drawing them again, and draws them when plots/ lacks them.
func TestReportUsesDrawnCharts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	out, err := Run(context.Background(), Config{Scenario: "example-2017", Out: dir, Set: []string{"end=2017-03-31"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Charts) == 0 {
		t.Fatal("no charts")
	}
	png := filepath.Join(dir, "plots", out.Charts[0].File+".png")
	orig, _ := os.ReadFile(png)
	// A chart replaced by other bytes (a valid PNG: another chart's)
	// shows in the briefing as it is: it was not drawn again.
	other, _ := os.ReadFile(filepath.Join(dir, "plots", out.Charts[1].File+".png"))
	if bytes.Equal(orig, other) {
		t.Fatal("two charts with the same bytes")
	}
	if err := os.WriteFile(png, other, 0o644); err != nil {
		t.Fatal(err)
	}
	embedded := func() string {
		file, err := Report(context.Background(), []string{dir}, "")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(file)
		return html.UnescapeString(string(b))
	}
	if page := embedded(); strings.Count(page, base64.StdEncoding.EncodeToString(other)) < 2 {
		t.Error("the briefing did not use the charts in plots/")
	}
	// Without the index (a folder from before it), the charts are drawn.
	os.Remove(filepath.Join(dir, "plots", "index.json"))
	if page := embedded(); !strings.Contains(page, base64.StdEncoding.EncodeToString(orig)) {
		t.Error("the briefing of a folder without plots/index.json did not draw the charts")
	}
}
