package serve

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/output"
)

// Difference is a headline figure of a what-if against its baseline,
// replication by replication (the same random numbers where the two share
// a process), with the 95% interval of the mean difference.
type Difference struct {
	Key      string  `json:"key"`
	Label    string  `json:"label"`
	Baseline float64 `json:"baseline"` // mean over replications
	WhatIf   float64 `json:"whatif"`
	Mean     float64 `json:"mean"` // mean of what-if minus baseline
	// Low and High bound the 95% interval of Mean; NaN (null) with one
	// replication.
	Low   *float64 `json:"low"`
	High  *float64 `json:"high"`
	Words string   `json:"words"` // "the backlog at the end falls by 1.7 million, 1.64-1.75 million"
}

// differences are the figures the page compares.
var differenceFigures = []struct {
	key, label, unit string
	value            func(model.Figures) float64
}{
	{"backlog_end", "the backlog at the end", "", func(f model.Figures) float64 { return float64(f.BacklogEnd) }},
	{"peak_backlog", "the peak backlog", "", func(f model.Figures) float64 { return float64(f.PeakBacklog) }},
	{"printed_total", "cards printed", "", func(f model.Figures) float64 { return float64(f.PrintedTotal) }},
	{"mean_wait_days", "the mean wait", " days", func(f model.Figures) float64 { return f.MeanWait }},
	{"lost_hours", "printer-hours lost", "", func(f model.Figures) float64 { return f.LostHours }},
}

// Differences pairs the replications of a what-if with its baseline's
// (same count: same seed and replications).
func Differences(base, what []model.Figures) ([]Difference, error) {
	if len(base) != len(what) || len(base) == 0 {
		return nil, fmt.Errorf("serve: %d replications against %d", len(what), len(base))
	}
	var out []Difference
	for _, f := range differenceFigures {
		d := Difference{Key: f.key, Label: f.label}
		xs := make([]float64, len(base))
		for i := range base {
			b, w := f.value(base[i]), f.value(what[i])
			d.Baseline += b / float64(len(base))
			d.WhatIf += w / float64(len(base))
			xs[i] = w - b
			d.Mean += xs[i] / float64(len(base))
		}
		lo, hi := output.CI95(xs)
		d.Low, d.High = finite(lo), finite(hi)
		d.Words = words(f.label, f.unit, d.Mean, lo, hi)
		if math.IsNaN(d.Mean) {
			d.Mean, d.Baseline, d.WhatIf = 0, 0, 0
		}
		out = append(out, d)
	}
	return out, nil
}

// finite is v, or nil (null) for NaN and infinities.
func finite(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

// words says a difference as a planner reads it: "the backlog at the
// end falls by 1.7 million, 1.64-1.75 million" (the interval's bounds
// as amounts of change: a fall of 1.64 to 1.75 million).
func words(label, unit string, mean, lo, hi float64) string {
	if math.IsNaN(mean) {
		return label + ": not known (nothing printed in a replication)"
	}
	rlo, rhi := lo, hi
	verb := "rises by"
	if mean < 0 {
		verb = "falls by"
		lo, hi = -hi, -lo
	}
	if mean == 0 && (math.IsNaN(lo) || lo == hi) {
		return label + " does not change"
	}
	s := fmt.Sprintf("%s %s %s%s", label, verb, Amount(math.Abs(mean)), unit)
	switch {
	case math.IsNaN(lo):
		s += " (one replication: no interval; run more to see how sure this is)"
	case lo <= 0 && hi >= 0 && mean != 0:
		s += fmt.Sprintf(", but its 95%% interval, %s to %s%s, includes no change", signedAmount(rlo), signedAmount(rhi), unit)
	default:
		s += ", " + rangeText(lo, hi) + unit
	}
	return s
}

// signedAmount writes a change with its sign: -1,200, +3.4 thousand.
func signedAmount(v float64) string {
	if v < 0 {
		return Amount(v)
	}
	return "+" + Amount(v)
}

// rangeText writes lo-hi with the unit word once: "1.64-1.75 million".
func rangeText(lo, hi float64) string {
	a, b := Amount(lo), Amount(hi)
	for _, w := range []string{" million", " thousand"} {
		if strings.HasSuffix(a, w) && strings.HasSuffix(b, w) {
			return strings.TrimSuffix(a, w) + "-" + b
		}
	}
	return a + "-" + b
}

// Amount writes a count as a planner says it: 1,706; 26.3 thousand; 1.7
// million; three significant figures from ten thousand up, whole numbers
// from a hundred, one decimal from ten, two significant figures below
// (0.42 days).
func Amount(v float64) string {
	a := math.Abs(v)
	sign := ""
	if v < 0 {
		sign = "-"
	}
	switch {
	case a >= 1e6:
		return sign + sig3(a/1e6) + " million"
	case a >= 1e4:
		return sign + sig3(a/1e3) + " thousand"
	case a >= 100 || a == math.Trunc(a):
		return sign + commas(int64(math.Round(a)))
	case a >= 10:
		return sign + strings.TrimSuffix(strconv.FormatFloat(a, 'f', 1, 64), ".0")
	default:
		return sign + strconv.FormatFloat(a, 'g', 2, 64)
	}
}

func sig3(v float64) string {
	p := 2
	switch {
	case v >= 100:
		p = 0
	case v >= 10:
		p = 1
	}
	s := strconv.FormatFloat(v, 'f', p, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

func commas(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
