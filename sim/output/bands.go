package output

import (
	"bufio"
	"io"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/stat"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// BandMetrics are the metrics of bands.csv: every column of daily.csv
// after date and region, then backlog (unsent + awaiting_intake +
// duplicates_pending + in_verification + print_ready).
func BandMetrics() []string {
	return append(slices.Clone(DailyColumns[2:]), "backlog")
}

// BandMetricsFor is BandMetrics for scenario sc: with
// central.blanks.allocation, AllocationColumns follow (h17).
func BandMetricsFor(sc *scenario.Scenario) []string {
	ms := BandMetrics()
	if sc != nil && hasAllocation(sc) {
		ms = append(ms, AllocationColumns...)
	}
	return ms
}

// bandValues writes r's values in BandMetrics order into dst; unlimited
// stocks are NaN.
func bandValues(r *model.DayRow, dst []float64) {
	stockVal := func(v int64) float64 {
		if v == model.Unlimited {
			return math.NaN()
		}
		return float64(v)
	}
	vals := []float64{
		float64(r.Recorded), float64(r.Unsent), float64(r.AwaitingIntake), float64(r.DuplicatesPending),
		float64(r.PrintReady), float64(r.Printed), float64(r.PrintedCum), stockVal(r.Blanks), stockVal(r.RibbonCards),
		float64(r.RenewalsCum), r.PrintHours, r.LostHours(), float64(r.InVerification), float64(r.Renewals),
	}
	for c := model.Cause(0); c < model.NumCauses; c++ {
		vals = append(vals, r.Lost[c])
	}
	vals = append(vals, float64(r.Intake), stockVal(r.CentralStored), stockVal(r.NationalBlanks), float64(r.Backlog()))
	if len(dst) > len(vals) { // BandMetricsFor a scenario with allocation
		vals = append(vals, float64(r.Allocated), float64(r.InTransit))
	}
	copy(dst, vals)
}

// NationSeries keeps one replication's national rows for bands.csv, as
// days x metrics values, until they go to a Spool. It implements
// model.Observer, and passes every day on to Next if set (the replication
// that also writes daily.csv).
type NationSeries struct {
	Values []float64
	Next   model.Observer
	day    int
	m      int // metrics a day
}

// NewNationSeries makes room for days days.
func NewNationSeries(days int) *NationSeries { return NewNationSeriesFor(days, nil) }

// NewNationSeriesFor makes room for days days of BandMetricsFor(sc).
func NewNationSeriesFor(days int, sc *scenario.Scenario) *NationSeries {
	m := len(BandMetricsFor(sc))
	return &NationSeries{Values: make([]float64, days*m), m: m}
}

// Day keeps the nation's row.
func (s *NationSeries) Day(date scenario.Date, nation *model.DayRow, regions []model.DayRow) error {
	m := s.m
	bandValues(nation, s.Values[s.day*m:(s.day+1)*m])
	s.day++
	if s.Next != nil {
		return s.Next.Day(date, nation, regions)
	}
	return nil
}

// WriteBands writes bands.csv: for every day and metric of the nation, the
// mean over replications and the empirical 5th, 50th and 95th percentiles.
// reps holds each replication's NationSeries values; it is read back a
// range of days at a time.
func WriteBands(w io.Writer, start scenario.Date, reps *Spool) error {
	return writeBands(w, start, reps, BandMetrics())
}

// WriteBandsFor is WriteBands of scenario sc's BandMetricsFor.
func WriteBandsFor(w io.Writer, sc *scenario.Scenario, reps *Spool) error {
	return writeBands(w, sc.Start, reps, BandMetricsFor(sc))
}

func writeBands(w io.Writer, start scenario.Date, reps *Spool, metrics []string) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString("date,region,metric,mean,p05,p50,p95\n")
	m := len(metrics)
	n := reps.Len()
	days := reps.size / m
	chunk := max(1, min(days, int(reps.readBudget)/(8*m*n)))
	vals := make([]float64, n)
	part := make([]float64, n*chunk*m) // replication i's days d0.. at i*chunk*m
	var buf []byte
	var b []byte
	for d0 := 0; d0 < days; d0 += chunk {
		d1 := min(days, d0+chunk)
		width := (d1 - d0) * m
		for i := range n {
			var err error
			if buf, err = reps.Get(i, d0*m, part[i*chunk*m:i*chunk*m+width], buf); err != nil {
				return err
			}
		}
		for d := d0; d < d1; d++ {
			date := start.AddDays(int64(d)).String()
			for k, name := range metrics {
				vals = vals[:0]
				for i := range n {
					if v := part[i*chunk*m+(d-d0)*m+k]; !math.IsNaN(v) {
						vals = append(vals, v)
					}
				}
				if len(vals) == 0 {
					continue
				}
				b = bandRow(b[:0], date, "ALL", name, vals)
				if _, err := bw.Write(b); err != nil {
					return err
				}
			}
		}
	}
	return bw.Flush()
}

// bandRow appends one row of bands.csv for the values of a day's metric
// (sorted in place).
func bandRow(b []byte, date, region, metric string, vals []float64) []byte {
	slices.Sort(vals)
	b = append(b, date...)
	b = append(b, ',')
	b = appendCSVField(b, region)
	b = append(b, ',')
	b = append(b, metric...)
	for _, v := range []float64{mean(vals), stat.Quantile(0.05, stat.Empirical, vals, nil),
		stat.Quantile(0.5, stat.Empirical, vals, nil), stat.Quantile(0.95, stat.Empirical, vals, nil)} {
		b = append(b, ',')
		b = strconv.AppendFloat(b, math.Round(v*1000)/1000, 'f', -1, 64)
	}
	return append(b, '\n')
}

// RegionSeries keeps one replication's rows of regions Lo to Hi-1 for
// bands.csv, as regions x days x metrics values. It implements
// model.Observer.
type RegionSeries struct {
	Lo, Hi  int
	Values  []float64
	day     int
	days    int
	metrics []string
}

// NewRegionSeries makes room for regions lo to hi-1 over days days.
func NewRegionSeries(lo, hi, days int) *RegionSeries { return NewRegionSeriesFor(lo, hi, days, nil) }

// NewRegionSeriesFor makes room for regions lo to hi-1 over days days of
// BandMetricsFor(sc).
func NewRegionSeriesFor(lo, hi, days int, sc *scenario.Scenario) *RegionSeries {
	ms := BandMetricsFor(sc)
	return &RegionSeries{Lo: lo, Hi: hi, days: days, metrics: ms, Values: make([]float64, (hi-lo)*days*len(ms))}
}

// Day keeps the rows of the regions.
func (s *RegionSeries) Day(date scenario.Date, nation *model.DayRow, regions []model.DayRow) error {
	m := len(s.metrics)
	for r := s.Lo; r < s.Hi; r++ {
		at := ((r-s.Lo)*s.days + s.day) * m
		bandValues(&regions[r], s.Values[at:at+m])
	}
	s.day++
	return nil
}

// WriteRegionBands appends to bands.csv (no header) the rows of regions
// Lo to Hi-1 of reps, region by region, day by day.
func WriteRegionBands(w io.Writer, start scenario.Date, names []string, reps []*RegionSeries) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	metrics := reps[0].metrics
	m := len(metrics)
	s0 := reps[0]
	vals := make([]float64, len(reps))
	var b []byte
	for r := s0.Lo; r < s0.Hi; r++ {
		for d := 0; d < s0.days; d++ {
			date := start.AddDays(int64(d)).String()
			for k, name := range metrics {
				vals = vals[:0]
				for _, rep := range reps {
					if v := rep.Values[((r-s0.Lo)*s0.days+d)*m+k]; !math.IsNaN(v) {
						vals = append(vals, v)
					}
				}
				if len(vals) == 0 {
					continue
				}
				b = bandRow(b[:0], date, names[r], name, vals)
				if _, err := bw.Write(b); err != nil {
					return err
				}
			}
		}
	}
	return bw.Flush()
}
