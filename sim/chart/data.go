// Package chart draws the charts of a run, from what the run computed
// (results.Run, built in memory by `run` or read back from a result
// folder by `plot`), and overlays several runs for `ektpsim compare`.
// Reading folders, the figures and number formatting are in sim/results.
package chart

import "github.com/ektpsim/ektpsim/sim/results"

// Run is what the charts need of one run (results.Run).
type Run = results.Run

// Band is one metric's mean and percentiles across replications.
type Band = results.Band

// Summary is the part of summary.json the charts read.
type Summary = results.Summary

// ReadRun reads a result folder (results.ReadRun).
func ReadRun(dir string, keep func(s *Summary) []string) (*Run, error) {
	return results.ReadRun(dir, keep)
}

// RegionMetrics are the daily metrics the charts read of a region (the
// small multiples of stock); a run kept in memory holds only these for
// its regions.
func RegionMetrics() []string { return []string{"blanks", "print_ready", "ribbon_cards"} }
