package runner

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/ektpsim/ektpsim/sim/model"
)

func BenchmarkNational(b *testing.B) {
	sc, err := Load(Config{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var events uint64
	for b.Loop() {
		res, err := model.New(sc, model.Options{}).Run()
		if err != nil {
			b.Fatal(err)
		}
		events = res.Events
	}
	b.ReportMetric(float64(events), "events/op")
}

func BenchmarkNationalRun(b *testing.B) {
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run(context.Background(), Config{Out: filepath.Join(dir, "r")}); err != nil {
			b.Fatal(err)
		}
	}
}
