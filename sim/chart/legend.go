package chart

import (
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legend is a figure's key, drawn outside the panels' data areas. Entries
// wrap to the legend's width.
type legend struct{ entries []legendEntry }

type legendEntry struct {
	text   string
	thumbs []plot.Thumbnailer
}

// legendBox is where one entry goes: its thumbnail and its text's lines.
type legendBox struct {
	rect  vg.Rectangle // the whole entry
	thumb vg.Rectangle
	lines []string
}

// thumbWidth is the width of a legend's thumbnails.
const thumbWidth = 18

func (l *legend) add(text string, thumbs ...plot.Thumbnailer) {
	l.entries = append(l.entries, legendEntry{text, thumbs})
}

// naturalWidth is the width of the legend with no entry wrapped.
func (l *legend) naturalWidth(sty text.Style) vg.Length {
	w := vg.Length(0)
	for _, e := range l.entries {
		w = max(w, sty.Width(e.text))
	}
	return w + thumbWidth + sty.Width(" ")
}

// layout places the entries in a column of width w from the top-left
// corner at (when fromTop) or upwards from the bottom-left corner at (when
// not), and returns the entries' boxes and the legend's rectangle.
func (l *legend) layout(sty text.Style, at vg.Point, w vg.Length, fromTop bool) ([]legendBox, vg.Rectangle) {
	lineH := sty.Height("Mg")
	gap := lineH * 0.35
	textX := thumbWidth + sty.Width(" ")
	var boxes []legendBox
	y := vg.Length(0) // distance from the top, downwards
	for _, e := range l.entries {
		lines := wrap(sty, e.text, w-textX)
		h := vg.Length(len(lines)) * lineH
		b := legendBox{lines: lines}
		b.rect = vg.Rectangle{Min: vg.Point{X: at.X, Y: -y - h}, Max: vg.Point{X: at.X + textX, Y: -y}}
		for _, ln := range lines {
			b.rect.Max.X = max(b.rect.Max.X, at.X+textX+sty.Width(ln))
		}
		b.thumb = vg.Rectangle{Min: vg.Point{X: at.X, Y: -y - lineH*0.9}, Max: vg.Point{X: at.X + thumbWidth, Y: -y - lineH*0.25}}
		boxes = append(boxes, b)
		y += h + gap
	}
	total := max(0, y-gap)
	shift := at.Y // the top edge
	if !fromTop {
		shift = at.Y + total
	}
	rect := vg.Rectangle{Min: vg.Point{X: at.X, Y: shift - total}, Max: vg.Point{X: at.X, Y: shift}}
	for i := range boxes {
		for _, r := range []*vg.Rectangle{&boxes[i].rect, &boxes[i].thumb} {
			r.Min.Y += shift
			r.Max.Y += shift
		}
		rect.Max.X = max(rect.Max.X, boxes[i].rect.Max.X)
	}
	return boxes, rect
}

// draw draws the entries into their boxes.
func (l *legend) draw(dc draw.Canvas, boxes []legendBox, sty text.Style) {
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
	for i, b := range boxes {
		thumb := draw.Canvas{Canvas: dc.Canvas, Rectangle: b.thumb}
		for _, t := range l.entries[i].thumbs {
			t.Thumbnail(&thumb)
		}
		dc.FillText(sty, vg.Point{X: b.thumb.Max.X + sty.Width(" "), Y: b.rect.Max.Y}, strings.Join(b.lines, "\n"))
	}
}
