package chart

import (
	"fmt"
	"image/color"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// SweepCharts draws, for each varied key, the figure against the key's
// values: a line per combination of the other keys' values, the mean over
// replications with its 5-95% band. values[v] are variant v's values of
// the keys; ys[v] its figure, one per replication.
func SweepCharts(dir, name, figure string, keys []string, values [][]string, ys [][]float64) error {
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
					others = append(others, keys[j]+"="+v[j])
				}
			}
			g := strings.Join(others, " ")
			if _, ok := groups[g]; !ok {
				order = append(order, g)
			}
			groups[g] = append(groups[g], i)
		}
		p := plot.New()
		p.Title.Text = fmt.Sprintf("%s: %s against %s (mean, 5-95%% band)", name, strings.ReplaceAll(figure, "_", " "), key)
		p.Title.TextStyle.Font.Size = vg.Points(12)
		p.X.Label.Text = key
		p.Y.Label.Text = strings.ReplaceAll(figure, "_", " ")
		p.Y.Tick.Marker = countTicks{}
		p.Add(newGrid())
		p.NominalX(levels...)
		p.Legend.Top = true
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
			r, gg, b, _ := c.RGBA()
			band, err := area(x, lo, hi, color.NRGBA{uint8(r >> 8), uint8(gg >> 8), uint8(b >> 8), 0x40})
			if err != nil {
				return err
			}
			p.Add(band)
			legend := g
			if legend == "" {
				legend = "mean"
			}
			if err := linePlot(p, Series{Name: legend, X: x, Y: mean}, c, 1.5, false); err != nil {
				return err
			}
		}
		file := filepath.Join(dir, "sweep_"+strings.NewReplacer(".", "_", "[", "_", "]", "", "=", "_", " ", "_").Replace(key))
		if err := saveGrid(file, [][]*plot.Plot{{p}}, nil, 20*vg.Centimeter, 11*vg.Centimeter); err != nil {
			return err
		}
	}
	return nil
}
