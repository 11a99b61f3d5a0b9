package runner

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/stat"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

type printReady struct {
	region int
	by     map[string]float64
}

func (p *printReady) Day(date scenario.Date, _ *model.DayRow, regions []model.DayRow) error {
	p.by[date.String()] = float64(regions[p.region].PrintReady)
	return nil
}

// Region bands: a region's row equals a direct computation over the
// replications run one by one, and taking the regions in many small passes
// (a tiny memory budget) writes the same bytes as one pass.
func TestRegionBands(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{Scenario: "example-2017", Replications: 5, Set: []string{"end=2017-03-31"}, NoPlots: true, RegionBands: true}
	one, many := cfg, cfg
	one.Out, many.Out = filepath.Join(dir, "one"), filepath.Join(dir, "many")
	many.RegionBandsMemory = 1 // one region a pass
	for _, c := range []Config{one, many} {
		if _, err := Run(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	a, _ := os.ReadFile(filepath.Join(one.Out, "bands.csv"))
	b, _ := os.ReadFile(filepath.Join(many.Out, "bands.csv"))
	if !bytes.Equal(a, b) {
		t.Error("bands.csv differs between one pass and a pass per region")
	}
	rows, err := csv.NewReader(bytes.NewReader(a)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var row []string
	for _, r := range rows {
		if r[0] == "2017-03-15" && r[1] == "Kota Palembang" && r[2] == "print_ready" {
			row = r
		}
	}
	if row == nil {
		t.Fatal("no region row for Kota Palembang")
	}
	sc, err := Load(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var vals []float64
	for rep := 0; rep < 5; rep++ {
		p := &printReady{region: 1, by: map[string]float64{}}
		if _, err := model.New(sc, model.Options{Replication: rep, Observer: p}).Run(); err != nil {
			t.Fatal(err)
		}
		vals = append(vals, p.by["2017-03-15"])
	}
	slices.Sort(vals)
	want := []float64{stat.Mean(vals, nil), stat.Quantile(0.05, stat.Empirical, vals, nil), stat.Quantile(0.5, stat.Empirical, vals, nil), stat.Quantile(0.95, stat.Empirical, vals, nil)}
	for i, w := range want {
		if got, _ := strconv.ParseFloat(row[3+i], 64); got != w {
			t.Errorf("column %d: %v, want %v (values %v)", 3+i, got, w, vals)
		}
	}
}

// Replications whose series and figures go to a file (a one-byte memory
// budget) give the same files, byte for byte, as when they stay in memory,
// and the file does not outlive the run.
func TestSpilledReplicationsSameBytes(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{Scenario: "example-2017", Replications: 4, Set: []string{"end=2017-03-31"}, NoPlots: true}
	mem, spilled := cfg, cfg
	mem.Out, spilled.Out = filepath.Join(dir, "mem"), filepath.Join(dir, "spilled")
	spilled.SpoolMemory = 1
	for _, c := range []Config{mem, spilled} {
		if _, err := Run(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	files, err := os.ReadDir(mem.Out)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		a, _ := os.ReadFile(filepath.Join(mem.Out, f.Name()))
		b, err := os.ReadFile(filepath.Join(spilled.Out, f.Name()))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs when spilled (%v)", f.Name(), err)
		}
	}
	left, _ := os.ReadDir(spilled.Out)
	if len(left) != len(files) {
		t.Errorf("spilled run left %d files, the other %d", len(left), len(files))
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("%d entries beside the two outputs", len(entries)-2)
	}
}
