package output

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/stat"

	"github.com/ektpsim/ektpsim/sim/model"
	schema "github.com/ektpsim/ektpsim/sim/results"
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
	recordLen := schema.RecordLen()
	chunk := max(1, min(nr, int(regions.readBudget)/(8*recordLen*n)))
	part := make([]float64, n*chunk*recordLen)
	fs := make([]model.Figures, n)
	var buf []byte
	var ro object
	var all object
	for lo := 0; lo < nr; lo += chunk {
		hi := min(nr, lo+chunk)
		for i := range n {
			at := i * chunk * recordLen
			var err error
			if buf, err = regions.Get(i, lo*recordLen, part[at:at+(hi-lo)*recordLen], buf); err != nil {
				return nil, err
			}
		}
		for ri := lo; ri < hi; ri++ {
			for i := range n {
				fs[i] = schema.FromRecord(part[(i*chunk+ri-lo)*recordLen : (i*chunk+ri-lo+1)*recordLen])[0]
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
func FigureValues() int { return schema.RecordLen() }

// FiguresRecord flattens every region's figures of one replication into a
// record for a Spool (schema.Record).
func FiguresRecord(fs []model.Figures) []float64 { return schema.Record(fs) }

// FiguresOf reads a FiguresRecord back.
func FiguresOf(rec []float64) []model.Figures { return schema.FromRecord(rec) }

// figures adds the headline figures of schema.Figures over the
// replications fs (one for a single run), then the mean lost hours by
// cause.
func figures(o *object, sc *scenario.Scenario, fs []model.Figures, nation bool) {
	xs := make([]float64, len(fs))
	for _, g := range schema.Figures() {
		if g.NationOnly && !nation {
			continue
		}
		for i := range fs {
			xs[i] = g.Value(&fs[i])
		}
		if g.Format != schema.Date {
			addStat(o, g.Key, xs, func(v float64) any { return round(v) })
			continue
		}
		happened := 0
		for i := range xs {
			if xs[i] < 0 {
				xs[i] = math.Inf(1) // never
			} else {
				happened++
			}
		}
		addStat(o, g.Key, xs, func(v float64) any {
			if math.IsInf(v, 1) || math.IsNaN(v) {
				return nil
			}
			return sc.Start.AddDays(int64(math.Round(v))).String()
		})
		if g.Share != "" && len(fs) > 1 {
			o.add(g.Share, round(float64(happened)/float64(len(fs))))
		}
	}
	var causes object
	for _, c := range schema.Causes() {
		for i := range fs {
			xs[i] = fs[i].LostByCause[c.Cause]
		}
		causes.add(c.Key, round(mean(xs)))
	}
	o.add(schema.LostByCause, causes)
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

// CI95 is the 95% confidence interval of the mean of xs (schema.CI95).
func CI95(xs []float64) (lo, hi float64) { return schema.CI95(xs) }

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
