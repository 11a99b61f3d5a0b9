package results

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

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
// nil unless they can be paired (PairingProblem: the same period, seed
// and number of replications, at least 2).
func PairedDifferences(base, other *Run) []Paired {
	if PairingProblem([]*Run{base, other}) != "" {
		return nil
	}
	var out []Paired
	for _, h := range Headlines() {
		if p, ok := paired(h.Key, base.Replications[h.Key], other.Replications[h.Key]); ok {
			out = append(out, p)
		}
	}
	return out
}

// RegionPairedDifferences pairs region's replications of other with
// base (regions-replications.csv), figure by figure as PairedDifferences
// does the nation's: nil unless the runs pair and both have the region's
// replications.
func RegionPairedDifferences(base, other *Run, region string) []Paired {
	if PairingProblem([]*Run{base, other}) != "" {
		return nil
	}
	a, b := base.RegionReplications[region], other.RegionReplications[region]
	if a == nil || b == nil {
		return nil
	}
	var out []Paired
	for _, f := range RegionFigures() {
		if p, ok := paired(f.Key, a[f.Key], b[f.Key]); ok {
			out = append(out, p)
		}
	}
	return out
}

// paired is the paired difference b[i]-a[i] of figure key, leaving out
// pairs with a NaN (a date that never comes); false for fewer than 2.
func paired(key string, a, b []float64) (Paired, bool) {
	if len(a) != len(b) || len(a) < 2 {
		return Paired{}, false
	}
	d := make([]float64, 0, len(a))
	for i := range a {
		if !math.IsNaN(a[i]) && !math.IsNaN(b[i]) {
			d = append(d, b[i]-a[i])
		}
	}
	if len(d) < 2 {
		return Paired{}, false
	}
	lo, hi := CI95(d)
	return Paired{Figure: key, Mean: stat.Mean(d, nil), Lo: lo, Hi: hi, N: len(d)}, true
}

// PairingProblem says why runs cannot be paired replication by
// replication with the first, or "" if every one can: they need the same
// period, the same seed and the same number of replications, at least 2.
func PairingProblem(runs []*Run) string {
	base := runs[0]
	var why []string
	for _, r := range runs[1:] {
		switch {
		case r.Summary.Replications != base.Summary.Replications:
			why = append(why, fmt.Sprintf("%s has %s and %s %d", r.Name, replications(r.Summary.Replications), base.Name, base.Summary.Replications))
		case r.Summary.Seed != base.Summary.Seed:
			why = append(why, fmt.Sprintf("%s has seed %d and %s seed %d", r.Name, r.Summary.Seed, base.Name, base.Summary.Seed))
		case r.Summary.Start != base.Summary.Start || r.Summary.End != base.Summary.End:
			// Figures of different periods (a total, a date) differ for
			// that reason alone: pairing their replications says nothing.
			why = append(why, fmt.Sprintf("%s runs from %s to %s and %s from %s to %s", r.Name, r.Summary.Start, r.Summary.End, base.Name, base.Summary.Start, base.Summary.End))
		case base.Summary.Replications < 2:
			why = append(why, fmt.Sprintf("%s and %s have one replication each", r.Name, base.Name))
		case r.Replications == nil || base.Replications == nil:
			why = append(why, fmt.Sprintf("%s or %s has no replications.csv", r.Name, base.Name))
		}
	}
	if len(why) == 0 {
		return ""
	}
	return "The runs cannot be compared replication by replication, so there are no paired 95% intervals (and compare writes no paired.csv): " +
		strings.Join(why, "; ") + ". Compare runs of the same period, with the same --seed and the same --replications (at least 2)."
}

func replications(n int) string {
	if n == 1 {
		return "1 replication"
	}
	return fmt.Sprintf("%d replications", n)
}

// WritePaired writes paired.csv: for every run after the first, the paired
// differences from the first. It writes nothing when the runs cannot be
// paired (PairingProblem says why).
func WritePaired(dir string, runs []*Run) error {
	if PairingProblem(runs) != "" {
		return nil
	}
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

// WritePairedCSV writes the paired differences of every run from the
// first: the nation's figures, then the focus regions' (sharedFocus) as
// REGION:KEY.
func WritePairedCSV(w io.Writer, runs []*Run) error {
	cw := csv.NewWriter(w)
	cw.Write(SafeCells([]string{"figure", "base", "run", "mean_difference", "ci95_low", "ci95_high", "replications"}))
	for _, r := range runs[1:] {
		f := func(x float64) string { return strconv.FormatFloat(math.Round(x*1000)/1000, 'f', -1, 64) }
		for _, p := range PairedDifferences(runs[0], r) {
			cw.Write(SafeCells([]string{p.Figure, runs[0].Name, r.Name, f(p.Mean), f(p.Lo), f(p.Hi), strconv.Itoa(p.N)}))
		}
		for _, region := range sharedFocus(runs) {
			for _, p := range RegionPairedDifferences(runs[0], r, region) {
				cw.Write(SafeCells([]string{RegionFigure(region, p.Figure), runs[0].Name, r.Name, f(p.Mean), f(p.Lo), f(p.Hi), strconv.Itoa(p.N)}))
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
