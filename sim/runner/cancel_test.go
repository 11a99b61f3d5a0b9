package runner

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Every command returns context.Canceled once its context is cancelled,
// within a second, and leaves no temporary folder or part file; a run
// cancelled at any moment either completes or leaves nothing.
func TestCancelledLeavesNothing(t *testing.T) {
	dir := inDir(t)
	bg := context.Background()
	a, err := Run(bg, Config{Scenario: "palembang-2017", Out: "a", Replications: 2})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Run(bg, Config{Scenario: "binjai-2017", Out: "b", NoPlots: true})
	if err != nil {
		t.Fatal(err)
	}
	var shards []string
	for _, s := range []string{"1/2", "2/2"} {
		o, err := Run(bg, Config{Scenario: "binjai-2017", Replications: 2, Shard: s, Out: "s" + s[:1], NoPlots: true})
		if err != nil {
			t.Fatal(err)
		}
		shards = append(shards, o.Dir)
	}
	before := listAll(t, dir)
	done, cancel := context.WithCancel(bg)
	cancel()
	calls := map[string]func(ctx context.Context) error{
		"run": func(ctx context.Context) error {
			_, err := Run(ctx, Config{Scenario: "palembang-2017", Out: "new", Replications: 3})
			return err
		},
		"plot": func(ctx context.Context) error { _, err := Plot(ctx, a.Dir); return err },
		"compare": func(ctx context.Context) error {
			_, _, err := Compare(ctx, []string{a.Dir, b.Dir}, "cmp", false)
			return err
		},
		"report": func(ctx context.Context) error { _, err := Report(ctx, []string{a.Dir, b.Dir}, "r.html"); return err },
		"merge":  func(ctx context.Context) error { _, _, err := Merge(ctx, shards, "m", false, false); return err },
		"sweep": func(ctx context.Context) error {
			_, _, err := Sweep(ctx, SweepConfig{Config: Config{Scenario: "binjai-2017", Out: "sw"}, Vary: []Vary{{"seed", []string{"1", "2"}}}})
			return err
		},
	}
	for name, call := range calls {
		if err := call(done); !errors.Is(err, context.Canceled) {
			t.Errorf("%s, cancelled: %v", name, err)
		}
		// Cancelled part way, at several moments.
		for _, after := range []time.Duration{5, 30, 100, 300} {
			ctx, cancel := context.WithCancel(bg)
			fired := make(chan time.Time, 1)
			timer := time.AfterFunc(after*time.Millisecond, func() { fired <- time.Now(); cancel() })
			err := call(ctx)
			timer.Stop()
			cancel()
			var at time.Time
			select {
			case at = <-fired:
			default:
				at = time.Now()
			}
			if err != nil && !errors.Is(err, context.Canceled) {
				t.Errorf("%s cancelled after %v ms: %v", name, after, err)
			}
			if err != nil && time.Since(at) > time.Second {
				t.Errorf("%s took %v to stop", name, time.Since(at))
			}
			if err == nil {
				continue
			}
			for f := range listAll(t, dir) {
				if !before[f] {
					t.Errorf("%s cancelled after %v ms left %s", name, after, f)
				}
			}
		}
		for _, out := range []string{"new", "cmp", "r.html", "m", "sw"} {
			os.RemoveAll(out)
		}
	}
}

func listAll(t *testing.T, dir string) map[string]bool {
	out := map[string]bool{}
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if rel, err := filepath.Rel(dir, p); err == nil {
			out[rel] = true
		}
		return nil
	})
	return out
}
