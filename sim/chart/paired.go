package chart

import (
	"io"

	"github.com/ektpsim/ektpsim/sim/results"
)

// Paired is the paired difference of a figure between two runs.
type Paired = results.Paired

// PairedDifferences pairs the replications of other with base.
func PairedDifferences(base, other *Run) []Paired { return results.PairedDifferences(base, other) }

// writePaired writes paired.csv into dir.
func writePaired(dir string, runs []*Run) error { return results.WritePaired(dir, runs) }

// WritePairedCSV writes the paired differences of every run from the first.
func WritePairedCSV(w io.Writer, runs []*Run) error { return results.WritePairedCSV(w, runs) }
