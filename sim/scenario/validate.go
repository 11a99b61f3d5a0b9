package scenario

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ektpsim/ektpsim/sim/dist"

	"gopkg.in/yaml.v3"
)

// Limits that keep a run within what one machine can hold. They are far
// above any real scenario and exist to turn a typing slip (a horizon of
// 3650w) into a message instead of an hour of computing.
const (
	MaxYears   = 50
	MaxRegions = 20000
)

type validator struct {
	sc   *Scenario
	d    *decoder
	file string
	root *yaml.Node
	// nameFromFile: the scenario has no name: key and is named after its
	// file.
	nameFromFile bool
	// reported are the key paths with a problem, so that a key gets one.
	reported map[string]bool
}

// at reports a problem at the value of key path, or at the nearest
// enclosing key that was written, or at the file when nothing was.
func (v *validator) at(path, format string, args ...any) {
	// A key whose value could not be read has its problem already: what
	// validation would add ("missing or 0") is about the same mistake.
	if v.reported == nil {
		v.reported = map[string]bool{}
		for _, p := range v.d.problems {
			v.reported[p.Key] = true
		}
	}
	if v.reported[path] {
		return
	}
	v.reported[path] = true
	loc, ok := v.loc(path)
	for p := path; !ok && p != ""; {
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			p = ""
			break
		}
		p = p[:i]
		loc, ok = v.loc(p)
	}
	if !ok {
		loc = Loc{File: v.file}
	}
	v.d.problems = append(v.d.problems, Problem{Loc: loc, Key: path, Msg: fmt.Sprintf(format, args...)})
}

// oneOf checks that key of the mapping at path is one of choices (noun
// names them in messages: "allocation policy"): missing, or unknown with
// the closest choice suggested, it reports the problem and returns false.
func (v *validator) oneOf(path, key, noun, value string, choices []string) bool {
	switch {
	case !v.has(path + "." + key):
		v.at(path, "missing %s; use %s", key, orList(choices))
	case !slices.Contains(choices, value):
		msg := fmt.Sprintf("%q is not a%s %s; use %s", value, article(noun), noun, orList(choices))
		if s := suggest(value, choices); s != "" {
			msg = fmt.Sprintf("%q is not a%s %s; did you mean %q?", value, article(noun), noun, s)
		}
		v.at(path+"."+key, "%s", msg)
	default:
		return true
	}
	return false
}

// article is "n" before a noun that starts with a vowel (an allocation
// policy), else "".
func article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "n"
	}
	return ""
}

// loc is where the value of key path was written, if it was.
func (v *validator) loc(path string) (Loc, bool) {
	if n := find(v.root, path); n != nil {
		return v.d.loc(n), true
	}
	return Loc{}, false
}

func (v *validator) has(path string) bool { _, ok := v.loc(path); return ok }

func (v *validator) check() {
	sc := v.sc
	if !v.has("start") {
		v.at("start", "missing; give the first simulated day, e.g. start: 2017-01-01")
		return
	}
	switch {
	case v.has("end") && v.has("horizon"):
		v.at("horizon", "give end or horizon, not both")
	case v.has("horizon") && sc.Horizon.Hours >= MaxYears*366*24:
		v.at("horizon", "the run is longer than %d years; ektpsim refuses it rather than run for hours (shorten end or horizon)", MaxYears)
		return
	case v.has("horizon"):
		days := int64(sc.Horizon.Hours / 24)
		if sc.Horizon.Hours != float64(days)*24 || days < 1 {
			v.at("horizon", "must be a whole number of days, at least 1d")
		}
	case !v.has("end"):
		v.at("end", "missing; give the last simulated day (end: 2018-12-31) or a horizon (horizon: 365d)")
		return
	}
	end := sc.EndDay()
	if end.Days() < sc.Start.Days() {
		v.at("end", "%s is before start %s", end, sc.Start)
		return
	}
	if end.Days()-sc.Start.Days() >= MaxYears*366 {
		key := "end"
		if !v.has("end") {
			key = "horizon"
		}
		v.at(key, "the run is longer than %d years; ektpsim refuses it rather than run for hours (shorten end or horizon)", MaxYears)
		return
	}
	if msg := ScenarioNameProblem(sc.Name); msg != "" {
		if v.nameFromFile {
			v.d.problems = append(v.d.problems, Problem{Loc: Loc{File: v.file}, Key: "name", Msg: fmt.Sprintf("the scenario is named after its file, %q, which %s; give it a name: in the file", sc.Name, msg)})
		} else {
			v.at("name", "%s", msg)
		}
	}
	if sc.CertificateValidity.Hours < 24 {
		v.at("certificate_validity", "must be at least 1d")
	}
	v.calendar()
	v.central()
	if len(sc.Regions) == 0 {
		v.at("regions", "no regions; a scenario needs at least one region")
	}
	if len(sc.Regions) > MaxRegions {
		v.at("regions", "%d regions is more than the limit of %d (Indonesia has 514 kabupaten/kota and about 7,300 kecamatan)", len(sc.Regions), MaxRegions)
	}
	names := map[string]int{}
	for i := range sc.Regions {
		p := fmt.Sprintf("regions[%d]", i)
		r := &sc.Regions[i]
		if r.Name == "" {
			v.at(p+".name", "missing; every region needs a name")
		} else if msg := nameProblem(r.Name, true); msg != "" {
			v.at(p+".name", "%s", msg)
		} else if j, dup := names[r.Name]; dup {
			v.at(p+".name", "%q is also the name of regions[%d]; names must differ", r.Name, j)
		} else {
			names[r.Name] = i
		}
		v.region(p, r)
	}
	v.focus(names)
	if sc.Central.IntakePolicy == "quota" {
		var sum int64
		for _, r := range sc.Regions {
			sum += r.IntakeQuota
		}
		if sum == 0 && len(sc.Regions) > 0 {
			v.at("central.intake_policy", "quota policy, but no region has an intake_quota: nothing would ever be taken in")
		}
	}
}

// focus checks that every focus region is one of the scenario's, once.
func (v *validator) focus(names map[string]int) {
	var all []string
	for _, r := range v.sc.Regions {
		all = append(all, r.Name)
	}
	seen := map[string]bool{}
	for i, f := range v.sc.Focus {
		p := fmt.Sprintf("focus[%d]", i)
		switch _, ok := names[f]; {
		case seen[f]:
			v.at(p, "%q is named twice", f)
		case !ok:
			msg := fmt.Sprintf("no region named %q in this scenario", f)
			if sg := suggest(f, all); sg != "" {
				msg += fmt.Sprintf("; did you mean %q?", sg)
			}
			v.at(p, "%s", msg)
		}
		seen[f] = true
	}
}

// maxRibbons and maxSitePrinters are limits checked across keys: the
// ribbon stock's limit applies to ribbon deliveries and reorders, and the
// printer limit to a site's printers with its printers_per_district.
const (
	maxRibbons      = 1e9
	maxSitePrinters = 1e5
)

// progress checks the time between events of a renewal process.
func (v *validator) progress(path string, d DurationDist, process string) {
	if d.Dist == nil {
		return // not given, or not readable: reported where it was read
	}
	if err := dist.CheckProgress(d.Dist, process); err != nil {
		v.at(path, "%q: %v", d.Text, err)
	}
}

func (v *validator) date(path string, d Date) {
	if d.Days() < v.sc.Start.Days() {
		v.at(path, "%s is before start %s", d, v.sc.Start)
	}
}

func (v *validator) calendar() {
	c := &v.sc.Calendar
	if len(c.Workdays) == 0 && v.has("calendar.workdays") {
		v.at("calendar.workdays", "no working days; offices would never record or print")
	}
	if c.OfficeHours.Close+float64(c.OvertimeHours) > 24 {
		v.at("calendar.overtime_hours", "closing at %v plus %v hours of overtime runs past midnight", c.OfficeHours.Close, float64(c.OvertimeHours))
	}
}

func (v *validator) central() {
	c := &v.sc.Central
	switch c.IntakePolicy {
	case "fifo", "proportional", "quota":
	default:
		v.at("central.intake_policy", "%q is not a policy; use fifo, proportional or quota", c.IntakePolicy)
	}
	if c.DuplicateShare > 0 && !v.has("central.duplicate_resolution") {
		v.at("central.duplicate_share", "duplicates need central.duplicate_resolution, the time to resolve one (e.g. 30d)")
	}
	if !c.StorageCapacity.Unlimited && c.StorageCapacity.N < c.Stored {
		// Allowed (nothing is taken in until capacity grows) but say so if
		// it can never change.
		if len(c.Changes) == 0 {
			v.at("central.stored", "%d stored exceeds storage_capacity %d and no change raises it: the centre would never take in a record", c.Stored, c.StorageCapacity.N)
		}
	}
	for i, ch := range c.Changes {
		p := fmt.Sprintf("central.changes[%d]", i)
		if !v.has(p + ".date") {
			v.at(p, "missing date")
		}
		v.date(p+".date", ch.Date)
		if i > 0 && ch.Date.Days() < c.Changes[i-1].Date.Days() {
			v.at(p+".date", "%s is before the change above it; list changes in date order", ch.Date)
		}
	}
	v.deliveries("central.blanks.deliveries", c.Blanks.Deliveries)
	v.allocation()
	v.outages("central.outages", &c.Outages, nil)
	v.stateTop() // snapshot.go
}

// allocation checks central.blanks.allocation and the regions' fetch_time.
func (v *validator) allocation() {
	sc := v.sc
	a := sc.Central.Blanks.Allocation
	const p = "central.blanks.allocation"
	policy := AllocRequests
	if a != nil {
		policy = a.Policy
		switch {
		case !v.oneOf(p, "policy", "allocation policy", a.Policy, AllocationPolicies):
		case a.Policy == AllocRequests:
			// box: 1 and reserve: 0 are the defaults a resolved
			// scenario.yaml writes back.
			for _, k := range []struct {
				key string
				set bool
			}{{"every", a.Every != nil}, {"box", a.Box > 1}, {"reserve", a.Reserve > 0}} {
				if k.set && v.has(p+"."+k.key) {
					v.at(p+"."+k.key, "the requests policy only serves regional reorders; %s applies to a policy that shares the store out (population, equal, print_ready, waiting, need or blend)", k.key)
				}
			}
		case sc.Central.Blanks.Stock.Unlimited:
			v.at(p, "the %s policy shares out the national store, but central.blanks.stock is unlimited; give it a stock", a.Policy)
		}
		if a.Every != nil && v.has(p+".every") {
			days := a.Every.Hours / 24
			if days != float64(int64(days)) || days < 1 {
				v.at(p+".every", "must be a whole number of days, at least 1d (allocations happen at 00:00)")
			}
		}
		if a.Policy == AllocBlend {
			if b := a.Blend; b == nil || b.Population+b.Equal+b.PrintReady+b.Waiting == 0 {
				v.at(p+".policy", "the blend policy needs blend: {population, equal, print_ready, waiting} with a weight above 0")
			}
		} else if a.Blend != nil && v.has(p+".blend") {
			v.at(p+".blend", "blend applies to the blend policy, not %s", a.Policy)
		}
		if a.Policy == AllocPopulation || a.Policy == AllocBlend && a.Blend != nil && a.Blend.Population > 0 && a.Blend.Equal+a.Blend.PrintReady+a.Blend.Waiting == 0 {
			var sum int64
			for _, r := range sc.Regions {
				sum += r.Population
			}
			if sum == 0 && len(sc.Regions) > 0 {
				v.at(p+".policy", "population policy, but no region has a population: nothing would ever be allocated")
			}
		}
	}
	if policy != AllocRequests {
		return
	}
	for i := range sc.Regions {
		q := fmt.Sprintf("regions[%d].fetch_time", i)
		if v.has(q) {
			v.at(q, "fetch_time is the time to collect an allocation, but central.blanks.allocation has no policy that allocates (population, equal, print_ready, waiting, need or blend); a reorder's time is its lead_time")
			return // once, not for every region that inherits it
		}
	}
}

// orList writes a, b or c.
func orList(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}

func (v *validator) deliveries(path string, ds []Delivery) {
	for i, d := range ds {
		p := fmt.Sprintf("%s[%d]", path, i)
		if !v.has(p + ".date") {
			v.at(p, "missing date")
		}
		v.date(p+".date", d.Date)
	}
}

func (v *validator) outages(path string, o *Outages, r *Region) {
	for name, rn := range map[string]*Renewal{"network": o.Network, "power": o.Power, "application": o.Application} {
		if rn == nil {
			continue
		}
		p := path + "." + name
		if !v.has(p + ".every") {
			v.at(p, "missing every (time between outages)")
		} else {
			v.progress(p+".every", rn.Every, "an outage process")
		}
		if !v.has(p + ".lasting") {
			v.at(p, "missing lasting (length of an outage)")
		}
	}
	for i, s := range o.Scheduled {
		p := fmt.Sprintf("%s.scheduled[%d]", path, i)
		switch s.Kind {
		case "network", "power", "application":
		case "printer":
			if r == nil {
				v.at(p+".kind", "the centre has no printers; use network, power or application")
			}
		default:
			v.at(p+".kind", "%q is not an outage kind; use network, power, application or printer", s.Kind)
		}
		if !v.has(p+".from") || !v.has(p+".to") {
			v.at(p, "needs from and to")
			continue
		}
		if s.To.minutes <= s.From.minutes {
			v.at(p+".to", "%s is not after from %s", s.To, s.From)
		}
		// An outage may have begun before the start (a printer already
		// broken): it applies from the start.
		if r == nil {
			if s.Site != "" || s.Printers != 0 {
				v.at(p, "site and printers apply to regions, not the centre")
			}
			continue
		}
		site := -1
		if s.Site != "" {
			var names []string
			for j := range r.Sites {
				names = append(names, r.SiteName(j))
				if r.SiteName(j) == s.Site {
					site = j
				}
			}
			if site < 0 {
				msg := fmt.Sprintf("no site named %q in this region", s.Site)
				if sg := suggest(s.Site, names); sg != "" {
					msg += fmt.Sprintf("; did you mean %q?", sg)
				}
				v.at(p+".site", "%s", msg)
			}
		}
		if s.Kind == "printer" {
			if site < 0 && s.Site == "" {
				if len(r.Sites) == 1 {
					site = 0
				} else {
					v.at(p, "a printer outage needs site (this region has %d sites)", len(r.Sites))
				}
			}
			if site >= 0 && s.Printers > r.PrintersAt(site) {
				v.at(p+".printers", "%d is more than the site's %d printers", s.Printers, r.PrintersAt(site))
			}
		} else if s.Printers != 0 {
			v.at(p+".printers", "printers applies to printer outages only")
		}
	}
}

func (v *validator) region(p string, r *Region) {
	if !r.Ribbons.Stock.Unlimited && r.Ribbons.CardsPerRibbon == 0 {
		v.at(p+".ribbons.cards_per_ribbon", "missing or 0; a ribbon stock needs the cards one ribbon prints")
	}
	for i, ch := range r.RecordingChanges {
		q := fmt.Sprintf("%s.recording_changes[%d]", p, i)
		if !v.has(q + ".date") {
			v.at(q, "missing date")
		}
		v.date(q+".date", ch.Date)
		if i > 0 && ch.Date.Days() < r.RecordingChanges[i-1].Date.Days() {
			v.at(q+".date", "%s is before the change above it; list changes in date order", ch.Date)
		}
	}
	v.deliveries(p+".blanks.deliveries", r.Blanks.Deliveries)
	v.deliveries(p+".ribbons.deliveries", r.Ribbons.Deliveries)
	// Ribbons are counted in ribbons, each worth up to a million cards.
	for i, d := range r.Ribbons.Deliveries {
		if d.Amount > maxRibbons {
			v.at(fmt.Sprintf("%s.ribbons.deliveries[%d].amount", p, i), "%d is more than %s, the limit for ribbons", d.Amount, thousands(maxRibbons))
		}
	}
	if ro := r.Ribbons.Reorder; ro != nil {
		for key, n := range map[string]int64{"below": ro.Below, "amount": ro.Amount} {
			if n > maxRibbons {
				v.at(p+".ribbons.reorder."+key, "%d is more than %s, the limit for ribbons", n, thousands(maxRibbons))
			}
		}
	}
	if msg := lineProblem(r.Code, MaxNameLength); msg != "" {
		v.at(p+".code", "%s", msg)
	}
	for _, ro := range []struct {
		path string
		r    *Reorder
	}{{p + ".blanks.reorder", r.Blanks.Reorder}, {p + ".ribbons.reorder", r.Ribbons.Reorder}} {
		if ro.r == nil {
			continue
		}
		if ro.r.Amount == 0 {
			v.at(ro.path+".amount", "missing or 0; a reorder must ask for something")
		}
		if !v.has(ro.path + ".lead_time") {
			v.at(ro.path, "missing lead_time (time from asking to arrival, e.g. 2d)")
		}
	}
	if r.Ribbons.Reorder != nil && r.Ribbons.Stock.Unlimited {
		v.at(p+".ribbons.reorder", "reorder needs a finite ribbons.stock")
	}
	if r.Blanks.Reorder != nil && r.Blanks.Stock.Unlimited {
		v.at(p+".blanks.reorder", "reorder needs a finite blanks.stock")
	}
	sites := map[string]int{}
	for i := range r.Sites {
		q := fmt.Sprintf("%s.sites[%d]", p, i)
		s := &r.Sites[i]
		name := r.SiteName(i)
		if msg := nameProblem(name, false); msg != "" {
			v.at(q+".name", "%s", msg)
		} else if j, dup := sites[name]; dup {
			v.at(q+".name", "%q is also the name of sites[%d]; names must differ", name, j)
		}
		if r.PrintersAt(i) > maxSitePrinters {
			v.at(q+".printers", "%d printers with printers_per_district is more than %s, the limit for printers at a site", r.PrintersAt(i), thousands(maxSitePrinters))
		}
		sites[name] = i
		if s.PrintersPerDistrict > 0 && r.Districts == 0 {
			v.at(q+".printers_per_district", "needs the region's districts (the number of kecamatan)")
		}
		if r.PrintersAt(i) > 0 && s.CardsPerPrinterPerDay <= 0 {
			v.at(q+".cards_per_printer_per_day", "missing or 0; a site with printers needs their cards per day")
		}
		seen := map[Class]bool{}
		for j, c := range s.Serves {
			if seen[c] {
				v.at(fmt.Sprintf("%s.serves[%d]", q, j), "%s listed twice", c)
			}
			seen[c] = true
		}
		if s.Breakdowns != nil {
			if !v.has(q+".breakdowns.every") || !v.has(q+".breakdowns.repair") {
				v.at(q+".breakdowns", "needs every (time between breakdowns) and repair (time to repair)")
			} else {
				v.progress(q+".breakdowns.every", s.Breakdowns.Every, "a breakdown process")
			}
		}
	}
	v.outages(p+".outages", &r.Outages, r)
	v.stateRegion(p, r) // snapshot.go
}
