package results

import (
	"fmt"
	"math"

	"github.com/ektpsim/ektpsim/sim/model"
)

// Format is how a headline figure is written for people.
type Format int8

const (
	// Whole is a count, rounded to a whole number: 1,532,206.
	Whole Format = iota
	// Days is a number of days, with one decimal below 1,000: 41.3.
	Days
	// Date is a day of the run, written as a date; "never" if none.
	Date
)

// Figure is one headline figure of a run, of the nation or a region.
type Figure struct {
	Key   string // in summary.json, replications.csv, compare.csv, paired.csv
	Label string // in words, for tables
	Unit  string // "cards", "records", "days", "printer-hours"; "" for dates
	Format
	// Value reads the figure from one replication's figures; a date is
	// the day's index in the run, negative for never.
	Value func(f *model.Figures) float64
	// Set writes it back (to carry figures through a spool).
	Set func(f *model.Figures, v float64)
	// NationOnly figures are not in the regions' summaries.
	NationOnly bool
	// Detail figures are in summary.json only, not in the headline
	// tables, replications.csv and comparisons.
	Detail bool
	// Share, for a date, is the key of the share of replications that
	// have one (written with several replications).
	Share string
}

// Keys of the figures other code refers to by name.
const (
	PrintedTotal = "printed_total"
	BacklogEnd   = "backlog_end"
	PeakBacklog  = "peak_backlog"
	PeakDate     = "peak_backlog_date"
	StockoutDays = "blanks_stockout_days"
	MeanWait     = "mean_wait_days"
	P95Wait      = "p95_wait_days"
	ClearDate    = "clear_date"
	Renewals     = "renewals_total"
	LostHours    = "lost_hours"
	LostByCause  = "lost_hours_by_cause"
)

// Figures are the headline figures in the order of summary.json.
func Figures() []Figure {
	return []Figure{
		{Key: PrintedTotal, Label: "cards printed", Unit: "cards", Format: Whole,
			Value: func(f *model.Figures) float64 { return float64(f.PrintedTotal) },
			Set:   func(f *model.Figures, v float64) { f.PrintedTotal = int64(v) }},
		{Key: BacklogEnd, Label: "backlog at the end", Unit: "records", Format: Whole,
			Value: func(f *model.Figures) float64 { return float64(f.BacklogEnd) },
			Set:   func(f *model.Figures, v float64) { f.BacklogEnd = int64(v) }},
		{Key: PeakBacklog, Label: "peak backlog", Unit: "records", Format: Whole,
			Value: func(f *model.Figures) float64 { return float64(f.PeakBacklog) },
			Set:   func(f *model.Figures, v float64) { f.PeakBacklog = int64(v) }},
		{Key: PeakDate, Label: "peak backlog on", Format: Date,
			Value: func(f *model.Figures) float64 { return float64(f.PeakDay) },
			Set:   func(f *model.Figures, v float64) { f.PeakDay = int(v) }},
		{Key: StockoutDays, Label: "days with a region out of blanks", Unit: "days", Format: Whole,
			Value: func(f *model.Figures) float64 { return float64(f.StockoutDays) },
			Set:   func(f *model.Figures, v float64) { f.StockoutDays = int(v) }},
		{Key: "blanks_stockout_region_days", Label: "region-days out of blanks", Unit: "days", Format: Whole, NationOnly: true, Detail: true,
			Value: func(f *model.Figures) float64 { return float64(f.StockoutRegionDays) },
			Set:   func(f *model.Figures, v float64) { f.StockoutRegionDays = int(v) }},
		{Key: MeanWait, Label: "mean wait (days)", Unit: "days", Format: Days,
			Value: func(f *model.Figures) float64 { return f.MeanWait },
			Set:   func(f *model.Figures, v float64) { f.MeanWait = v }},
		{Key: P95Wait, Label: "95th percentile wait (days)", Unit: "days", Format: Days,
			Value: func(f *model.Figures) float64 { return f.P95Wait },
			Set:   func(f *model.Figures, v float64) { f.P95Wait = v }},
		{Key: ClearDate, Label: "backlog cleared on", Format: Date, Share: "clear_share",
			Value: func(f *model.Figures) float64 { return float64(f.ClearDay) },
			Set:   func(f *model.Figures, v float64) { f.ClearDay = int(v) }},
		{Key: Renewals, Label: "certificate renewals", Unit: "renewals", Format: Whole,
			Value: func(f *model.Figures) float64 { return float64(f.RenewalsTotal) },
			Set:   func(f *model.Figures, v float64) { f.RenewalsTotal = int64(v) }},
		{Key: LostHours, Label: "printer-hours lost (working printers)", Unit: "printer-hours", Format: Whole,
			Value: func(f *model.Figures) float64 { return f.LostHours },
			Set:   func(f *model.Figures, v float64) { f.LostHours = v }},
	}
}

// Headlines are the figures tables and comparisons show: Figures without
// the details.
func Headlines() []Figure {
	var out []Figure
	for _, f := range Figures() {
		if !f.Detail {
			out = append(out, f)
		}
	}
	return out
}

// FigureByKey finds a figure of Figures.
func FigureByKey(key string) (Figure, bool) {
	for _, f := range Figures() {
		if f.Key == key {
			return f, true
		}
	}
	return Figure{}, false
}

// Text writes a figure's value (a mean, for several replications) as
// tables and sentences show it; a date figure's value is its text.
func (f Figure) Text(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	switch f.Format {
	case Days:
		if v != math.Trunc(v) && math.Abs(v) < 1000 {
			return fmt.Sprintf("%.1f", v)
		}
	}
	return Thousands(int64(math.Round(v)))
}

// Rounded is v rounded as Text writes it, so that a difference of two
// figures is the difference of what a table shows.
func (f Figure) Rounded(v float64) float64 {
	if f.Format == Days && v != math.Trunc(v) && math.Abs(v) < 1000 {
		return math.Round(v*10) / 10
	}
	return math.Round(v)
}

// Record flattens figures (one per region, say) for a spool: every
// figure of Figures, then the lost hours of every cause. Counts and day
// numbers are far below 2^53, so they come back exactly (FromRecord).
func Record(fs []model.Figures) []float64 {
	figs, causes := Figures(), Causes()
	rec := make([]float64, 0, len(fs)*RecordLen())
	for i := range fs {
		for _, g := range figs {
			rec = append(rec, g.Value(&fs[i]))
		}
		for _, c := range causes {
			rec = append(rec, fs[i].LostByCause[c.Cause])
		}
	}
	return rec
}

// RecordLen is how many values one Figures takes in a Record.
func RecordLen() int { return len(Figures()) + len(Causes()) }

// FromRecord reads a Record back.
func FromRecord(rec []float64) []model.Figures {
	figs, causes := Figures(), Causes()
	n := RecordLen()
	fs := make([]model.Figures, len(rec)/n)
	for i := range fs {
		v := rec[i*n:]
		for k, g := range figs {
			g.Set(&fs[i], v[k])
		}
		for k, c := range causes {
			fs[i].LostByCause[c.Cause] = v[len(figs)+k]
		}
	}
	return fs
}
