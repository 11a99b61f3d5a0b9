package report

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/ektpsim/ektpsim/sim/chart"
	"github.com/ektpsim/ektpsim/sim/results"
)

// fact is one figure of a run as the briefing writes it, in the key table
// and in every sentence that uses it: one text, one rounding.
type fact struct {
	Key   string // a results.Figure key, or the briefing's own; a focus region's is regionKey's
	Label string
	Text  string // "" when the run has no such figure
	Value float64
	// Nation marks, in a run with a focus, the nation's figures: context,
	// folded below the focus regions'.
	Nation bool
}

// regionKey is the key of a focus region's figure among a run's facts.
func regionKey(region, key string) string { return "in " + region + ": " + key }

// figureKey is the results.Figure key of a fact's key (a focus region's
// figure has its region's prefix).
func figureKey(k string) string {
	if strings.HasPrefix(k, "in ") {
		if i := strings.LastIndex(k, ": "); i >= 0 {
			return k[i+2:]
		}
	}
	return k
}

// facts are every figure a run's briefing says, in table order: the
// headline figures (results.Headlines), then the lost hours by cause and
// the briefing's own (the worst-hit region, the last day's waiting work,
// the spread over replications, the central server's full spell).
type facts struct {
	list []fact
	by   map[string]fact
}

func (fs *facts) add(f fact) {
	fs.list = append(fs.list, f)
	fs.by[f.Key] = f
}

// text is a figure's text, "" if the run has none.
func (fs *facts) text(key string) string { return fs.by[key].Text }

// area names what the run's figures are of: "the nation", or the one
// region of a city scenario.
func area(r *chart.Run) string {
	if len(r.Scenario.Regions) == 1 {
		return r.Scenario.Regions[0].Name
	}
	return "the nation"
}

// focus are the regions a run is about: its scenario's focus (or
// --region); for a result written before focus existed, the city of a
// city scenario (city).
func focus(r *chart.Run) []string {
	if len(r.Scenario.Focus) > 0 {
		return r.Scenario.Focus
	}
	if c := city(r); c != "" {
		return []string{c}
	}
	return nil
}

// city is the city a city scenario is about: its one region with a
// population, beside regions that stand for the rest of the country
// (no population); "" for other scenarios.
func city(r *chart.Run) string {
	regs := r.Scenario.Regions
	if len(regs) < 2 || len(regs) > 3 {
		return ""
	}
	name := ""
	for _, g := range regs {
		if g.Population > 0 {
			if name != "" {
				return ""
			}
			name = g.Name
		}
	}
	return name
}

func factsOf(r *chart.Run) *facts {
	s := &r.Summary
	fs := &facts{by: map[string]fact{}}
	for _, h := range results.Headlines() {
		f := fact{Key: h.Key, Label: h.Label, Value: math.NaN()}
		if h.Format == results.Date {
			f.Text = "never"
			if t := s.Text("", h.Key); t != "" {
				f.Text = longDate(t)
			}
		} else if v, ok := s.Number("", h.Key); ok {
			f.Value, f.Text = v, h.Text(v)
		}
		if h.Key == results.StockoutDays && len(r.Scenario.Regions) == 1 {
			f.Label = "days out of blanks"
		}
		fs.add(f)
	}
	for _, c := range results.Causes() {
		v, ok := s.Cause("", c.Key)
		label := "printer-hours lost: " + c.Label
		if !c.Working {
			label = "printer-hours of broken printers (not in the lost hours)"
		}
		f := fact{Key: "cause_" + c.Key, Label: label, Value: math.NaN()}
		if ok {
			f.Value, f.Text = v, results.Thousands(int64(math.Round(v)))
		}
		fs.add(f)
	}
	for _, c := range focus(r) {
		for _, h := range results.Headlines() {
			if h.NationOnly {
				continue
			}
			f := fact{Key: regionKey(c, h.Key), Label: c + ": " + h.Label, Value: math.NaN()}
			if h.Key == results.StockoutDays {
				f.Label = c + ": days out of blanks"
			}
			if h.Format == results.Date {
				f.Text = "never"
				if t := s.Text(c, h.Key); t != "" {
					f.Text = longDate(t)
				}
			} else if v, ok := s.Number(c, h.Key); ok {
				f.Value, f.Text = v, h.Text(v)
			}
			fs.add(f)
		}
	}
	if len(r.Scenario.Regions) > 1 && len(focus(r)) == 0 {
		f := fact{Key: "worst_region", Label: "days the worst-hit region is out of blanks", Value: math.NaN()}
		if worst := worstHit(s); len(worst) == 1 {
			d, _ := s.Number(worst[0], results.StockoutDays)
			f.Value, f.Text = d, fmt.Sprintf("%s (%s)", results.Thousands(int64(math.Round(d))), worst[0])
		}
		fs.add(f)
	}
	// The last day's waiting work: the mean over replications when there
	// are several (bands.csv), the one run's otherwise.
	last := func(metric string) float64 {
		if b, ok := r.Bands[metric]; ok && len(b.Mean) == len(r.Dates) {
			return b.Mean[len(b.Mean)-1]
		}
		if v := r.Nation[metric]; len(v) == len(r.Dates) && !math.IsNaN(v[len(v)-1]) {
			return v[len(v)-1]
		}
		return 0
	}
	if len(r.Dates) > 0 {
		ready := last("print_ready")
		centre := last("awaiting_intake") + last("unsent")
		fs.add(fact{Key: "ready_end", Label: "print-ready on the last day", Value: ready, Text: results.Thousands(int64(math.Round(ready)))})
		fs.add(fact{Key: "centre_end", Label: "not yet taken in by the central server on the last day", Value: centre, Text: results.Thousands(int64(math.Round(centre)))})
	}
	if s.Replications > 1 {
		lo, ok1 := s.Number("", results.BacklogEnd+"_p05")
		hi, ok2 := s.Number("", results.BacklogEnd+"_p95")
		f := fact{Key: "backlog_end_range", Label: "backlog at the end: 90% of replications within", Value: math.NaN()}
		if ok1 && ok2 {
			f.Text = results.Thousands(int64(math.Round(lo))) + " to " + results.Thousands(int64(math.Round(hi)))
		}
		fs.add(f)
	} else if from, to, ok := fullSpell(r); ok {
		f := fact{Key: "full_spell", Label: "central server full", Value: math.NaN()}
		f.Text = "from " + r.Dates[from].Format("2 January 2006")
		if to > 0 {
			f.Text += fmt.Sprintf(" until %s (%s)", r.Dates[to].Format("2 January 2006"), daysWords(to-from))
		} else {
			f.Text += " to the end"
		}
		fs.add(f)
	}
	if len(focus(r)) > 0 {
		// A run with a focus is about its focus regions: their rows
		// lead, and the others, marked, are the nation's.
		var lead, rest []fact
		for _, f := range fs.list {
			if figureKey(f.Key) != f.Key {
				lead = append(lead, f)
			} else {
				f.Label = "nation: " + f.Label
				f.Nation = true
				fs.by[f.Key] = f
				rest = append(rest, f)
			}
		}
		fs.list = append(lead, rest...)
	}
	return fs
}

// daysWords says a number of days: "1 day", "286 days".
func daysWords(n int) string {
	if n == 1 {
		return "1 day"
	}
	return results.Thousands(int64(n)) + " days"
}

// keyTable is the key figures of runs side by side, with, for every run
// after the first, its difference from the first and (when their
// replications pair) the paired 95% interval of the difference.
func keyTable(runs []*chart.Run, all []*facts) (head []string, lead, nation []Row) {
	for _, r := range runs {
		head = append(head, r.Name)
	}
	paired := make([]map[string]chart.Paired, len(runs))
	for i := 1; i < len(runs); i++ {
		if len(runs) == 2 {
			head = append(head, "difference")
		} else {
			head = append(head, "difference: "+runs[i].Name)
		}
		paired[i] = map[string]chart.Paired{}
		for _, p := range chart.PairedDifferences(runs[0], runs[i]) {
			paired[i][p.Figure] = p
		}
		for _, c := range focus(runs[0]) {
			for _, p := range results.RegionPairedDifferences(runs[0], runs[i], c) {
				paired[i][regionKey(c, p.Figure)] = p
			}
		}
		if len(paired[i]) > 0 {
			head = append(head, "95% interval of the difference (paired)")
		}
	}
	// Rows in the first run's order, then any the others add.
	var keys []string
	seen := map[string]bool{}
	label := map[string]string{}
	isNation := map[string]bool{}
	for _, fs := range all {
		for _, f := range fs.list {
			if !seen[f.Key] {
				seen[f.Key] = true
				keys = append(keys, f.Key)
				label[f.Key] = f.Label
				isNation[f.Key] = f.Nation
			}
		}
	}
	for _, k := range keys {
		row := Row{Label: label[k]}
		empty := true
		for _, fs := range all {
			t := fs.by[k].Text
			row.Cells = append(row.Cells, t)
			if t != "" && t != "0" {
				empty = false
			}
		}
		// Causes no run lost time to are left out.
		if empty && len(k) > 6 && k[:6] == "cause_" {
			continue
		}
		for i := 1; i < len(runs); i++ {
			row.Cells = append(row.Cells, difference(all[0].by[k], all[i].by[k], runs[0], runs[i], k))
			if len(paired[i]) > 0 {
				cell := ""
				if p, ok := paired[i][k]; ok {
					cell = fmt.Sprintf("%s to %s", signed(p.Lo, k), signed(p.Hi, k))
					if f, _ := results.FigureByKey(figureKey(k)); f.Format == results.Date {
						cell += " days"
					}
				}
				row.Cells = append(row.Cells, cell)
			}
		}
		if isNation[k] {
			nation = append(nation, row)
		} else {
			lead = append(lead, row)
		}
	}
	return head, lead, nation
}

// difference is a row's difference of run b from run a, as the row's
// figures are written: "+12", "-1.5", "+31 days" for dates.
func difference(a, b fact, ra, rb *chart.Run, key string) string {
	region := ""
	if fk := figureKey(key); fk != key {
		region = strings.TrimPrefix(key[:len(key)-len(fk)-2], "in ")
		key = fk
	}
	if f, ok := results.FigureByKey(key); ok && f.Format == results.Date {
		ta, tb := ra.Summary.Text(region, key), rb.Summary.Text(region, key)
		da, errA := parseDay(ta)
		db, errB := parseDay(tb)
		if errA != nil || errB != nil {
			return ""
		}
		d := int(db.Sub(da).Hours() / 24)
		if d == 0 {
			return "0 days"
		}
		return fmt.Sprintf("%+d days", d)
	}
	if math.IsNaN(a.Value) || math.IsNaN(b.Value) {
		return ""
	}
	return signed(roundedDiff(a.Value, b.Value, key), key)
}

// roundedDiff is b - a rounded as its figure is written: the difference
// of the figures themselves, as compare.csv, the paired interval, the
// sentences and the experiment's findings have it (a mean wait of 250.24
// against 200.55 differs by -49.7, where the rounded 250.2 and 200.6
// would say -49.6), so it may differ by one in its last digit from the
// difference of the two figures shown, which the table says.
func roundedDiff(a, b float64, key string) float64 {
	f, ok := results.FigureByKey(figureKey(key))
	if !ok {
		f = results.Figure{Format: results.Whole}
	}
	d := f.Rounded(b - a)
	if f.Format == results.Days {
		d = math.Round(d*10) / 10
	}
	return d
}

// signed writes a difference as its figure is written, with a sign.
func signed(x float64, key string) string {
	text := results.Thousands(int64(math.Round(x)))
	if f, ok := results.FigureByKey(figureKey(key)); ok {
		if f.Format == results.Date {
			f.Format = results.Days // a difference of dates, in days
		}
		text = f.Text(x)
	}
	if text == "0" || text == "0.0" || text == "-0" || text == "-0.0" {
		return "0"
	}
	if x > 0 {
		return "+" + text
	}
	return text
}

// sortedCauses are the working causes of a run by lost hours, most first.
func sortedCauses(fs *facts) []results.Cause {
	var cs []results.Cause
	for _, c := range results.Causes() {
		if c.Working && fs.by["cause_"+c.Key].Value > 0 {
			cs = append(cs, c)
		}
	}
	sort.SliceStable(cs, func(i, j int) bool {
		return fs.by["cause_"+cs[i].Key].Value > fs.by["cause_"+cs[j].Key].Value
	})
	return cs
}

// worstHit is the region with the most stock-out days, focus aside.
func worstHit(s *results.Summary) []string {
	c := *s
	c.Focus = nil
	return chart.StockRegions(&c, 1)
}
