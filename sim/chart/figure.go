package chart

import (
	"image/color"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// medium is what a chart is drawn for: a desktop page and print, or a
// phone. Font sizes are in points.
type medium struct {
	phone bool
	// width of the figure; dpi of its PNG.
	width vg.Length
	dpi   int
	// title: the figure's title; label: axis labels; text: tick labels
	// and legends (the same size in every chart); note: labels on the
	// data area; panel: the titles of small multiples.
	title, label, text, note, panel vg.Length
	// margin around the figure and gap between its parts.
	margin, gap vg.Length
}

// desktop charts are 24 cm wide at 150 dpi (1417 px).
func desktop() medium {
	return medium{width: 24 * vg.Centimeter, dpi: 150, title: 13, label: 11, text: 10, note: 9, panel: 10,
		margin: 2 * vg.Millimeter, gap: 4 * vg.Millimeter}
}

// PhoneWidth is the CSS width, in pixels, phone charts are drawn for; their
// PNGs are drawn at twice that (780 px) for density. Their smallest text
// is 9 pt at 96 CSS px an inch: 12 CSS px when shown 390 px wide.
const PhoneWidth = 390

// phone charts are 390 CSS px (292.5 pt) wide, drawn at 2x (192 dpi).
func phone() medium {
	return medium{phone: true, width: PhoneWidth * 72.0 / 96, dpi: 192, title: 11, label: 9.5, text: 9, note: 9, panel: 9,
		margin: 4, gap: 6}
}

// px is a length in pixels of the medium's PNG.
func (m medium) px(l vg.Length) float64 { return float64(l) / 72 * float64(m.dpi) }

// style is a text style of the house font at size pt.
func style(pt vg.Length, c color.Color) text.Style {
	return text.Style{Color: c, Font: font.From(plot.DefaultFont, pt), Handler: plot.DefaultTextHandler}
}

// panel is one plot of a figure with what the layout checks and fits need.
type panel struct {
	*plot.Plot
	// series are the points drawn, in data units: lines, the tops of
	// areas and bars. None may lie outside the axes.
	series []plotter.XYs
	// notes are texts on the data area (event labels, values, peaks),
	// placed by fit.
	notes []*note
	// padTop gives the y axis 5% of room above the data before the
	// fits run (which may set it themselves).
	padTop, padded bool
	// fits run once the data area is known, to size what depends on it
	// (bar widths, tick spacing, note positions). They are idempotent.
	fits []func(data draw.Canvas)
}

// note is a text on the data area, anchored at (X, Y) in data units.
type note struct {
	X, Y   float64
	Text   string
	Style  text.Style
	Offset vg.Point // added to the anchor, in canvas units
}

// rect is the note's box on the data canvas c.
func (n *note) rect(p *plot.Plot, c draw.Canvas) vg.Rectangle {
	tx, ty := p.Transforms(&c)
	r := n.Style.Rectangle(n.Text)
	at := vg.Point{X: tx(n.X) + n.Offset.X, Y: ty(n.Y) + n.Offset.Y}
	return vg.Rectangle{Min: r.Min.Add(at), Max: r.Max.Add(at)}
}

// notesPlotter draws a panel's notes; it has no data range, so the notes
// never stretch the axes.
type notesPlotter struct{ notes *[]*note }

func (n notesPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	for _, nt := range *n.notes {
		c.FillText(nt.Style, vg.Point{X: tx(nt.X) + nt.Offset.X, Y: ty(nt.Y) + nt.Offset.Y}, nt.Text)
	}
}

// newPanel returns a panel in the house style for medium m: date x axis,
// count y axis from zero, ylabel saying what is plotted with its unit.
func newPanel(m medium, ylabel string) *panel {
	p := plot.New()
	p.Y.Label.Text = ylabel
	p.Y.Tick.Marker = countTicks{}
	p.X.Tick.Marker = dateTicks{}
	p.Y.Min = 0
	p.Legend = plot.NewLegend()
	applyFonts(p, m)
	p.Add(newGrid())
	pn := &panel{Plot: p, padTop: true}
	p.Add(notesPlotter{&pn.notes})
	pn.fits = append(pn.fits, fitDateTicks(pn))
	return pn
}

// plainPanel is a panel with count axes and no date axis.
func plainPanel(m medium) *panel {
	p := plot.New()
	p.Legend = plot.NewLegend()
	applyFonts(p, m)
	p.Add(newGrid())
	pn := &panel{Plot: p}
	p.Add(notesPlotter{&pn.notes})
	return pn
}

func applyFonts(p *plot.Plot, m medium) {
	p.Title.TextStyle.Font.Size = m.panel
	p.Title.Padding = m.gap / 2
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = m.label
		a.Tick.Label.Font.Size = m.text
		if m.phone {
			a.Tick.Length = 4
			a.Padding = 3
		}
	}
}

// fitDateTicks spaces the date ticks for the data area's width.
func fitDateTicks(p *panel) func(draw.Canvas) {
	return func(c draw.Canvas) {
		if _, ok := p.X.Tick.Marker.(dateTicks); ok {
			p.X.Tick.Marker = dateTicks{width: c.Max.X - c.Min.X, style: p.X.Tick.Label}
		}
	}
}

// addSeries records points drawn on p, for checks.
func (p *panel) addSeries(pts plotter.XYs) { p.series = append(p.series, pts) }

// figure is one chart file: a title, panels in rows, and a legend drawn
// outside every panel's data (beside them on a desktop, below on a phone).
type figure struct {
	file, caption string
	title         string
	rows          [][]*panel
	legend        legend
	// height is the figure's on a desktop; on a phone, the panels'
	// (see total).
	height vg.Length
	// width, when set, is the figure's on a desktop instead of the
	// medium's.
	width vg.Length
}

// on is medium m as the figure is drawn for it.
func (f *figure) on(m medium) medium {
	if f.width > 0 && !m.phone {
		m.width = f.width
	}
	return m
}

// single is a figure of one panel.
func single(file, caption, title string, p *panel, h vg.Length) *figure {
	return &figure{file: file, caption: caption, title: title, rows: [][]*panel{{p}}, height: h}
}

// total is the figure's height: as set on a desktop; on a phone, the
// panels' height plus the title's and the legend's, which wrap to the
// narrow width.
func (f *figure) total(m medium) vg.Length {
	if !m.phone {
		return f.height
	}
	h := 2*m.margin + f.height
	w := m.width - 2*m.margin
	if f.title != "" {
		ts := style(m.title, color.Black)
		h += ts.Height(strings.Join(wrap(ts, f.title, w), "\n")) + m.gap
	}
	if len(f.legend.entries) > 0 {
		_, r := f.legend.layout(style(m.text, color.Black), vg.Point{}, w, true)
		h += r.Max.Y - r.Min.Y + m.gap
	}
	return h
}

// arrangement is where a figure's parts go on a canvas.
type arrangement struct {
	titleLines []string
	titleAt    vg.Point // the first line's top centre
	titleStyle text.Style
	legend     []legendBox
	legendRect vg.Rectangle
	tiles      [][]draw.Canvas // what each panel draws into
	data       [][]draw.Canvas // each panel's data area
}

// arrange lays the figure out on dc for medium m, running the panels' fits
// once the data areas are known.
func (f *figure) arrange(m medium, dc draw.Canvas) arrangement {
	var a arrangement
	inner := draw.Crop(dc, m.margin, -m.margin, m.margin, -m.margin)
	a.titleStyle = style(m.title, color.Black)
	a.titleStyle.XAlign, a.titleStyle.YAlign = draw.XCenter, draw.YTop
	top := inner.Max.Y
	if f.title != "" {
		a.titleLines = wrap(a.titleStyle, f.title, inner.Max.X-inner.Min.X)
		a.titleAt = vg.Point{X: (inner.Min.X + inner.Max.X) / 2, Y: top}
		top -= a.titleStyle.Height(strings.Join(a.titleLines, "\n")) + m.gap
	}
	area := inner
	area.Max.Y = top
	if len(f.legend.entries) > 0 {
		sty := style(m.text, color.Black)
		if m.phone {
			a.legend, a.legendRect = f.legend.layout(sty, vg.Point{X: area.Min.X, Y: area.Min.Y}, area.Max.X-area.Min.X, false)
			area.Min.Y = a.legendRect.Max.Y + m.gap
		} else {
			w := min(f.legend.naturalWidth(sty), 0.3*(area.Max.X-area.Min.X))
			a.legend, a.legendRect = f.legend.layout(sty, vg.Point{X: area.Max.X - w, Y: area.Max.Y}, w, true)
			area.Max.X -= w + m.gap
		}
	}
	plots := make([][]*plot.Plot, len(f.rows))
	for i, row := range f.rows {
		for _, p := range row {
			if p == nil {
				plots[i] = append(plots[i], nil)
			} else {
				plots[i] = append(plots[i], p.Plot)
			}
		}
	}
	tiles := draw.Tiles{Rows: len(plots), Cols: len(plots[0]), PadX: m.gap, PadY: m.gap}
	// Twice: a fit may change an axis range, and so the width of its
	// tick labels and the data area, which the second pass fits again.
	for pass := 0; pass < 3; pass++ {
		a.tiles = plot.Align(plots, tiles, area)
		a.data = make([][]draw.Canvas, len(plots))
		for i, row := range f.rows {
			a.data[i] = make([]draw.Canvas, len(row))
			for j, p := range row {
				if p == nil {
					continue
				}
				if p.padTop && !p.padded {
					p.Y.Max += 0.05 * (p.Y.Max - p.Y.Min)
					p.padded = true
				}
				a.data[i][j] = p.DataCanvas(a.tiles[i][j])
				if pass < 2 {
					for _, fit := range p.fits {
						fit(a.data[i][j])
					}
				}
			}
		}
	}
	return a
}

// draw draws the figure onto dc.
func (f *figure) draw(m medium, dc draw.Canvas) {
	a := f.arrange(m, dc)
	white(dc)
	if len(a.titleLines) > 0 {
		dc.FillText(a.titleStyle, a.titleAt, strings.Join(a.titleLines, "\n"))
	}
	f.legend.draw(dc, a.legend, style(m.text, color.Black))
	for i, row := range f.rows {
		for j, p := range row {
			if p != nil {
				p.Draw(a.tiles[i][j])
			}
		}
	}
}

// save writes the figure to file, a PNG or (.svg) an SVG, its height
// as total says.
func (f *figure) save(m medium, file string) error {
	m = f.on(m)
	var canvas vg.CanvasWriterTo
	if strings.HasSuffix(file, ".svg") {
		canvas = vgsvg.New(m.width, f.total(m))
	} else {
		canvas = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(m.width, f.total(m)), vgimg.UseDPI(m.dpi))}
	}
	f.draw(m, draw.New(canvas))
	return writeFile(file, canvas)
}

// wrap breaks s into lines no wider than w (a word longer than w keeps a
// line of its own).
func wrap(sty text.Style, s string, w vg.Length) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		var words []string
		for _, word := range strings.Fields(para) {
			words = append(words, splitLong(sty, word, w)...)
		}
		for _, word := range words {
			try := word
			if line != "" {
				try = line + " " + word
			}
			if line != "" && sty.Width(try) > w {
				lines = append(lines, line)
				line = word
				continue
			}
			line = try
		}
		lines = append(lines, line)
	}
	return lines
}

// splitLong breaks a word wider than w after its '+', '-', '_', '=' or
// ',' signs, into pieces as wide as fit (a piece with no sign stays whole).
func splitLong(sty text.Style, word string, w vg.Length) []string {
	if sty.Width(word) <= w {
		return []string{word}
	}
	var out []string
	piece := ""
	for len(word) > 0 {
		i := strings.IndexAny(word, "+-_=,")
		part := word
		if i >= 0 {
			part = word[:i+1]
		}
		word = word[len(part):]
		if piece != "" && sty.Width(piece+part) > w {
			out = append(out, piece)
			piece = ""
		}
		piece += part
	}
	return append(out, piece)
}
