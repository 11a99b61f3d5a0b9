package report

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ektpsim/ektpsim/sim/results"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// Words for the assumptions: the scenario's values as a planner reads
// them, not as the YAML writes them.

// weekdays says the working days: "Monday to Friday", "Monday, Wednesday
// and Friday".
func weekdays(ws []scenario.Weekday) string {
	if len(ws) == 0 {
		return "none"
	}
	run := true
	for i := 1; i < len(ws); i++ {
		run = run && ws[i] == ws[i-1]+1
	}
	name := func(w scenario.Weekday) string { return time.Weekday(w).String() }
	if run && len(ws) >= 3 {
		return name(ws[0]) + " to " + name(ws[len(ws)-1])
	}
	var names []string
	for _, w := range ws {
		names = append(names, name(w))
	}
	return andList(names)
}

func andList(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// clock says a time of day: 8 -> "08:00".
func clock(h float64) string {
	m := int(math.Round(h * 60))
	return fmt.Sprintf("%02d:%02d", m/60, m%60)
}

// durationWords says a duration written with a unit: "20d" -> "20 days",
// "6h" -> "6 hours", "90m" -> "90 minutes".
func durationWords(s string) string {
	s = strings.TrimSpace(s)
	units := []struct{ suffix, one, many string }{{"d", "day", "days"}, {"h", "hour", "hours"}, {"m", "minute", "minutes"}, {"w", "week", "weeks"}}
	for _, u := range units {
		if n, ok := strings.CutSuffix(s, u.suffix); ok {
			if v, err := strconv.ParseFloat(n, 64); err == nil {
				if v == 1 {
					return "1 " + u.one
				}
				return strconv.FormatFloat(v, 'f', -1, 64) + " " + u.many
			}
		}
	}
	return s
}

var distForm = regexp.MustCompile(`^\s*([a-z]+)\((.*)\)\s*$`)

// distWords says a random quantity in words: "exponential(20d)" -> "20
// days on average", "lognormal(mean=6h, sd=4h)" -> "6 hours on average
// (standard deviation 4 hours)", "uniform(12h, 48h)" -> "12 to 48 hours".
// A form it does not know is given as written.
func distWords(text string) string {
	m := distForm.FindStringSubmatch(text)
	if m == nil {
		return durationWords(text)
	}
	args := map[string]string{}
	var pos []string
	for _, a := range strings.Split(m[2], ",") {
		a = strings.TrimSpace(a)
		if k, v, ok := strings.Cut(a, "="); ok {
			args[strings.TrimSpace(k)] = durationWords(v)
		} else {
			pos = append(pos, durationWords(a))
		}
	}
	get := func(key string, i int) string {
		if v, ok := args[key]; ok {
			return v
		}
		if i < len(pos) {
			return pos[i]
		}
		return ""
	}
	switch m[1] {
	case "fixed":
		return get("value", 0)
	case "exponential", "poisson":
		return get("mean", 0) + " on average"
	case "uniform":
		return rangeWords(get("min", 0), get("max", 1))
	case "triangular":
		return rangeWords(get("min", 0), get("max", 2)) + ", most often " + get("mode", 1)
	case "lognormal", "gamma":
		if mean, sd := get("mean", 0), get("sd", 1); mean != "" && sd != "" {
			return mean + " on average (standard deviation " + sd + ")"
		}
	}
	return text
}

// rangeWords says "12 hours to 48 hours" as "12 to 48 hours".
func rangeWords(lo, hi string) string {
	a, ua, _ := strings.Cut(lo, " ")
	b, ub, _ := strings.Cut(hi, " ")
	if ua == ub || ua+"s" == ub {
		return a + " to " + b + " " + ub
	}
	return lo + " to " + hi
}

// renewalWords says an outage process: "every 20 days on average, lasting
// 6 hours on average (standard deviation 4 hours)".
func renewalWords(r *scenario.Renewal) string {
	return "every " + distWords(r.Every.Text) + ", lasting " + distWords(r.Lasting.Text)
}

// amount says a count that may be unlimited.
func amount(a scenario.Amount) string {
	if a.Unlimited {
		return "unlimited"
	}
	return results.Thousands(a.N)
}

// hoursWords says a number of hours: "12 hours", "1 hour".
func hoursWords(h float64) string {
	if h == 1 {
		return "1 hour"
	}
	return strconv.FormatFloat(h, 'f', -1, 64) + " hours"
}
