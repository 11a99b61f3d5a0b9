package chart

import (
	"fmt"
	"github.com/ektpsim/ektpsim/sim/results"
	"image/color"
	"math"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Stage colours are the same in every chart, so that an adviser who has
// learnt "orange is waiting at the centre" reads every chart at once.
var (
	colUnsent   = color.RGBA{0x9e, 0x9e, 0x9e, 0xff}  // grey: not yet sent
	colAwaiting = color.RGBA{0xe6, 0x7e, 0x22, 0xff}  // orange: waiting at the centre
	colCentre   = color.RGBA{0xf1, 0xc4, 0x0f, 0xff}  // yellow: verification and duplicates
	colReady    = color.RGBA{0x2e, 0x86, 0xc1, 0xff}  // blue: print-ready, waiting for a card
	colPrinted  = color.RGBA{0x27, 0xae, 0x60, 0xff}  // green: printed
	colDemand   = color.RGBA{0x34, 0x49, 0x5e, 0xff}  // dark: recording demand
	colStockout = color.NRGBA{0xe7, 0x4c, 0x3c, 0x50} // light red: stock-out days
	colBlanks   = color.RGBA{0x8e, 0x44, 0xad, 0xff}  // purple: blanks
	colRibbon   = color.RGBA{0x16, 0xa0, 0x85, 0xff}  // teal: ribbon
	colEvent    = color.RGBA{0x55, 0x55, 0x55, 0xff}
	colourWhite = color.White
	colourGrid  = color.Gray{0xd0}
)

// causeColour is the colour of a lost-time cause in every chart.
func causeColour(c string) color.Color {
	switch c {
	case "centre":
		return color.RGBA{0xe6, 0x7e, 0x22, 0xff}
	case "network":
		return color.RGBA{0x2e, 0x86, 0xc1, 0xff}
	case "power":
		return color.RGBA{0xf1, 0xc4, 0x0f, 0xff}
	case "application":
		return color.RGBA{0x8e, 0x44, 0xad, 0xff}
	case "breakdown":
		return color.RGBA{0x7f, 0x8c, 0x8d, 0xff}
	case "blanks":
		return color.RGBA{0xe7, 0x4c, 0x3c, 0xff}
	}
	return color.RGBA{0x16, 0xa0, 0x85, 0xff} // ribbon
}

// runColour tells run i apart in compare and sweep charts.
func runColour(i int) color.Color {
	cs := [...]color.RGBA{
		{0x2e, 0x86, 0xc1, 0xff}, {0xe6, 0x7e, 0x22, 0xff}, {0x27, 0xae, 0x60, 0xff}, {0x8e, 0x44, 0xad, 0xff},
		{0xe7, 0x4c, 0x3c, 0xff}, {0x34, 0x49, 0x5e, 0xff}, {0x16, 0xa0, 0x85, 0xff}, {0x7f, 0x8c, 0x8d, 0xff},
	}
	return cs[i%len(cs)]
}

// causes are the lost-time causes in the order charts stack them.
func causes() []string {
	return []string{"centre", "network", "power", "application", "breakdown", "blanks", "ribbon"}
}

// causeName says a cause in words for legends.
func causeName(c string) string {
	switch c {
	case "centre":
		return "central server down"
	case "power":
		return "power (after the UPS)"
	case "application":
		return "printing application"
	case "breakdown":
		return "printer broken"
	case "blanks":
		return "no blanks"
	case "ribbon":
		return "no ribbon"
	}
	return c
}

// Thousands writes n with thousands separators (results.Thousands).
func Thousands(n int64) string { return results.Thousands(n) }

// Short writes a count for an axis or a sentence (results.Short).
func Short(x float64) string { return results.Short(x) }

func trim(x float64) string {
	s := strconv.FormatFloat(x, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

// countTicks labels a count axis for people: 500,000 or 1.5M.
type countTicks struct{}

func (countTicks) Ticks(min, max float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ts {
		if ts[i].Label == "" {
			continue
		}
		v := ts[i].Value
		switch a := math.Abs(v); {
		case a >= 1e6:
			ts[i].Label = trim(v/1e6) + "M"
		case a >= 1e4:
			ts[i].Label = Thousands(int64(math.Round(v)))
		default:
			ts[i].Label = strconv.FormatFloat(v, 'f', -1, 64)
		}
	}
	return ts
}

// dateTicks puts ticks at the first of months, every 1, 3, 6 or 12 months
// by the span, labelled "Jan 2017". Values are days since epoch.
type dateTicks struct{}

func dayValue(t time.Time) float64 { return float64(t.Unix()) / 86400 }
func valueDay(v float64) time.Time { return time.Unix(int64(math.Round(v*86400)), 0).UTC() }

func (dateTicks) Ticks(min, max float64) []plot.Tick {
	lo, hi := valueDay(min), valueDay(max)
	months := (hi.Year()-lo.Year())*12 + int(hi.Month()-lo.Month())
	step := 1
	for _, s := range []int{1, 2, 3, 6, 12, 24} {
		step = s
		if months/s <= 8 {
			break
		}
	}
	var ts []plot.Tick
	t := time.Date(lo.Year(), lo.Month(), 1, 0, 0, 0, 0, time.UTC)
	for ; !t.After(hi); t = t.AddDate(0, 1, 0) {
		v := dayValue(t)
		if v < min {
			continue
		}
		m := (t.Year()*12 + int(t.Month()) - 1)
		if m%step == 0 {
			ts = append(ts, plot.Tick{Value: v, Label: t.Format("Jan 2006")})
		} else {
			ts = append(ts, plot.Tick{Value: v})
		}
	}
	return ts
}

// newPlot returns a plot with the house style: title, date x axis, count
// y axis starting at zero.
func newPlot(title, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(13)
	p.Title.Padding = vg.Points(6)
	p.Y.Label.Text = ylabel
	p.Y.Tick.Marker = countTicks{}
	p.X.Tick.Marker = dateTicks{}
	p.Y.Min = 0
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.TextStyle.Font.Size = vg.Points(9)
	p.Legend.Padding = vg.Points(2)
	p.Add(newGrid())
	return p
}

func parseDate(s string) (time.Time, error) { return time.Parse("2006-01-02", s) }

// period says when a run covers, for titles: "Jan 2016 - Dec 2018".
func period(r *Run) string {
	return fmt.Sprintf("%s - %s", r.Dates[0].Format("Jan 2006"), r.Dates[len(r.Dates)-1].Format("Jan 2006"))
}
