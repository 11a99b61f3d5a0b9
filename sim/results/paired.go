package results

import (
	"encoding/csv"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"gonum.org/v1/gonum/stat"
)

// Paired is the difference of a figure between two runs, replication by
// replication: with the same seed, replication i of both runs draws the
// same random numbers wherever the scenarios share a process, so the
// difference carries little noise and its interval is narrow.
type Paired struct {
	Figure       string
	Mean, Lo, Hi float64 // the mean difference (other - base) and its 95% interval
	N            int     // replications paired
}

// PairedDifferences pairs the replications of other with base. It returns
// nil unless both runs have the same seed and number of replications (at
// least 2).
func PairedDifferences(base, other *Run) []Paired {
	if base.Summary.Seed != other.Summary.Seed || base.Summary.Replications != other.Summary.Replications ||
		base.Summary.Replications < 2 || base.Replications == nil || other.Replications == nil {
		return nil
	}
	var out []Paired
	for _, h := range Headlines() {
		a, b := base.Replications[h.Key], other.Replications[h.Key]
		if len(a) != len(b) || len(a) < 2 || h.Format == Date {
			continue
		}
		d := make([]float64, 0, len(a))
		for i := range a {
			if !math.IsNaN(a[i]) && !math.IsNaN(b[i]) {
				d = append(d, b[i]-a[i])
			}
		}
		if len(d) < 2 {
			continue
		}
		lo, hi := CI95(d)
		out = append(out, Paired{Figure: h.Key, Mean: stat.Mean(d, nil), Lo: lo, Hi: hi, N: len(d)})
	}
	return out
}

// WritePaired writes paired.csv: for every run after the first, the paired
// differences from the first.
func WritePaired(dir string, runs []*Run) error {
	f, err := os.Create(filepath.Join(dir, "paired.csv"))
	if err != nil {
		return err
	}
	err = WritePairedCSV(f, runs)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// WritePairedCSV writes the paired differences of every run from the first.
func WritePairedCSV(w io.Writer, runs []*Run) error {
	cw := csv.NewWriter(w)
	cw.Write(SafeCells([]string{"figure", "base", "run", "mean_difference", "ci95_low", "ci95_high", "replications"}))
	for _, r := range runs[1:] {
		for _, p := range PairedDifferences(runs[0], r) {
			f := func(x float64) string { return strconv.FormatFloat(math.Round(x*1000)/1000, 'f', -1, 64) }
			cw.Write(SafeCells([]string{p.Figure, runs[0].Name, r.Name, f(p.Mean), f(p.Lo), f(p.Hi), strconv.Itoa(p.N)}))
		}
	}
	cw.Flush()
	return cw.Error()
}
