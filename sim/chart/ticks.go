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
// months ("Jan 2017") or every 1 or 2 years ("2017"): the closest spacing
// whose labels fit the axis's width without touching. Values are days
// since the epoch. With no width (not laid out yet) it assumes 8 labels.
type dateTicks struct {
	width vg.Length
	style text.Style
}

func (d dateTicks) Ticks(min, max float64) []plot.Tick {
	lo, hi := valueDay(min), valueDay(max)
	months := (hi.Year()-lo.Year())*12 + int(hi.Month()-lo.Month())
	steps := []int{1, 2, 3, 6, 12, 24, 48}
	step := steps[len(steps)-1]
	var monthW, yearW vg.Length // the widest "Jan 2017" and "2017"
	if d.width != 0 {
		for t := time.Date(lo.Year(), lo.Month(), 1, 0, 0, 0, 0, time.UTC); !t.After(hi); t = t.AddDate(0, 1, 0) {
			monthW = vg.Length(math.Max(float64(monthW), float64(d.style.Width(monthLabel(t, 1)))))
			if t.Month() == time.January || t.Equal(time.Date(lo.Year(), lo.Month(), 1, 0, 0, 0, 0, time.UTC)) {
				yearW = vg.Length(math.Max(float64(yearW), float64(d.style.Width(monthLabel(t, 12)))))
			}
		}
	}
	for _, s := range steps {
		if d.width == 0 {
			if months/s <= 8 {
				step = s
				break
			}
			continue
		}
		// The narrowest gap between labels is the shortest stretch of s
		// months (28 days for one February).
		room := d.width * vg.Length(float64(28*s)/(max-min))
		widest := monthW
		if s >= 12 {
			widest = yearW
		}
		if room >= widest+tickGap {
			step = s
			break
		}
	}
	minor := 1
	switch {
	case step >= 24:
		minor = 12
	case step >= 6:
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
		if m%step == 0 {
			tk.Label = monthLabel(t, step)
		}
		ts = append(ts, tk)
	}
	return ts
}

func monthLabel(t time.Time, step int) string {
	if step >= 12 {
		return t.Format("2006")
	}
	return t.Format("Jan 2006")
}

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
// with up to digits decimals.
func countLabel(v float64, digits int) string {
	switch a := math.Abs(v); {
	case a >= 1e6:
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
