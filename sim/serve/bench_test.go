package serve

import (
	"context"
	"testing"

	"github.com/ektpsim/ektpsim/scenarios"
	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/output"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// BenchmarkNationalWhatIf is the server's work for one national
// replication: the model with the page's observer, and the summary.
func BenchmarkNationalWhatIf(b *testing.B) {
	sc, err := source{file: scenarios.Default, fsys: scenarios.FS}.load(nil, "", 0)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		j := &job{sc: sc, finished: make(chan struct{}), state: Queued}
		j.run(context.Background(), make(slots, 1), 1, func(*job) {})
		if j.state != Done {
			b.Fatal(j.state, j.err)
		}
		j.status(-1)
	}
}

// BenchmarkNationalModel is the model alone, for comparison.
func BenchmarkNationalModel(b *testing.B) {
	sc, err := source{file: scenarios.Default, fsys: scenarios.FS}.load(nil, "", 0)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := model.New(sc, model.Options{}).Run(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNationalLoad is loading the national scenario with one lever
// moved: the wait before a run starts.
func BenchmarkNationalLoad(b *testing.B) {
	src := source{file: scenarios.Default, fsys: scenarios.FS}
	for b.Loop() {
		if _, err := src.load([]string{"central.intake_per_day=60000"}, "", 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNationalIdentity is writing the resolved national scenario
// and hashing it: how a request finds its cached run.
func BenchmarkNationalIdentity(b *testing.B) {
	sc, err := source{file: scenarios.Default, fsys: scenarios.FS}.load(nil, "", 0)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		y, err := scenario.Marshal(sc)
		if err != nil {
			b.Fatal(err)
		}
		output.ScenarioIdentity(y)
	}
}
