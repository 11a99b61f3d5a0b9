package output

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// Summary builds summary.json from the results of every replication, in
// replication order, and regions, a spool of every replication's
// FiguresRecord (results' own Regions are not read). With one replication
// each figure is that run's; with several it is the mean over
// replications, with _p05 and _p95 twins (empirical percentiles). Dates
// are averaged as day numbers.
func Summary(sc *scenario.Scenario, results []*model.Result, regions *Spool) ([]byte, error) {
	var o object
	o.add("scenario", sc.Name)
	o.add("seed", sc.Seed)
	o.add("replications", len(results))
	o.add("start", sc.Start.String())
	o.add("end", sc.End.String())
	nation := make([]model.Figures, len(results))
	var events float64
	for i, r := range results {
		nation[i] = r.Nation
		events += float64(r.Events)
	}
	figures(&o, sc, nation, true)
	o.add("events_per_replication", math.Round(events/float64(len(results))))
	// The regions' figures are read back a range of regions at a time.
	n, nr := len(results), len(sc.Regions)
	chunk := max(1, min(nr, int(regions.readBudget)/(8*figureValues*n)))
	part := make([]float64, n*chunk*figureValues)
	fs := make([]model.Figures, n)
	var buf []byte
	var ro object
	var all object
	for lo := 0; lo < nr; lo += chunk {
		hi := min(nr, lo+chunk)
		for i := range n {
			at := i * chunk * figureValues
			var err error
			if buf, err = regions.Get(i, lo*figureValues, part[at:at+(hi-lo)*figureValues], buf); err != nil {
				return nil, err
			}
		}
		for ri := lo; ri < hi; ri++ {
			for i := range n {
				fs[i] = figuresAt(part[(i*chunk+ri-lo)*figureValues:])
			}
			ro = object{}
			figures(&ro, sc, fs, false)
			all.add(sc.Regions[ri].Name, ro)
		}
	}
	o.add("regions", all)
	if hasAllocation(sc) && len(results) > 0 {
		o.add("allocations", allocations(sc, results[0])) // h17: allocations.go
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	err := enc.Encode(o)
	return out.Bytes(), err
}

// FigureValues is how many values one region's Figures take in a
// FiguresRecord.
const FigureValues = 11 + int(model.NumCauses)

const figureValues = FigureValues

// FiguresRecord flattens every region's figures of one replication into a
// record for a Spool. Counts and day numbers are far below 2^53, so they
// come back exactly.
func FiguresRecord(fs []model.Figures) []float64 {
	rec := make([]float64, 0, len(fs)*figureValues)
	for _, f := range fs {
		rec = append(rec, float64(f.PrintedTotal), float64(f.BacklogEnd), float64(f.PeakBacklog), float64(f.PeakDay),
			float64(f.StockoutDays), float64(f.StockoutRegionDays), f.MeanWait, f.P95Wait, float64(f.ClearDay),
			float64(f.RenewalsTotal), f.LostHours)
		rec = append(rec, f.LostByCause[:]...)
	}
	return rec
}

// FiguresOf reads a FiguresRecord back.
func FiguresOf(rec []float64) []model.Figures {
	fs := make([]model.Figures, len(rec)/figureValues)
	for i := range fs {
		fs[i] = figuresAt(rec[i*figureValues:])
	}
	return fs
}

func figuresAt(v []float64) model.Figures {
	f := model.Figures{
		PrintedTotal: int64(v[0]), BacklogEnd: int64(v[1]), PeakBacklog: int64(v[2]), PeakDay: int(v[3]),
		StockoutDays: int(v[4]), StockoutRegionDays: int(v[5]), MeanWait: v[6], P95Wait: v[7], ClearDay: int(v[8]),
		RenewalsTotal: int64(v[9]), LostHours: v[10],
	}
	copy(f.LostByCause[:], v[11:figureValues])
	return f
}

func figures(o *object, sc *scenario.Scenario, fs []model.Figures, nation bool) {
	num := func(key string, f func(model.Figures) float64) {
		xs := make([]float64, len(fs))
		for i := range fs {
			xs[i] = f(fs[i])
		}
		addStat(o, key, xs, func(v float64) any { return round(v) })
	}
	date := func(key string, f func(model.Figures) int) {
		xs := make([]float64, len(fs))
		for i := range fs {
			xs[i] = float64(f(fs[i]))
			if xs[i] < 0 {
				xs[i] = math.Inf(1) // never
			}
		}
		addStat(o, key, xs, func(v float64) any {
			if math.IsInf(v, 1) || math.IsNaN(v) {
				return nil
			}
			return sc.Start.AddDays(int64(math.Round(v))).String()
		})
	}
	num("printed_total", func(f model.Figures) float64 { return float64(f.PrintedTotal) })
	num("backlog_end", func(f model.Figures) float64 { return float64(f.BacklogEnd) })
	num("peak_backlog", func(f model.Figures) float64 { return float64(f.PeakBacklog) })
	date("peak_backlog_date", func(f model.Figures) int { return f.PeakDay })
	num("blanks_stockout_days", func(f model.Figures) float64 { return float64(f.StockoutDays) })
	if nation {
		num("blanks_stockout_region_days", func(f model.Figures) float64 { return float64(f.StockoutRegionDays) })
	}
	num("mean_wait_days", func(f model.Figures) float64 { return f.MeanWait })
	num("p95_wait_days", func(f model.Figures) float64 { return f.P95Wait })
	date("clear_date", func(f model.Figures) int { return f.ClearDay })
	if len(fs) > 1 {
		cleared := 0
		for _, f := range fs {
			if f.ClearDay >= 0 {
				cleared++
			}
		}
		o.add("clear_share", round(float64(cleared)/float64(len(fs))))
	}
	num("renewals_total", func(f model.Figures) float64 { return float64(f.RenewalsTotal) })
	num("lost_hours", func(f model.Figures) float64 { return f.LostHours })
	var causes object
	for c := model.Cause(0); c < model.NumCauses; c++ {
		xs := make([]float64, len(fs))
		for i := range fs {
			xs[i] = fs[i].LostByCause[c]
		}
		causes.add(c.String(), round(mean(xs)))
	}
	o.add("lost_hours_by_cause", causes)
}

// addStat adds key as the mean of xs and, for several values, the 5th and
// 95th percentiles and the 95% confidence interval of the mean. A mean
// over values with an infinity or NaN is null.
func addStat(o *object, key string, xs []float64, format func(float64) any) {
	if len(xs) == 1 {
		o.add(key, format(xs[0]))
		return
	}
	o.add(key, format(mean(xs)))
	sorted := slices.Clone(xs)
	slices.SortFunc(sorted, func(a, b float64) int {
		switch {
		case math.IsNaN(a) || a > b:
			return 1
		case math.IsNaN(b) || a < b:
			return -1
		}
		return 0
	})
	o.add(key+"_p05", format(stat.Quantile(0.05, stat.Empirical, sorted, nil)))
	o.add(key+"_p95", format(stat.Quantile(0.95, stat.Empirical, sorted, nil)))
	lo, hi := CI95(xs)
	if math.IsNaN(lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		o.add(key+"_ci95", nil)
	} else {
		o.add(key+"_ci95", []any{format(lo), format(hi)})
	}
}

// CI95 is the 95% confidence interval of the mean of xs (Student's t with
// n-1 degrees of freedom): how far the mean over these replications may
// be from the mean over infinitely many. NaN for fewer than 2 values.
func CI95(xs []float64) (lo, hi float64) {
	n := float64(len(xs))
	if len(xs) < 2 {
		return math.NaN(), math.NaN()
	}
	m, sd := stat.MeanStdDev(xs, nil)
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile(0.975)
	h := t * sd / math.Sqrt(n)
	return m - h, m + h
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// round keeps 3 decimals; NaN and infinities become null.
func round(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return int64(v)
	}
	return json.Number(strconv.FormatFloat(math.Round(v*1000)/1000, 'f', -1, 64))
}

// object is a JSON object that keeps its keys in insertion order.
type object struct {
	keys []string
	vals []any
}

func (o *object) add(k string, v any) { o.keys = append(o.keys, k); o.vals = append(o.vals, v) }

func (o object) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		buf.Write(kb)
		buf.WriteByte(':')
		vb, err := json.Marshal(o.vals[i])
		if err != nil {
			return nil, err
		}
		buf.Write(vb)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}
