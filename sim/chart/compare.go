package chart

import (
	"context"
	"fmt"
	"github.com/ektpsim/ektpsim/sim/results"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"

	"strings"
	"time"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Headline is one figure of the comparison table (results.Figure).
type Headline = results.Figure

// Headlines are the figures compare and report put side by side.
func Headlines() []Headline { return results.Headlines() }

// Cell is a headline figure of a run as written in tables.
func Cell(r *Run, h Headline) string { return results.Cell(r, h) }

// WriteCompareCSV writes the headline figures of runs side by side.
func WriteCompareCSV(w io.Writer, runs []*Run) error { return results.WriteCompareCSV(w, runs) }

// Compare draws runs overlaid into dir (PNG and SVG, and phone-sized PNGs
// under dir/phone) and writes compare.csv and paired.csv there.
func Compare(runs []*Run, dir string) ([]Chart, error) {
	return CompareContext(context.Background(), runs, dir)
}

// CompareContext is Compare that stops between charts once ctx is
// cancelled, returning ctx's error (and leaving dir to the caller).
func CompareContext(ctx context.Context, runs []*Run, dir string) ([]Chart, error) {
	out, err := drawAll(ctx, dir, func(m medium) ([]*figure, error) { return compareFigures(runs, m) })
	if err != nil {
		return nil, err
	}
	names := ""
	for i, r := range runs {
		if i > 0 {
			names += ", "
		}
		names += r.Name
	}
	for _, m := range []medium{desktop(), phone()} {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		base := filepath.Join(dir, "compare_table")
		if m.phone {
			base = filepath.Join(dir, "phone", "compare_table")
		}
		if err := saveTable(base, runs, m); err != nil {
			return nil, err
		}
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

// compared is one daily measure the compare charts overlay.
type compared struct {
	file, title, ylabel, caption string
	band                         string // its metric in bands.csv
	value                        func(r *Run) []float64
}

func comparedMeasures() []compared {
	return []compared{
		{"compare_backlog", "the nation's backlog", "records waiting", "The nation's backlog (every stage) in each run.", "backlog",
			func(r *Run) []float64 { return BacklogSeries(r)[len(stages())-1].Y }},
		{"compare_print_ready", "print-ready records waiting for a card", "print-ready records waiting", "Print-ready records waiting for a card, in each run.", "print_ready",
			func(r *Run) []float64 { return r.Nation["print_ready"] }},
		{"compare_printed", "cards printed since the start", "cards printed since the start", "Cards printed since the start, in each run.", "printed_cum",
			func(r *Run) []float64 { return r.Nation["printed_cum"] }},
	}
}

// focusMeasures are the compare charts of the first run's focus regions
// (at most maxFocusBacklogs) that every run holds the days of: each
// region's backlog, drawn before the nation's.
func focusMeasures(runs []*Run) []compared {
	var out []compared
	for _, name := range focusBacklogs(runs[0]) {
		all := true
		for _, r := range runs[1:] {
			all = all && hasDays(r, r.Regions[name], "backlog")
		}
		if !all || !hasDays(runs[0], runs[0].Regions[name], "backlog") {
			continue
		}
		name := name
		caption := name + "'s backlog (every stage) in each run."
		if runs[0].Summary.Replications > 1 {
			caption += " Each line is its run's first replication (daily.csv): a region has no bands."
		}
		out = append(out, compared{regionFile("compare_backlog", name), name + "'s backlog", "records waiting", caption, "",
			func(r *Run) []float64 { return r.Regions[name]["backlog"] }})
	}
	return out
}

// daily is a run's series of a compared measure: the mean over
// replications where bands.csv has it, with its band; else the run's own.
func (c compared) daily(r *Run) (y []float64, band *Band) {
	if b, ok := r.Bands[c.band]; ok && len(b.Mean) == len(r.Dates) && r.Summary.Replications > 1 {
		return b.Mean, &b
	}
	return c.value(r), nil
}

// runTitles name the runs in compare legends: their titles, or their
// names where two runs would share a title.
func runTitles(runs []*Run) []string {
	seen := map[string]int{}
	for _, r := range runs {
		seen[runTitle(r)]++
	}
	names := map[string]int{}
	for _, r := range runs {
		names[r.Name]++
	}
	var out []string
	for _, r := range runs {
		switch {
		case seen[runTitle(r)] == 1:
			out = append(out, runTitle(r))
		case names[r.Name] == 1:
			out = append(out, r.Name)
		default:
			out = append(out, r.Name+" ("+r.Dir+")")
		}
	}
	return trimSharedLead(out)
}

// trimSharedLead drops the lead that every title shares up to a comma
// ("Experiment blanks-earlier, " before "the baseline" and each variant's
// name), which would fill a third of a chart with the same words; the
// titles are kept whole when any would be left empty.
func trimSharedLead(titles []string) []string {
	if len(titles) < 2 {
		return titles
	}
	lead, _, ok := strings.Cut(titles[0], ", ")
	if !ok {
		return titles
	}
	lead += ", "
	out := make([]string, len(titles))
	for i, t := range titles {
		rest, ok := strings.CutPrefix(t, lead)
		if !ok || rest == "" {
			return titles
		}
		out[i] = rest
	}
	return out
}

// sharedReplications is the number of replications of every run drawn
// with a band, or 0 when they differ (each legend entry then says its own).
func sharedReplications(runs []*Run) int {
	n := 0
	for _, r := range runs {
		if r.Summary.Replications <= 1 {
			continue
		}
		if n != 0 && n != r.Summary.Replications {
			return 0
		}
		n = r.Summary.Replications
	}
	return n
}

// compareFigures are the compare charts for medium m.
func compareFigures(runs []*Run, m medium) ([]*figure, error) {
	titles := runTitles(runs)
	shared := sharedReplications(runs)
	var out []*figure
	for _, c := range append(focusMeasures(runs), comparedMeasures()...) {
		p := newPanel(m, c.ylabel)
		f := single(c.file, c.caption, "Compared: "+c.title, p, tall(m, 11*vg.Centimeter, 240))
		bands := false
		for i, r := range runs {
			x := xs(r.Dates)
			y, band := c.daily(r)
			if band != nil {
				poly := area(x, band.P05, band.P95, withAlpha(runColour(i), 0x38))
				p.Add(poly)
				p.addSeries(xy(x, band.P95))
				bands = true
			}
			l := line(p, x, y, runColour(i), 1.5, i >= 8)
			label := titles[i]
			if band != nil && shared == 0 {
				label += fmt.Sprintf(" (mean of %d replications, band 5-95%%)", r.Summary.Replications)
			}
			f.legend.add(label, l)
		}
		switch {
		case bands && shared != 0:
			f.caption += fmt.Sprintf(" Lines are means of %d replications; shaded, the band that holds 90%% of them (5-95%%).", shared)
		case bands:
			f.caption += " Lines are means over replications; shaded, the band that holds 90% of them."
		}
		out = append(out, f)
	}
	if len(runs) > 1 {
		out = append(out, differenceFigure(runs, titles, m))
	}
	f, err := lostCompare(runs, titles, m)
	if err != nil {
		return nil, err
	}
	return append(out, f), nil
}

// differenceFigure is each run's backlog minus the first run's, day by
// day (on the days both ran).
func differenceFigure(runs []*Run, titles []string, m medium) *figure {
	c := comparedMeasures()[0]
	base := runs[0]
	by := map[time.Time]float64{}
	y0, band0 := c.daily(base)
	for i, d := range base.Dates {
		by[d] = y0[i]
	}
	p := newPanel(m, "difference in records waiting")
	p.Y.Min = math.Inf(1)
	f := single("compare_difference", "", fmt.Sprintf("Compared: the backlog of each run minus that of the first, %s", base.Name), p, tall(m, 11*vg.Centimeter, 240))
	means := band0 != nil
	paired := false
	for i, r := range runs[1:] {
		y, band := c.daily(r)
		means = means || band != nil
		var x, d []float64
		for j, t := range r.Dates {
			if v, ok := by[t]; ok {
				x = append(x, dayValue(t))
				d = append(d, y[j]-v)
			}
		}
		if len(x) == 0 {
			continue
		}
		l := line(p, x, d, runColour(i+1), 1.5, i+1 >= 8)
		label := titles[i+1]
		if iv := endInterval(p, base, r, x[len(x)-1], runColour(i+1)); iv != nil {
			label += fmt.Sprintf(" (bar: paired 95%% interval at the end, %s to %s)", signed(iv.Lo), signed(iv.Hi))
			paired = true
		}
		f.legend.add(label, l)
	}
	zero, _ := plotter.NewLine(plotter.XYs{{X: dayValue(base.Dates[0]), Y: 0}, {X: dayValue(base.Dates[len(base.Dates)-1]), Y: 0}})
	zero.Color = colDemand
	zero.Width = vg.Points(0.8)
	p.Add(zero)
	f.caption = fmt.Sprintf("Each run's backlog minus the backlog of %s, day by day: above zero, more records wait than in %s.", base.Name, base.Name)
	if means {
		f.caption += " With replications, the difference of the means; the daily values of each replication are not kept, so the line has no band."
	}
	if paired {
		f.caption += " The bar at the end is the 95% interval of the backlog's difference at the end, replication by replication (paired.csv)."
	}
	return f
}

// endInterval draws, at day x, the paired 95% interval of the end backlog's
// difference of run r from base, when their replications pair; nil when
// they do not.
func endInterval(p *panel, base, r *Run, x float64, c color.Color) *Paired {
	for _, d := range PairedDifferences(base, r) {
		if d.Figure != "backlog_end" {
			continue
		}
		bar := &plotter.Line{XYs: plotter.XYs{{X: x, Y: d.Lo}, {X: x, Y: d.Hi}}}
		bar.Color, bar.Width = c, vg.Points(3)
		p.Add(bar)
		p.addSeries(bar.XYs)
		return &d
	}
	return nil
}

// signed writes a difference with its sign: +1,234 or -2.1 million.
func signed(v float64) string {
	if v > 0 {
		return "+" + Short(v)
	}
	return Short(v)
}

// lostCompare is grouped horizontal bars: for each cause, a bar per run.
func lostCompare(runs []*Run, titles []string, m medium) (*figure, error) {
	p := plainPanel(m)
	p.X.Label.Text = "printer-hours lost over the run"
	p.X.Tick.Marker = countTicks{}
	p.X.Min = 0
	cs := causes()
	rowH := tall(m, 0.5*vg.Centimeter, 9) * vg.Length(max(2, len(runs)))
	f := single("compare_lost_hours", "Printer-hours lost over the whole run, by cause, in each run. A broken printer's hours are shown but not counted in the lost hours of the table, which are those of working printers.",
		"Compared: printer-hours lost, by cause", p, tall(m, 4*vg.Centimeter, 50)+vg.Length(len(cs))*rowH)
	// The first cause at the top: category 0 is drawn at the bottom.
	labels := make([]string, len(cs))
	for k, c := range cs {
		labels[len(cs)-1-k] = causeName(c)
		if c == "breakdown" {
			labels[len(cs)-1-k] += " (not in lost hours)"
		}
	}
	var bars []*plotter.BarChart
	for i, r := range runs {
		vals := make(plotter.Values, len(cs))
		var pts plotter.XYs
		for k, c := range cs {
			vals[len(cs)-1-k] = Sum(r.Nation["lost_"+c+"_hours"])
		}
		for k, v := range vals {
			pts = append(pts, plotter.XY{X: v, Y: float64(k)})
		}
		b, err := plotter.NewBarChart(vals, 1)
		if err != nil {
			return nil, err
		}
		b.Horizontal = true
		b.Color = runColour(i)
		b.LineStyle.Width = 0
		p.Add(b)
		p.addSeries(pts)
		f.legend.add(titles[i], b)
		bars = append(bars, b)
	}
	p.NominalY(labels...)
	p.Y.Min, p.Y.Max = -0.5, float64(len(cs))-0.5
	p.fits = append(p.fits, func(c draw.Canvas) {
		row := (c.Max.Y - c.Min.Y) / vg.Length(len(cs))
		w := row * 0.8 / vg.Length(len(runs))
		for i, b := range bars {
			b.Width = w
			// Run 0 at the top of its group.
			b.Offset = -vg.Length(float64(i)-float64(len(runs)-1)/2) * w
		}
	})
	return f, nil
}

// Sum adds the values of a daily column, skipping empty (NaN) days.
func Sum(v []float64) float64 { return results.Sum(v) }

// saveTable draws the headline table as an image, for slides: base.png,
// and base.svg on a desktop.
func saveTable(base string, runs []*Run, m medium) error {
	hs := Headlines()
	sty := style(m.text, colDemand)
	rowH := 0.75 * vg.Centimeter
	firstW := 7 * vg.Centimeter
	colW := 4.5 * vg.Centimeter
	if m.phone {
		rowH = sty.Height("Mg") * 1.8
		firstW = m.width * 0.42
		colW = (m.width - firstW - 2*m.margin) / vg.Length(len(runs))
	}
	t := &tableDrawer{runs: runs, hs: hs, rowH: rowH, firstW: firstW, colW: colW, sty: sty}
	t.head = make([][]string, len(runs))
	lines := 1
	for j, r := range runs {
		t.head[j] = wrap(sty, r.Name, colW-vg.Millimeter*3)
		lines = max(lines, len(t.head[j]))
	}
	t.headH = vg.Length(lines) * sty.Height("Mg")
	w := firstW + vg.Length(len(runs))*colW + vg.Centimeter
	if m.phone {
		w = m.width
	}
	h := vg.Length(len(hs))*rowH + t.headH + rowH + vg.Centimeter
	exts := []string{".png", ".svg"}
	if m.phone {
		exts = exts[:1]
	}
	for _, ext := range exts {
		var canvas vg.CanvasWriterTo
		if ext == ".png" {
			canvas = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(m.dpi))}
		} else {
			canvas = vgsvg.New(w, h)
		}
		dc := draw.New(canvas)
		white(dc)
		t.draw(draw.Crop(dc, m.margin, -m.margin, m.margin, -m.margin))
		if err := writeFile(base+ext, canvas); err != nil {
			return err
		}
	}
	return nil
}

// tableDrawer draws the headline table, runs' names wrapped in its head.
type tableDrawer struct {
	runs         []*Run
	hs           []Headline
	rowH, headH  vg.Length
	firstW, colW vg.Length
	sty          text.Style
	head         [][]string
}

func (t *tableDrawer) draw(c draw.Canvas) {
	sty := t.sty
	sty.YAlign = draw.YTop
	bold := sty
	bold.Font.Weight = xfont.WeightBold
	left := c.Min.X + vg.Millimeter*2
	line := draw.LineStyle{Color: colourGrid, Width: vg.Points(0.5)}
	right := func(j int) vg.Length { return left + t.firstW + vg.Length(j+1)*t.colW - vg.Millimeter*3 }
	y := c.Max.Y - t.rowH*0.3
	for j := range t.runs {
		b := bold
		b.XAlign = draw.XRight
		c.FillText(b, vg.Point{X: right(j), Y: y}, strings.Join(t.head[j], "\n"))
	}
	y -= t.headH + t.rowH*0.3
	c.StrokeLine2(line, c.Min.X, y, c.Max.X, y)
	textH := sty.Height("Mg")
	for _, h := range t.hs {
		ty := y - (t.rowH-textH)/2
		label := wrap(sty, h.Label, t.firstW-vg.Millimeter*2)
		ls := sty
		if len(label) > 1 {
			ls.Font.Size *= 0.9
			ty = y - (t.rowH-ls.Height("Mg")*vg.Length(len(label)))/2
		}
		c.FillText(ls, vg.Point{X: left, Y: ty}, strings.Join(label, "\n"))
		for j, r := range t.runs {
			rs := sty
			rs.XAlign = draw.XRight
			c.FillText(rs, vg.Point{X: right(j), Y: y - (t.rowH-textH)/2}, Cell(r, h))
		}
		y -= t.rowH
		c.StrokeLine2(line, c.Min.X, y, c.Max.X, y)
	}
}
