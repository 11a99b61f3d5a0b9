package chart

import (
	"context"
	"fmt"
	"github.com/ektpsim/ektpsim/sim/results"
	"io"
	"os"
	"path/filepath"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Headline is one figure of the comparison table (results.Figure).
type Headline = results.Figure

// Headlines are the figures compare and report put side by side.
func Headlines() []Headline { return results.Headlines() }

// Cell is a headline figure of a run as written in tables.
func Cell(r *Run, h Headline) string { return results.Cell(r, h) }

// WriteCompareCSV writes the headline figures of runs side by side.
func WriteCompareCSV(w io.Writer, runs []*Run) error { return results.WriteCompareCSV(w, runs) }

// Compare draws runs overlaid into dir and writes compare.csv there.
func Compare(runs []*Run, dir string) ([]Chart, error) {
	return CompareContext(context.Background(), runs, dir)
}

// CompareContext is Compare that stops between charts once ctx is
// cancelled, returning ctx's error (and leaving dir to the caller).
func CompareContext(ctx context.Context, runs []*Run, dir string) ([]Chart, error) {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, err
	}
	var out []Chart
	save := func(file, caption string, p *plot.Plot, w, h vg.Length) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := saveGrid(filepath.Join(dir, file), [][]*plot.Plot{{p}}, nil, w, h); err != nil {
			return fmt.Errorf("chart %s: %w", file, err)
		}
		out = append(out, Chart{file, caption})
		return nil
	}
	names := ""
	for i, r := range runs {
		if i > 0 {
			names += ", "
		}
		names += r.Name
	}
	for _, m := range []struct{ file, title, caption string }{
		{"compare_backlog", "the nation's backlog", "The nation's backlog (every stage) in each run."},
		{"compare_print_ready", "print-ready records waiting for a card", "Print-ready records waiting for a card, in each run."},
		{"compare_printed", "cards printed since the start", "Cards printed since the start, in each run."},
	} {
		p := newPlot("Compared: "+m.title, "records or cards")
		for i, r := range runs {
			x := xs(r.Dates)
			var y []float64
			switch m.file {
			case "compare_backlog":
				y = BacklogSeries(r)[len(stages())-1].Y
			case "compare_print_ready":
				y = r.Nation["print_ready"]
			default:
				y = r.Nation["printed_cum"]
			}
			if err := linePlot(p, Series{Name: r.Name, X: x, Y: y}, runColour(i), 1.5, i >= 8); err != nil {
				return nil, err
			}
		}
		if err := save(m.file, m.caption, p, 24*vg.Centimeter, 11*vg.Centimeter); err != nil {
			return nil, err
		}
	}
	if p, err := lostCompare(runs); err != nil {
		return nil, err
	} else if err := save("compare_lost_hours", "Printer-hours lost over the whole run, by cause, in each run.", p, 24*vg.Centimeter, 11*vg.Centimeter); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := saveTable(filepath.Join(dir, "compare_table"), runs); err != nil {
		return nil, err
	}
	out = append(out, Chart{"compare_table", "The headline figures of " + names + ", side by side."})
	if err := writePaired(dir, runs); err != nil {
		return nil, err
	}
	f, err := os.Create(filepath.Join(dir, "compare.csv"))
	if err != nil {
		return nil, err
	}
	err = WriteCompareCSV(f, runs)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return out, err
}

// lostCompare is grouped bars: for each cause, a bar per run.
func lostCompare(runs []*Run) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = "Compared: printer-hours lost, by cause"
	p.Title.TextStyle.Font.Size = vg.Points(13)
	p.Y.Label.Text = "printer-hours"
	p.Y.Tick.Marker = countTicks{}
	p.Add(newGrid())
	w := vg.Points(max(4, 40/float64(len(runs))))
	var labels []string
	for _, c := range causes() {
		labels = append(labels, causeName(c))
	}
	for i, r := range runs {
		vals := make(plotter.Values, len(causes()))
		for k, c := range causes() {
			vals[k] = Sum(r.Nation["lost_"+c+"_hours"])
		}
		bars, err := plotter.NewBarChart(vals, w)
		if err != nil {
			return nil, err
		}
		bars.Color = runColour(i)
		bars.LineStyle.Width = 0
		bars.Offset = vg.Length(float64(i)-float64(len(runs)-1)/2) * w
		p.Add(bars)
		p.Legend.Add(r.Name, bars)
	}
	p.NominalX(labels...)
	p.X.Tick.Label.Font.Size = vg.Points(8)
	p.Legend.Top = true
	return p, nil
}

// Sum adds the values of a daily column, skipping empty (NaN) days.
func Sum(v []float64) float64 { return results.Sum(v) }

// saveTable draws the headline table as an image, for slides.
func saveTable(base string, runs []*Run) error {
	hs := Headlines()
	rowH := 0.75 * vg.Centimeter
	firstW := 7 * vg.Centimeter
	colW := 4.5 * vg.Centimeter
	w := firstW + vg.Length(len(runs))*colW + vg.Centimeter
	h := vg.Length(len(hs)+1)*rowH + vg.Centimeter
	p := plot.New()
	p.HideAxes()
	table := &tableDrawer{runs: runs, hs: hs, rowH: rowH, firstW: firstW, colW: colW}
	p.Add(table)
	return saveGrid(base, [][]*plot.Plot{{p}}, nil, w, h)
}

// tableDrawer draws a table onto a plot's canvas.
type tableDrawer struct {
	runs         []*Run
	hs           []Headline
	rowH         vg.Length
	firstW, colW vg.Length
}

func (t *tableDrawer) Plot(c draw.Canvas, _ *plot.Plot) {
	sty := draw.TextStyle{Color: colDemand, Font: plot.DefaultFont, Handler: plot.DefaultTextHandler}
	sty.Font.Size = vg.Points(10)
	bold := sty
	bold.Font.Weight = xfont.WeightBold
	top := c.Max.Y - t.rowH
	left := c.Min.X + vg.Millimeter*3
	line := draw.LineStyle{Color: colourGrid, Width: vg.Points(0.5)}
	for i := -1; i < len(t.hs); i++ {
		y := top - vg.Length(i+1)*t.rowH
		c.StrokeLine2(line, c.Min.X, y-t.rowH*0.3, c.Max.X, y-t.rowH*0.3)
		if i < 0 {
			for j, r := range t.runs {
				right := bold
				right.XAlign = draw.XRight
				c.FillText(right, vg.Point{X: left + t.firstW + vg.Length(j+1)*t.colW - vg.Millimeter*3, Y: y}, r.Name)
			}
			continue
		}
		c.FillText(sty, vg.Point{X: left, Y: y}, t.hs[i].Label)
		for j, r := range t.runs {
			right := sty
			right.XAlign = draw.XRight
			c.FillText(right, vg.Point{X: left + t.firstW + vg.Length(j+1)*t.colW - vg.Millimeter*3, Y: y}, Cell(r, t.hs[i]))
		}
	}
}
