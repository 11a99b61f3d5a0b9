package chart

import (
	"github.com/ektpsim/ektpsim/sim/results"
	"image/color"
	"math"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"
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
	colBroken   = color.RGBA{0xcf, 0xcf, 0xcf, 0xff} // light grey: a broken printer, not counted in lost hours
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
	// One unit along an axis: when a label reaches a million, every
	// label from 100,000 is in millions (0.8M beside 1.6M, not 800,000).
	top := 0.0
	for _, t := range ts {
		if t.Label != "" {
			top = math.Max(top, math.Abs(t.Value))
		}
	}
	// The fewest decimals that tell the labels apart: 15.03M and 15.035M.
	for digits := 2; digits <= 6; digits++ {
		seen := map[string]bool{}
		unique := true
		for i := range ts {
			if ts[i].Label == "" {
				continue
			}
			ts[i].Label = countLabel(ts[i].Value, digits, top >= 1e6)
			unique = unique && !seen[ts[i].Label]
			seen[ts[i].Label] = true
		}
		if unique {
			break
		}
	}
	return ts
}

func parseDate(s string) (time.Time, error) { return time.Parse("2006-01-02", s) }
