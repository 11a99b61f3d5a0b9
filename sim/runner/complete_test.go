package runner

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// smallRun is a scenario of two regions over six weeks: quick to run many
// times.
func smallRun(out string, reps int) Config {
	return Config{Scenario: "example-2017", Out: out, Replications: reps, Workers: 2,
		Set: []string{"end=2017-02-11"}}
}

// Every combination of --region-bands, --shard, --replications and
// --no-plots leaves a complete folder: daily.csv with a row per region and
// day, the files of its replications, the charts unless skipped, and a
// folder that plot and report accept.
func TestEveryOptionLeavesCompleteFolder(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	for _, reps := range []int{1, 3} {
		for _, bands := range []bool{false, true} {
			for _, shards := range []int{1, 2} {
				for _, noPlots := range []bool{false, true} {
					if bands && shards > 1 || shards > reps {
						continue // refused: see TestRegionBandsRefusesShards
					}
					name := fmt.Sprintf("r%d-b%v-s%d-np%v", reps, bands, shards, noPlots)
					out := filepath.Join(dir, name)
					cfg := smallRun(out, reps)
					cfg.RegionBands, cfg.NoPlots = bands, noPlots
					if shards == 1 {
						if _, err := Run(ctx, cfg); err != nil {
							t.Fatalf("%s: %v", name, err)
						}
					} else {
						var parts []string
						for i := 1; i <= shards; i++ {
							c := cfg
							c.Shard = fmt.Sprintf("%d/%d", i, shards)
							c.Out = filepath.Join(dir, fmt.Sprintf("%s-shard%d", name, i))
							if _, err := Run(ctx, c); err != nil {
								t.Fatalf("%s: %v", name, err)
							}
							parts = append(parts, c.Out)
						}
						if _, _, err := Merge(ctx, parts, out, noPlots, false); err != nil {
							t.Fatalf("%s: merge: %v", name, err)
						}
					}
					checkComplete(t, name, out, reps, !noPlots)
					if _, err := Plot(ctx, out); err != nil {
						t.Errorf("%s: plot: %v", name, err)
					}
					if _, err := Report(ctx, []string{out}, ""); err != nil {
						t.Errorf("%s: report: %v", name, err)
					}
				}
			}
		}
	}
}

func checkComplete(t *testing.T, name, out string, reps int, plots bool) {
	t.Helper()
	sc, err := Load(Config{Scenario: filepath.Join(out, "scenario.yaml")})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	days := int(sc.End.Days()-sc.Start.Days()) + 1
	daily, err := os.ReadFile(filepath.Join(out, "daily.csv"))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if got, want := bytes.Count(daily, []byte("\n")), 1+days*(1+len(sc.Regions)); got != want {
		t.Errorf("%s: daily.csv has %d lines, want %d (header, then the nation and %d regions for %d days)", name, got, want, len(sc.Regions), days)
	}
	want := []string{"scenario.yaml", "summary.json", "replications.csv"}
	if reps > 1 {
		want = append(want, "bands.csv")
	}
	if plots {
		want = append(want, "plots/backlog.png", "plots/backlog.svg")
	}
	for _, f := range want {
		if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %s missing or empty (%v)", name, f, err)
		}
	}
	left, _ := filepath.Glob(filepath.Join(out, ".spool-*"))
	if len(left) > 0 {
		t.Errorf("%s: left %v", name, left)
	}
}
