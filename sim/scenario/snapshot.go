package scenario

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Validation of the keys that give a run's initial state beyond the plain
// backlog and stocks: the keys a snapshot writes (docs/snapshot.md).

// OriginDay is the day the plain backlog was certified: Origin, or the
// start.
func (sc *Scenario) OriginDay() Date {
	if sc.Origin == nil {
		return sc.Start
	}
	return *sc.Origin
}

// stateTop checks origin and the central keys of the initial state.
func (v *validator) stateTop() {
	sc := v.sc
	if o := sc.Origin; o != nil {
		switch {
		case o.Days() > sc.Start.Days():
			v.at("origin", "%s is after start %s; the backlog's origin is on or before the start", o, sc.Start)
		case sc.Start.Days()-o.Days() >= MaxYears*366:
			v.at("origin", "%s is more than %d years before the start", o, MaxYears)
		}
	}
	v.inProgress("central.outages.in_progress", sc.Central.Outages.InProgress)
	b := &sc.Central.Blanks
	if a := b.Allocation; a != nil && a.Next != nil {
		const p = "central.blanks.allocation.next"
		switch {
		case a.Every == nil:
			v.at(p, "needs every (the time between scheduled allocations)")
		case a.Next.Days() < sc.Start.Days():
			v.at(p, "%s is before start %s", a.Next, sc.Start)
		}
	}
	names := map[string]int{}
	var list []string
	for i, r := range sc.Regions {
		names[r.Name] = i
		list = append(list, r.Name)
	}
	for i, q := range b.Requests {
		p := fmt.Sprintf("central.blanks.requests[%d]", i)
		if b.Stock.Unlimited {
			v.at(p, "a waiting request needs a finite central.blanks.stock (an unlimited store fills every request at once)")
		}
		j, ok := names[q.Region]
		if !ok {
			msg := fmt.Sprintf("no region named %q in this scenario", q.Region)
			if s := suggest(q.Region, list); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			v.at(p+".region", "%s", msg)
			continue
		}
		if q.Amount == 0 {
			v.at(p+".amount", "missing or 0; a request asks for blanks")
		}
		if !v.has(p + ".orders") {
			v.at(p+".orders", "missing; the number of orders of amount waiting, e.g. 1")
		}
		if sc.Regions[j].Blanks.Reorder == nil {
			v.at(p, "regions[%d] (%q) has no blanks.reorder; a waiting request is one of its reorders", j, q.Region)
		}
	}
}

// stateRegion checks a region's keys of the initial state.
func (v *validator) stateRegion(p string, r *Region) {
	sc := v.sc
	origin := sc.OriginDay()
	for i, c := range r.Backlog.Cohorts {
		q := fmt.Sprintf("%s.backlog.cohorts[%d]", p, i)
		if c.Recorded == nil {
			// The plain backlog's, certified on the origin.
		} else if c.Recorded.Days() >= sc.Start.Days() {
			v.at(q+".recorded", "%s is not before start %s; a cohort is backlog from before the start", c.Recorded, sc.Start)
		} else if c.Recorded.Days() < origin.Days() {
			v.at(q+".recorded", "%s is before the origin %s; set origin: %s or earlier", c.Recorded, origin, c.Recorded)
		}
		held := c.Stage == StageDuplicates || c.Stage == StageInVerification
		switch {
		case !v.oneOf(q, "stage", "stage", c.Stage, Stages):
		case held && c.Release == nil:
			v.at(q, "stage %s needs release (the time after the start it becomes print-ready, e.g. 2d)", c.Stage)
		case !held && c.Release != nil:
			v.at(q+".release", "only records in verification or with duplicates have a release time")
		}
		switch {
		case c.Daily != nil && (v.has(q+".class") || v.has(q+".count")):
			v.at(q+".daily", "give class and count, or daily, not both")
		case c.Daily != nil && c.Recorded == nil:
			v.at(q+".daily", "needs recorded, the day of the first counts")
		case c.Daily != nil:
			for k := Class(0); int(k) < NumClasses; k++ {
				if n := int64(len(c.Daily.Of(k))); n > 0 && c.Recorded.Days()+n > sc.Start.Days() {
					v.at(fmt.Sprintf("%s.daily.%s", q, k), "%d days from %s run past the day before start %s", n, c.Recorded, sc.Start)
				}
			}
		case !v.has(q + ".class"):
			v.at(q, "missing class; the classes are first_time, replacement and element_change")
		case !v.has(q + ".count"):
			v.at(q, "missing count, the records of the cohort (or give daily: counts by class and day)")
		case c.Count == 0:
			v.at(q+".count", "0 records: a cohort counts 1 or more; leave the cohort out instead")
		}
	}
	for _, k := range []struct {
		path  string
		ships []Shipment
		stock Amount
	}{{p + ".blanks.on_order", r.Blanks.OnOrder, r.Blanks.Stock}, {p + ".ribbons.on_order", r.Ribbons.OnOrder, r.Ribbons.Stock}} {
		for i, s := range k.ships {
			q := fmt.Sprintf("%s[%d]", k.path, i)
			if k.stock.Unlimited {
				v.at(q, "an order on its way needs a finite stock")
			}
			if !v.has(q + ".in") {
				v.at(q, "missing in (the time after the start it arrives, e.g. 3d)")
			}
			switch s.Kind {
			case "", ShipReorder:
			case ShipAllotment:
				if k.path == p+".ribbons.on_order" {
					v.at(q+".kind", "ribbons come by reorder only; allotments are of blanks")
				}
			default:
				v.at(q+".kind", "%q is not a kind of order; use reorder or allotment", s.Kind)
			}
		}
	}
	v.inProgress(p+".outages.in_progress", r.Outages.InProgress)
	if r.Ribbons.Cards != nil && r.Ribbons.Stock.Unlimited {
		v.at(p+".ribbons.cards", "needs a finite ribbons.stock (cards is the stock in cards' worth)")
	}
	for i := range r.Sites {
		s := &r.Sites[i]
		q := fmt.Sprintf("%s.sites[%d]", p, i)
		var broken int64
		for j, b := range s.Broken {
			if !v.has(fmt.Sprintf("%s.broken[%d].for", q, j)) {
				v.at(fmt.Sprintf("%s.broken[%d]", q, j), "missing for (how much longer the repair takes, e.g. 20h)")
			}
			broken += b.Printers
		}
		if broken > r.PrintersAt(i) {
			v.at(q+".broken", "%d printers under repair, but the site has %d", broken, r.PrintersAt(i))
		}
		if s.Progress >= 1 {
			v.at(q+".progress", "%v is not below 1; progress is the fraction of one card under way", s.Progress)
		}
		if s.UPSCharge != nil {
			hours := r.UPSHours
			if s.UPSHours != nil {
				hours = *s.UPSHours
			}
			if *s.UPSCharge > hours {
				v.at(q+".ups_charge", "%vh is more than the site's UPS holds (%vh)", float64(*s.UPSCharge), float64(hours))
			}
		}
	}
}

// DayCounts are record counts of consecutive days, written as whole
// numbers separated by spaces, a run of k equal counts as n*k:
// "0*12 40 40 7" is twelve days of none, then 40, 40 and 7.
type DayCounts struct{ N []int64 }

// maxDayCount is the most records one day of a cohort may count.
const maxDayCount = 1e12

func (c *DayCounts) setScalar(n *yaml.Node) error {
	c.N = nil
	for _, f := range strings.Fields(n.Value) {
		num, rep := f, "1"
		if i := strings.IndexByte(f, '*'); i >= 0 {
			num, rep = f[:i], f[i+1:]
		}
		v, err := parseWhole(num)
		if err != nil || v < 0 || v > maxDayCount {
			return fmt.Errorf("%q is not a count of records (a whole number from 0 to %s, or n*days)", f, thousands(maxDayCount))
		}
		k, err := parseWhole(rep)
		if err != nil || k < 1 || k > MaxYears*366 || int64(len(c.N))+k > MaxYears*366 {
			return fmt.Errorf("%q: the days must be a whole number from 1, and all of them at most %d", f, MaxYears*366)
		}
		for range k {
			c.N = append(c.N, v)
		}
	}
	return nil
}

// MarshalYAML writes runs of equal counts as n*k.
func (c DayCounts) MarshalYAML() (any, error) {
	var b strings.Builder
	for i := 0; i < len(c.N); {
		j := i
		for j < len(c.N) && c.N[j] == c.N[i] {
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.FormatInt(c.N[i], 10))
		if j-i > 1 {
			b.WriteString("*" + strconv.Itoa(j-i))
		}
		i = j
	}
	return b.String(), nil
}

// MarshalYAML writes a cohort on one line.
func (c Cohort) MarshalYAML() (any, error) {
	type fields Cohort
	var n yaml.Node
	if err := n.Encode(fields(c)); err != nil {
		return nil, err
	}
	n.Style = yaml.FlowStyle
	return &n, nil
}

// inProgress checks outages under way at the start.
func (v *validator) inProgress(path string, os []OutageNow) {
	kinds := []string{"network", "power", "application"}
	for i, o := range os {
		q := fmt.Sprintf("%s[%d]", path, i)
		if !slices.Contains(kinds, o.Kind) {
			msg := fmt.Sprintf("%q is not a kind of outage; use network, power or application", o.Kind)
			if s := suggest(o.Kind, kinds); s != "" {
				msg = fmt.Sprintf("%q is not a kind of outage; did you mean %q?", o.Kind, s)
			}
			v.at(q+".kind", "%s", msg)
		}
		if !v.has(q + ".for") {
			v.at(q, "missing for (how much longer the outage lasts, e.g. 5h)")
		}
	}
}
