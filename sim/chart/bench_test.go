package chart_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/ektpsim/ektpsim/sim/chart"
	"github.com/ektpsim/ektpsim/sim/runner"
)

// BenchmarkDrawNational draws every chart of the national scenario (514
// regions, 3 years): desktop PNG and SVG and phone PNG.
func BenchmarkDrawNational(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "r")
	if _, err := runner.Run(context.Background(), runner.Config{Out: dir, NoPlots: true}); err != nil {
		b.Fatal(err)
	}
	r, err := chart.ReadRun(dir, chart.Keep)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := chart.Draw(r, filepath.Join(dir, "plots")); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLayoutNational lays out (without encoding) the national
// scenario's charts for both media: the cost of the fits and checks.
func BenchmarkLayoutNational(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "r")
	if _, err := runner.Run(context.Background(), runner.Config{Out: dir, NoPlots: true}); err != nil {
		b.Fatal(err)
	}
	r, err := chart.ReadRun(dir, chart.Keep)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, m := range chart.Media {
			if _, err := chart.LayRun(r, m); err != nil {
				b.Fatal(err)
			}
		}
	}
}
