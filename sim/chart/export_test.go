package chart

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
)

// Media are the media charts are drawn for, by name, for tests.
var Media = []string{"desktop", "phone"}

func mediumNamed(name string) medium {
	if name == "phone" {
		return phone()
	}
	return desktop()
}

// Laid is one figure laid out, as the checks see it.
type Laid struct {
	File   string
	Medium string
	// Problems are what a reader would see wrong; none when it is fine.
	Problems []string
	// Stats count what was checked, so that a test can tell that the
	// checks had something to check.
	Points, Ticks, Notes, Legend int
}

// LayRun lays out every chart of run r for a medium and checks each.
func LayRun(r *Run, medium string) ([]Laid, error) {
	m := mediumNamed(medium)
	figs, err := figures(r, m)
	if err != nil {
		return nil, err
	}
	return check(figs, m), nil
}

// LayCompare lays out the compare charts of runs and checks each.
func LayCompare(runs []*Run, medium string) ([]Laid, error) {
	m := mediumNamed(medium)
	figs, err := compareFigures(runs, m)
	if err != nil {
		return nil, err
	}
	return check(figs, m), nil
}

// LaySweep lays out the sweep charts and checks each.
func LaySweep(medium, name, figure string, keys []string, values [][]string, ys [][]float64) []Laid {
	m := mediumNamed(medium)
	return check(sweepFigures(m, name, figure, keys, values, ys), m)
}

// RunTitle is runTitle, for tests.
func RunTitle(r *Run) string { return runTitle(r) }

// LevelLabel is levelLabel, for tests.
func LevelLabel(s string) string { return levelLabel(s) }

// PlaceLabels is placeLabels, for tests (lengths in points).
func PlaceLabels(xs, ws []float64, lo, hi float64) (lefts []float64, levels []int, fits bool) {
	var x, w []vg.Length
	for i := range xs {
		x, w = append(x, vg.Length(xs[i])), append(w, vg.Length(ws[i]))
	}
	l, levels, fits := placeLabels(x, w, vg.Length(lo), vg.Length(hi))
	for _, v := range l {
		lefts = append(lefts, float64(v))
	}
	return lefts, levels, fits
}

// MinPhoneTextPx is the least size of any text of a phone chart, in CSS px
// when shown PhoneWidth px wide.
const MinPhoneTextPx = 11

func check(figs []*figure, m medium) []Laid {
	var out []Laid
	for _, f := range figs {
		out = append(out, checkFigure(f, m))
	}
	return out
}

type box struct {
	what string
	r    vg.Rectangle
}

func overlaps(a, b vg.Rectangle) bool {
	const eps = 0.01
	return a.Min.X < b.Max.X-eps && b.Min.X < a.Max.X-eps && a.Min.Y < b.Max.Y-eps && b.Min.Y < a.Max.Y-eps
}

func inside(a, outer vg.Rectangle) bool {
	const eps = 0.5
	return a.Min.X >= outer.Min.X-eps && a.Max.X <= outer.Max.X+eps && a.Min.Y >= outer.Min.Y-eps && a.Max.Y <= outer.Max.Y+eps
}

func at(s text.Style, txt string, pt vg.Point) vg.Rectangle {
	r := s.Rectangle(txt)
	return vg.Rectangle{Min: r.Min.Add(pt), Max: r.Max.Add(pt)}
}

// checkFigure lays f out as save would and checks it: no series point
// outside its axes; the legend inside the figure, over no data area and so
// over no data point; tick labels of an axis not overlapping one another
// and inside the figure; notes inside their data area, clear of each other
// and of the legend; the title clear of everything; on a phone, no text
// under MinPhoneTextPx.
func checkFigure(f *figure, m medium) Laid {
	m = f.on(m)
	l := Laid{File: f.file, Medium: map[bool]string{false: "desktop", true: "phone"}[m.phone]}
	bad := func(format string, a ...any) { l.Problems = append(l.Problems, fmt.Sprintf(format, a...)) }
	w, h := m.width, f.total(m)
	dc := draw.NewCanvas(new(recorder.Canvas), w, h)
	a := f.arrange(m, dc)
	whole := dc.Rectangle
	var title vg.Rectangle
	if len(a.titleLines) > 0 {
		title = at(a.titleStyle, strings.Join(a.titleLines, "\n"), a.titleAt)
		if !inside(title, whole) {
			bad("title %q outside the figure", f.title)
		}
	}
	legend := a.legendRect
	if len(f.legend.entries) > 0 {
		l.Legend = len(f.legend.entries)
		if !inside(legend, whole) {
			bad("legend %v outside the figure %v", legend, whole)
		}
		if overlaps(legend, title) {
			bad("legend over the title")
		}
	}
	sizes := []vg.Length{m.text}
	if f.title != "" {
		sizes = append(sizes, m.title)
	}
	var notes []box
	for i, row := range f.rows {
		for j, p := range row {
			if p == nil {
				continue
			}
			data := a.data[i][j]
			tile := a.tiles[i][j].Rectangle
			if overlaps(legend, tile) {
				bad("legend over panel %d,%d", i, j)
			}
			if overlaps(title, tile) {
				bad("title over panel %d,%d", i, j)
			}
			tx, ty := p.Transforms(&data)
			for _, s := range p.series {
				for _, pt := range s {
					l.Points++
					if pt.Y > p.Y.Max*(1+1e-9)+1e-9 || pt.Y < p.Y.Min-1e-9*math.Abs(p.Y.Min)-1e-9 {
						bad("panel %d,%d: point %v outside the y axis [%g, %g]", i, j, pt, p.Y.Min, p.Y.Max)
						break
					}
					if pt.X > p.X.Max+1e-9 || pt.X < p.X.Min-1e-9 {
						bad("panel %d,%d: point %v outside the x axis [%g, %g]", i, j, pt, p.X.Min, p.X.Max)
						break
					}
					c := vg.Point{X: tx(pt.X), Y: ty(pt.Y)}
					if len(f.legend.entries) > 0 && c.X >= legend.Min.X && c.X <= legend.Max.X && c.Y >= legend.Min.Y && c.Y <= legend.Max.Y {
						bad("panel %d,%d: point %v under the legend", i, j, pt)
						break
					}
				}
			}
			for _, n := range p.notes {
				l.Notes++
				r := n.rect(p.Plot, data)
				if !inside(r, data.Rectangle) {
					bad("note %q at %v outside the data area %v", n.Text, r, data.Rectangle)
				}
				if len(f.legend.entries) > 0 && overlaps(r, legend) {
					bad("note %q under the legend", n.Text)
				}
				for _, o := range notes {
					if overlaps(r, o.r) {
						bad("notes %q and %q overlap", n.Text, o.what)
					}
				}
				notes = append(notes, box{n.Text, r})
				sizes = append(sizes, n.Style.Font.Size)
			}
			if p.Title.Text != "" {
				sizes = append(sizes, p.Title.TextStyle.Font.Size)
				if wd := p.Title.TextStyle.Width(p.Title.Text); wd > tile.Max.X-tile.Min.X {
					bad("panel title %q %.0f wide in a tile %.0f wide", p.Title.Text, wd, tile.Max.X-tile.Min.X)
				}
			}
			for _, ax := range []struct {
				a          *plot.Axis
				horizontal bool
			}{{&p.X, true}, {&p.Y, false}} {
				sizes = append(sizes, ax.a.Tick.Label.Font.Size)
				if ax.a.Label.Text != "" {
					sizes = append(sizes, ax.a.Label.TextStyle.Font.Size)
				}
				var prev *box
				for _, t := range ax.a.Tick.Marker.Ticks(ax.a.Min, ax.a.Max) {
					if t.Label == "" || t.Value < ax.a.Min || t.Value > ax.a.Max {
						continue
					}
					l.Ticks++
					sty := ax.a.Tick.Label
					var r vg.Rectangle
					if ax.horizontal {
						x := tx(t.Value)
						wd := sty.Width(t.Label)
						r = vg.Rectangle{Min: vg.Point{X: x - wd/2, Y: data.Min.Y - 10}, Max: vg.Point{X: x + wd/2, Y: data.Min.Y}}
					} else {
						y := ty(t.Value)
						ht := sty.Height(t.Label)
						r = vg.Rectangle{Min: vg.Point{X: data.Min.X - 10, Y: y - ht/2}, Max: vg.Point{X: data.Min.X, Y: y + ht/2}}
					}
					if ax.horizontal && (r.Min.X < whole.Min.X-0.5 || r.Max.X > whole.Max.X+0.5) {
						bad("tick label %q outside the figure", t.Label)
					}
					if prev != nil && overlaps(r, prev.r) {
						bad("tick labels %q and %q overlap", prev.what, t.Label)
					}
					prev = &box{t.Label, r}
				}
			}
		}
	}
	if m.phone {
		for _, s := range sizes {
			if px := float64(s) * 96 / 72; px < MinPhoneTextPx {
				bad("text of %.1f CSS px, under %d", px, MinPhoneTextPx)
			}
		}
	}
	if m.px(m.width) < 1 || f.total(m) <= 0 {
		bad("no size")
	}
	return l
}

// RunTitles are the compare legends' run names, for tests.
func RunTitles(runs []*Run) []string { return runTitles(runs) }

// CountTickLabels are a count axis's labels from min to max, for tests.
func CountTickLabels(min, max float64) []string {
	var out []string
	for _, t := range (countTicks{}).Ticks(min, max) {
		if t.Label != "" {
			out = append(out, t.Label)
		}
	}
	return out
}
