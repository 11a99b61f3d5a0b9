package chart

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/plot/vg"
)

// SweepCharts draws, for each varied key, the figure against the key's
// values: a line per combination of the other keys' values, the mean over
// replications with its 5-95% band. values[v] are variant v's values of
// the keys; ys[v] its figure, one per replication. Each chart goes to
// dir/sweep_KEY.png and .svg, and a phone-sized PNG to dir/phone.
func SweepCharts(dir, name, fig string, keys []string, values [][]string, ys [][]float64) error {
	_, err := drawAll(context.Background(), dir, func(m medium) ([]*figure, error) {
		return sweepFigures(m, name, fig, keys, values, ys), nil
	})
	return err
}

// figureLabel says a headline figure in words: "cards printed"; a
// region's (REGION:KEY) "Kota Binjai: cards printed".
func figureLabel(key string) string {
	if i := strings.LastIndex(key, ":"); i >= 0 {
		return key[:i] + ": " + figureLabel(key[i+1:])
	}
	for _, h := range Headlines() {
		if h.Key == key {
			return h.Label
		}
	}
	return strings.ReplaceAll(key, "_", " ")
}

func sweepFigures(m medium, name, fig string, keys []string, values [][]string, ys [][]float64) []*figure {
	var out []*figure
	for k, key := range keys {
		var levels []string
		for _, v := range values {
			if !slices.Contains(levels, v[k]) {
				levels = append(levels, v[k])
			}
		}
		groups := map[string][]int{}
		var order []string
		for i, v := range values {
			var others []string
			for j := range keys {
				if j != k {
					others = append(others, keys[j]+" = "+levelLabel(v[j]))
				}
			}
			g := strings.Join(others, ", ")
			if _, ok := groups[g]; !ok {
				order = append(order, g)
			}
			groups[g] = append(groups[g], i)
		}
		p := plainPanel(m)
		p.padTop = true
		p.X.Label.Text = key
		p.Y.Label.Text = figureLabel(fig)
		p.Y.Tick.Marker = countTicks{}
		labels := make([]string, len(levels))
		for i, l := range levels {
			labels[i] = levelLabel(l)
		}
		p.NominalX(labels...)
		file := "sweep_" + strings.NewReplacer(".", "_", "[", "_", "]", "", "=", "_", " ", "_").Replace(key)
		// With one replication a point has no spread: no band is
		// promised (nor drawn, lo = hi).
		reps := 0
		for _, y := range ys {
			reps = max(reps, len(y))
		}
		what := "mean over replications, 5-95% band"
		if reps <= 1 {
			what = "one replication each"
		}
		f := single(file, "", fmt.Sprintf("%s: %s against %s (%s)", name, figureLabel(fig), key, what), p,
			tall(m, 11*vg.Centimeter, 230))
		f.width = 20 * vg.Centimeter // as before
		for gi, g := range order {
			var mean, lo, hi, x []float64
			for _, i := range groups[g] {
				xs := slices.Clone(ys[i])
				slices.Sort(xs)
				x = append(x, float64(slices.Index(levels, values[i][k])))
				mean = append(mean, stat.Mean(xs, nil))
				lo = append(lo, stat.Quantile(0.05, stat.Empirical, xs, nil))
				hi = append(hi, stat.Quantile(0.95, stat.Empirical, xs, nil))
			}
			c := runColour(gi)
			band := area(x, lo, hi, withAlpha(c, 0x40))
			p.Add(band)
			p.addSeries(xy(x, hi))
			legend := g
			if legend == "" {
				legend = "mean, and the band holding 90% of replications"
				if reps <= 1 {
					legend = "the run of each value"
				}
			}
			l := line(p, x, mean, c, 1.5, false)
			if reps <= 1 {
				f.legend.add(legend, l)
			} else {
				f.legend.add(legend, l, band)
			}
		}
		out = append(out, f)
	}
	return out
}
