package chart

import (
	"math"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

func dayValue(t time.Time) float64 { return float64(t.Unix()) / 86400 }
func valueDay(v float64) time.Time { return time.Unix(int64(math.Round(v*86400)), 0).UTC() }

// tickGap is the least room between two tick labels, in points.
const tickGap = 6

// dateTicks puts ticks at the first of months, labelled every 1, 2, 3 or 6
// months ("Jan 2017"), or where those do not fit, every 1, 2, 3 or 6 months
// in short ("2017", "Apr", "Jul"), or every 1, 2 or 4 years ("2017"): the
// first spacing whose labels fit the axis's width without touching. Values
// are days since the epoch. With no width (not laid out yet) it assumes 8
// labels.
type dateTicks struct {
	width vg.Length
	style text.Style
}

// tickSpacing is a spacing of date labels: every step months, in short.
type tickSpacing struct {
	step  int
	short bool
}

func dateSpacings() []tickSpacing {
	return []tickSpacing{{1, false}, {2, false}, {3, false}, {6, false}, {1, true}, {2, true}, {3, true}, {6, true},
		{12, true}, {24, true}, {48, true}}
}

func (d dateTicks) Ticks(min, max float64) []plot.Tick {
	lo, hi := valueDay(min), valueDay(max)
	months := (hi.Year()-lo.Year())*12 + int(hi.Month()-lo.Month())
	spacings := dateSpacings()
	sp := spacings[len(spacings)-1]
	var longW, shortW vg.Length // the widest "Jan 2017", and "2017" or "Jul"
	if d.width != 0 {
		for t := time.Date(lo.Year(), lo.Month(), 1, 0, 0, 0, 0, time.UTC); !t.After(hi); t = t.AddDate(0, 1, 0) {
			longW = vg.Length(math.Max(float64(longW), float64(d.style.Width(dateLabel(t, false)))))
			shortW = vg.Length(math.Max(float64(shortW), float64(d.style.Width(dateLabel(t, true)))))
		}
	}
	for _, s := range spacings {
		if d.width == 0 {
			if !s.short && months/s.step <= 8 || s.step >= 12 && months/s.step <= 8 {
				sp = s
				break
			}
			continue
		}
		// The narrowest gap between labels is the shortest stretch of
		// step months (28 days for one February).
		room := d.width * vg.Length(float64(28*s.step)/(max-min))
		widest := longW
		if s.short {
			widest = shortW
		}
		if room >= widest+tickGap {
			sp = s
			break
		}
	}
	minor := 1
	switch {
	case sp.step >= 24:
		minor = 12
	case sp.step >= 6:
		minor = 3
	}
	var ts []plot.Tick
	t := time.Date(lo.Year(), lo.Month(), 1, 0, 0, 0, 0, time.UTC)
	for ; !t.After(hi); t = t.AddDate(0, 1, 0) {
		v := dayValue(t)
		m := t.Year()*12 + int(t.Month()) - 1
		if v < min || m%minor != 0 {
			continue
		}
		tk := plot.Tick{Value: v}
		if m%sp.step == 0 {
			tk.Label = dateLabel(t, sp.short)
		}
		ts = append(ts, tk)
	}
	return ts
}

// dateLabel is "Jan 2017", or in short "2017" for January and "Jul" for
// other months.
func dateLabel(t time.Time, short bool) string {
	switch {
	case !short:
		return t.Format("Jan 2006")
	case t.Month() == time.January:
		return t.Format("2006")
	default:
		return t.Format("Jan")
	}
}

func monthLabel(t time.Time, step int) string { return dateLabel(t, step >= 12) }

// monthTicks labels bar positions 0, 1, ... with their months: every 1, 2,
// 3, 6 or 12 months, the closest spacing whose labels fit width.
type monthTicks struct {
	months []time.Time
	width  vg.Length
	style  text.Style
}

func (m monthTicks) Ticks(lo, hi float64) []plot.Tick {
	step := 12
	var monthW, yearW vg.Length
	if m.width != 0 {
		for _, t := range m.months {
			monthW = max(monthW, m.style.Width(monthLabel(t, 1)))
			yearW = max(yearW, m.style.Width(monthLabel(t, 12)))
		}
	}
	for _, s := range []int{1, 2, 3, 6, 12} {
		if m.width == 0 {
			if len(m.months)/s <= 9 {
				step = s
				break
			}
			continue
		}
		widest := monthW
		if s >= 12 {
			widest = yearW
		}
		if m.width*vg.Length(float64(s)/math.Max(1, hi-lo)) >= widest+tickGap {
			step = s
			break
		}
	}
	var ts []plot.Tick
	for i, t := range m.months {
		tk := plot.Tick{Value: float64(i)}
		if (t.Year()*12+int(t.Month())-1)%step == 0 {
			tk.Label = monthLabel(t, step)
		}
		ts = append(ts, tk)
	}
	return ts
}

// countLabel writes an axis count for people: 500,000, 1.5M, 12; millions
// with up to digits decimals, and from 100,000 on an axis that reaches a
// million (millions).
func countLabel(v float64, digits int, millions bool) string {
	switch a := math.Abs(v); {
	case a >= 1e6 || millions && a >= 1e5:
		s := strconv.FormatFloat(v/1e6, 'f', digits, 64)
		if strings.Contains(s, ".") {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
		return s + "M"
	case a >= 1e3 && v == math.Trunc(v):
		return Thousands(int64(v))
	default:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
}

// levelLabel writes a sweep level for an axis: a number with thousands
// separators or in millions ("10 million"), other text as it is.
func levelLabel(s string) string {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	if math.Abs(v) >= 1e6 || (v == math.Trunc(v) && math.Abs(v) >= 1e4) {
		return Short(v)
	}
	if v == math.Trunc(v) {
		return Thousands(int64(v))
	}
	return s
}
