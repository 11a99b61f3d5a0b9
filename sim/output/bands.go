package output

import (
	"bufio"
	"io"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/stat"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/results"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// BandMetrics are the metrics of bands.csv: every column of daily.csv
// after date and region (results.Daily).
func BandMetrics() []string { return results.DailyKeys() }

// BandMetricsFor are the metrics of bands.csv for scenario sc: with
// central.blanks.allocation, results.DailyFor adds allocated and
// in_transit.
func BandMetricsFor(sc *scenario.Scenario) []string { return keys(results.DailyFor(sc)) }

func keys(ms []results.Metric) []string {
	ks := make([]string, len(ms))
	for i, m := range ms {
		ks[i] = m.Key
	}
	return ks
}

// bandValues writes r's values in BandMetrics order into dst; unlimited
// stocks are NaN.
func bandValues(ms []results.Metric, r *model.DayRow, dst []float64) {
	for i, m := range ms {
		dst[i] = m.Value(r)
	}
}

// NationSeries keeps one replication's national rows for bands.csv, as
// days x metrics values, until they go to a Spool. It implements
// model.Observer, and passes every day on to Next if set (the replication
// that also writes daily.csv).
type NationSeries struct {
	Values  []float64
	Next    model.Observer
	day     int
	metrics []results.Metric
}

// NewNationSeries makes room for days days.
func NewNationSeries(days int) *NationSeries { return NewNationSeriesFor(days, nil) }

// NewNationSeriesFor makes room for days days of BandMetricsFor(sc).
func NewNationSeriesFor(days int, sc *scenario.Scenario) *NationSeries {
	ms := results.DailyFor(sc)
	return &NationSeries{Values: make([]float64, days*len(ms)), metrics: ms}
}

// Day keeps the nation's row.
func (s *NationSeries) Day(date scenario.Date, nation *model.DayRow, regions []model.DayRow) error {
	m := len(s.metrics)
	bandValues(s.metrics, nation, s.Values[s.day*m:(s.day+1)*m])
	s.day++
	if s.Next != nil {
		return s.Next.Day(date, nation, regions)
	}
	return nil
}

// WriteBands writes bands.csv: for every day and metric of the nation, the
// mean over replications and the empirical 5th, 50th and 95th percentiles.
// reps holds each replication's NationSeries values; it is read back a
// range of days at a time. It returns the bands as ReadRun reads them
// back.
func WriteBands(w io.Writer, start scenario.Date, reps *Spool) (map[string]results.Band, error) {
	return writeBands(w, start, reps, BandMetrics())
}

// WriteBandsFor is WriteBands of scenario sc's BandMetricsFor.
func WriteBandsFor(w io.Writer, sc *scenario.Scenario, reps *Spool) (map[string]results.Band, error) {
	return writeBands(w, sc.Start, reps, BandMetricsFor(sc))
}

func writeBands(w io.Writer, start scenario.Date, reps *Spool, metrics []string) (map[string]results.Band, error) {
	bands := map[string]results.Band{}
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
				return nil, err
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
				var q [4]float64
				b = bandRow(b[:0], date, "ALL", name, vals, &q)
				bd := bands[name]
				bd.Mean, bd.P05, bd.P50, bd.P95 = append(bd.Mean, q[0]), append(bd.P05, q[1]), append(bd.P50, q[2]), append(bd.P95, q[3])
				bands[name] = bd
				if _, err := bw.Write(b); err != nil {
					return nil, err
				}
			}
		}
	}
	return bands, bw.Flush()
}

// bandRow appends one row of bands.csv for the values of a day's metric
// (sorted in place), and puts the four values written into q if not nil.
func bandRow(b []byte, date, region, metric string, vals []float64, q *[4]float64) []byte {
	slices.Sort(vals)
	b = append(b, date...)
	b = append(b, ',')
	b = appendCSVField(b, region)
	b = append(b, ',')
	b = append(b, metric...)
	for k, v := range []float64{mean(vals), stat.Quantile(0.05, stat.Empirical, vals, nil),
		stat.Quantile(0.5, stat.Empirical, vals, nil), stat.Quantile(0.95, stat.Empirical, vals, nil)} {
		b = append(b, ',')
		v = math.Round(v*1000) / 1000
		b = strconv.AppendFloat(b, v, 'f', -1, 64)
		if q != nil {
			q[k] = v
		}
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
	metrics []results.Metric
}

// NewRegionSeries makes room for regions lo to hi-1 over days days.
func NewRegionSeries(lo, hi, days int) *RegionSeries { return NewRegionSeriesFor(lo, hi, days, nil) }

// NewRegionSeriesFor makes room for regions lo to hi-1 over days days of
// BandMetricsFor(sc).
func NewRegionSeriesFor(lo, hi, days int, sc *scenario.Scenario) *RegionSeries {
	ms := results.DailyFor(sc)
	return &RegionSeries{Lo: lo, Hi: hi, days: days, Values: make([]float64, (hi-lo)*days*len(ms)), metrics: ms}
}

// Day keeps the rows of the regions.
func (s *RegionSeries) Day(date scenario.Date, nation *model.DayRow, regions []model.DayRow) error {
	m := len(s.metrics)
	for r := s.Lo; r < s.Hi; r++ {
		at := ((r-s.Lo)*s.days + s.day) * m
		bandValues(s.metrics, &regions[r], s.Values[at:at+m])
	}
	s.day++
	return nil
}

// WriteRegionBands appends to bands.csv (no header) the rows of regions
// Lo to Hi-1 of reps, region by region, day by day.
func WriteRegionBands(w io.Writer, start scenario.Date, names []string, reps []*RegionSeries) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	metrics := keys(reps[0].metrics)
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
				b = bandRow(b[:0], date, names[r], name, vals, nil)
				if _, err := bw.Write(b); err != nil {
					return err
				}
			}
		}
	}
	return bw.Flush()
}
