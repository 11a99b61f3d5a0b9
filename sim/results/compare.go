package results

import (
	"encoding/csv"
	"io"
	"math"
)

// Cell is a headline figure of a run as tables and sentences write it:
// the figure's Text of the run's summary (a mean over replications when
// there are several); "never" for a date that does not come.
func Cell(r *Run, f Figure) string {
	if f.Format == Date {
		if t := r.Summary.Text("", f.Key); t != "" {
			return t
		}
		return "never"
	}
	v, ok := r.Summary.Number("", f.Key)
	if !ok {
		return ""
	}
	return f.Text(v)
}

// WriteCompareCSV writes the headline figures of runs side by side: a row
// per figure, a column per run with its value (plain numbers; dates as
// dates), then a column per further run with its difference from the
// first (days between dates). The nation's figures come first, then
// those of the first run's focus regions (sharedFocus) as REGION:KEY.
func WriteCompareCSV(w io.Writer, runs []*Run) error {
	cw := csv.NewWriter(w)
	head := []string{"figure"}
	for _, r := range runs {
		head = append(head, r.Name)
	}
	for _, r := range runs[1:] {
		head = append(head, r.Name+" minus "+runs[0].Name)
	}
	cw.Write(SafeCells(head))
	row := func(region string, h Figure) {
		name := h.Key
		if region != "" {
			name = RegionFigure(region, h.Key)
		}
		row := []string{name}
		vals := make([]float64, len(runs))
		for i, r := range runs {
			vals[i] = math.NaN()
			if h.Format == Date {
				t := r.Summary.Text(region, h.Key)
				row = append(row, t)
				if d, err := parseDate(t); err == nil {
					vals[i] = dayValue(d)
				}
				continue
			}
			if v, ok := r.Summary.Number(region, h.Key); ok {
				vals[i] = v
			}
			row = append(row, Plain(vals[i]))
		}
		for i := range runs[1:] {
			row = append(row, Plain(vals[i+1]-vals[0]))
		}
		cw.Write(SafeCells(row))
	}
	for _, h := range Headlines() {
		row("", h)
	}
	for _, region := range sharedFocus(runs) {
		for _, h := range RegionFigures() {
			row(region, h)
		}
	}
	cw.Flush()
	return cw.Error()
}

// sharedFocus are the first run's focus regions that every run has: the
// regions compare.csv and paired.csv add rows for, after the nation's
// (figure REGION:KEY, as sweep --figure names a region's figure).
func sharedFocus(runs []*Run) []string {
	var out []string
	for _, name := range runs[0].Summary.Focus {
		all := true
		for _, r := range runs {
			_, ok := r.Summary.Regions[name]
			all = all && ok
		}
		if all {
			out = append(out, name)
		}
	}
	return out
}

// Sum adds the values of a daily column, skipping empty (NaN) days.
func Sum(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		if !math.IsNaN(x) {
			s += x
		}
	}
	return s
}
