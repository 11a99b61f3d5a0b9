package model

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/ektpsim/ektpsim/sim/dist"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// allocPolicy is how the national store's blanks are shared out to the
// regions (central.blanks.allocation.policy).
type allocPolicy int8

const (
	allocRequests   allocPolicy = iota // regional reorders only: no allocation
	allocPopulation                    // weight: population
	allocEqual                         // weight: 1
	allocPrintReady                    // weight: print-ready records
	allocWaiting                       // weight: recorded and not yet printed
	allocNeed                          // what the region can print before the next allocation
	allocBlend                         // a blend of population, equal, print_ready and waiting
)

var allocPolicyNames = [...]string{
	scenario.AllocRequests, scenario.AllocPopulation, scenario.AllocEqual,
	scenario.AllocPrintReady, scenario.AllocWaiting, scenario.AllocNeed, scenario.AllocBlend,
}

func (p allocPolicy) String() string { return allocPolicyNames[p] }

// allocPolicyOf converts a scenario's allocation policy; nil is requests.
// Like kindOf it panics on a name validation refuses.
func allocPolicyOf(a *scenario.Allocation) allocPolicy {
	if a == nil {
		return allocRequests
	}
	for p, n := range allocPolicyNames {
		if a.Policy == n {
			return allocPolicy(p)
		}
	}
	panic("model: allocation policy " + strconv.Quote(a.Policy) + " is unknown (scenario.Load refuses it)")
}

// TopShares is how many regions a Wave names.
const TopShares = 5

// Wave is what the national store sent out on one day (the allocations
// of that day together) and where it went, in a size that does not grow
// with the regions.
type Wave struct {
	Day   int   // day index of the allocation (it happens at 00:00)
	Total int64 // blanks sent, all regions
	// Regions is how many regions got blanks; Top the TopShares of them
	// that got most, most first, ties to the region listed first.
	Regions int
	Top     []WaveShare
	// RanOut is the blanks of the wave that went to regions that had a
	// blank stock-out day after it and before their next allocation (or
	// the end of the run); LeftAtEnd those that went to regions still
	// holding blanks, in stock or in transit, at the end of the run.
	RanOut, LeftAtEnd int64
}

// WaveShare is one region's part of a wave.
type WaveShare struct {
	Region int // index in the scenario's regions
	Blanks int64
}

// wave is a Wave while the run goes: every region's share, with whether
// it then ran out.
type wave struct {
	day    int
	total  int64
	shares []share
}

// share is 16 bytes: a run allocating to every region every day holds one
// a region a day, a sixth of what the region's own arrays by day take
// (regionDayBytes in size.go), which the size estimate does not count.
type share struct {
	blanks int64
	region int32
	ranOut bool
}

// allocator shares the national store out under a policy other than
// requests. Its state lives in the centre; every region's share travels
// as one shipment of that region's blanks stock.
type allocator struct {
	policy       allocPolicy
	box, reserve int64 // blanks
	// times are the hours of every allocation of the run, ascending and
	// distinct: the national deliveries and the schedule. need reads the
	// next one after now.
	times []float64
	// fetch draws each region's fetch time; nil under requests.
	fetch []*rand.PCG
	// workdaysBefore[d] is the number of working days before day d.
	workdaysBefore []int
	weights        []int64
	shares         []int64
	split          splitter
	waves          []wave
	// last[r] is the wave and share index of region r's latest share
	// (-1, -1 before any).
	last [][2]int
}

// initAllocation sets the allocator up from the scenario. Under requests
// it does nothing, so that those runs draw and schedule exactly as
// before.
func (c *centre) initAllocation(m *Model) {
	a := &c.alloc
	cfg := m.sc.Central.Blanks.Allocation
	a.policy = allocPolicyOf(cfg)
	if a.policy == allocRequests {
		return
	}
	if c.storeUnlimited {
		panic("model: an allocation policy with an unlimited national store (scenario.Load refuses it)")
	}
	a.box, a.reserve = max(cfg.Box, 1), cfg.Reserve
	end := float64(m.days) * 24
	var times []float64
	for _, d := range m.sc.Central.Blanks.Deliveries {
		if at := m.hours(d.Date); at < end {
			times = append(times, at)
		}
	}
	if cfg.Every != nil && cfg.Every.Hours >= 24 {
		for at := m.allocFirst(); at < end; at += cfg.Every.Hours { // snapshot.go
			times = append(times, at)
		}
	}
	slices.Sort(times)
	a.times = slices.Compact(times)
	n := len(m.sc.Regions)
	a.fetch = make([]*rand.PCG, n)
	for i := range m.sc.Regions {
		a.fetch[i] = m.streams.Source("region/" + m.sc.Regions[i].Name + "/blanks/fetch")
	}
	a.workdaysBefore = make([]int, m.days+1)
	for d, w := range m.workday {
		a.workdaysBefore[d+1] = a.workdaysBefore[d] + b2i(w)
	}
	a.weights, a.shares = make([]int64, n), make([]int64, n)
	a.last = make([][2]int, n)
	for i := range a.last {
		a.last[i] = [2]int{-1, -1}
	}
}

// startAllocation schedules the allocations of the schedule (every, from
// the start) that are not national deliveries, which deliver allocates
// itself.
func (c *centre) startAllocation() {
	a := &c.alloc
	if a.policy == allocRequests {
		return
	}
	m := c.m
	delivery := map[float64]bool{}
	for _, d := range m.sc.Central.Blanks.Deliveries {
		delivery[m.hours(d.Date)] = true
	}
	act := actionFunc(c.allocate)
	for _, at := range a.times {
		if !delivery[at] {
			m.env.Schedule(at, prioChange, act)
		}
	}
}

// allocate shares the store's blanks above the reserve out to the regions
// in whole boxes, by the policy. Regions with unlimited blanks get none.
// Policies that read a region's state (print_ready, waiting, need) bring
// every region up to now first (its printing, and a reorder falling due
// now). A region's share leaves the store at once and arrives its
// fetch_time later.
func (c *centre) allocate(now float64) {
	a := &c.alloc
	if a.policy == allocRequests {
		return
	}
	m := c.m
	if a.policy >= allocPrintReady {
		for _, r := range m.regions {
			r.update(now, nil)
		}
	}
	boxes := max(c.storeLevel-a.reserve, 0) / a.box
	if boxes == 0 {
		return
	}
	if a.policy == allocBlend {
		a.blendWeights(m)
	} else {
		for i, r := range m.regions {
			a.weights[i] = 0
			if r.blanks.unlimited {
				continue
			}
			a.weights[i] = a.weight(m, r, now, a.policy)
		}
	}
	if a.policy == allocNeed {
		var sum int64
		for _, w := range a.weights {
			sum = satAdd(sum, w)
		}
		if sum <= boxes {
			copy(a.shares, a.weights)
		} else {
			a.split.split(boxes, a.weights, a.shares)
		}
	} else {
		a.split.split(boxes, a.weights, a.shares)
	}
	// Allocations of one day (a delivery and the schedule, or two
	// deliveries) make one wave.
	if n := len(a.waves); n == 0 || a.waves[n-1].day != int(now/24) {
		a.waves = append(a.waves, wave{day: int(now / 24)})
	}
	w := len(a.waves) - 1
	wave := &a.waves[w]
	for i, k := range a.shares {
		if k <= 0 {
			continue
		}
		r := m.regions[i]
		n := k * a.box
		c.storeLevel -= n
		c.storeSent += n
		lead := 0.0
		if d := r.cfg.FetchTime.Dist; d != nil {
			lead = dist.DrawHours(d, a.fetch[i])
		}
		r.blanks.send(now, n, lead, false)
		r.allocatedDay += n
		if l := a.last[i]; l[0] == w {
			wave.shares[l[1]].blanks += n // a second allocation today
		} else {
			a.last[i] = [2]int{w, len(wave.shares)}
			wave.shares = append(wave.shares, share{region: int32(i), blanks: n})
		}
		wave.total += n
	}
	if wave.total == 0 {
		a.waves = a.waves[:w]
	}
}

// weight is region r's claim on this allocation: a weight for the
// proportional policies, and for need its need in boxes.
func (a *allocator) weight(m *Model, r *region, now float64, policy allocPolicy) int64 {
	switch policy {
	case allocPopulation:
		return r.cfg.Population
	case allocEqual:
		return 1
	case allocPrintReady:
		return r.printReady()
	case allocWaiting:
		return r.recordedCum + r.initial - r.printedCum
	case allocNeed:
		n := r.need(a.capacity(m, r, now))
		return (n + a.box - 1) / a.box
	}
	panic("model: allocation weight of " + policy.String())
}

// capacity is the cards region r's printers can print from now until the
// next allocation (or the end of the run): for every site, its printers
// (once open; none if it opens later) x cards_per_printer_per_day x
// (office day + overtime) / office day, times the working days from
// today (included) to the next allocation's day (excluded). Breakdowns
// and outages are not foreseen.
func (a *allocator) capacity(m *Model, r *region, now float64) int64 {
	i, _ := slices.BinarySearch(a.times, math.Nextafter(now, math.Inf(1)))
	next := float64(m.days) * 24
	if i < len(a.times) {
		next = a.times[i]
	}
	d0 := min(int(now/24), m.days)
	d1 := min(int(next/24), m.days)
	days := float64(a.workdaysBefore[d1] - a.workdaysBefore[d0])
	perDay := 0.0
	hours := m.officeLen + float64(m.sc.Calendar.OvertimeHours)
	for _, s := range r.sites {
		if s.cfg.Opens != nil && m.hours(*s.cfg.Opens) > now {
			continue
		}
		perDay += float64(r.cfg.PrintersAt(s.idx)) * s.cfg.CardsPerPrinterPerDay * hours / m.officeLen
	}
	return int64(math.Floor(min(perDay*days+eps, maxCards)))
}

// printReady is the region's print-ready records, every class.
func (r *region) printReady() int64 {
	var n int64
	for _, t := range r.ready.total {
		n += t
	}
	return n
}

// need is what the region can print of its print-ready records with cap
// cards of printing, less the blanks it holds and has on the way:
// max(0, min(print_ready, cap) - (stock + in transit)).
func (r *region) need(cap int64) int64 {
	return max(0, min(r.printReady(), cap)-(r.blanks.level+r.blanks.inTransit))
}

// stockedOut marks region i's latest share as followed by a stock-out.
func (a *allocator) stockedOut(i int) {
	if a.policy == allocRequests {
		return
	}
	if w := a.last[i]; w[0] >= 0 {
		a.waves[w[0]].shares[w[1]].ranOut = true
	}
}

// endWaves sums up the waves at the end of the run.
func (a *allocator) endWaves(m *Model) []Wave {
	out := make([]Wave, 0, len(a.waves))
	var top []share
	for _, w := range a.waves {
		s := Wave{Day: w.day, Total: w.total, Regions: len(w.shares)}
		for _, sh := range w.shares {
			if sh.ranOut {
				s.RanOut += sh.blanks
			}
			if b := &m.regions[sh.region].blanks; b.level+b.inTransit > 0 {
				s.LeftAtEnd += sh.blanks
			}
		}
		// The shares are in scenario order: a stable sort keeps ties so.
		top = append(top[:0], w.shares...)
		slices.SortStableFunc(top, func(x, y share) int { return cmp.Compare(y.blanks, x.blanks) })
		for _, sh := range top[:min(TopShares, len(top))] {
			s.Top = append(s.Top, WaveShare{Region: int(sh.region), Blanks: sh.blanks})
		}
		out = append(out, s)
	}
	return out
}

// blendScale is what the blend's weights add up to once made whole
// numbers for the largest-remainder split: fine enough that rounding
// moves no box of any real wave.
const blendScale = 1e12

// blendWeights sets the weights of the blend policy: region r's is
//
//	sum over the policies k of blend_k x w_k(r) / sum_r' w_k(r')
//
// with w the weights of population, equal, print_ready and waiting,
// policies whose weights sum to 0 left out, scaled so that the weights add
// up to about blendScale. Every product is rounded to float64 on its own
// (the conversions forbid fused multiply-adds), so the weights are the
// same on every machine.
func (a *allocator) blendWeights(m *Model) {
	b := m.sc.Central.Blanks.Allocation.Blend
	parts := [...]struct {
		w      float64
		policy allocPolicy
	}{{b.Population, allocPopulation}, {b.Equal, allocEqual}, {b.PrintReady, allocPrintReady}, {b.Waiting, allocWaiting}}
	var coef [len(parts)]float64
	var total float64
	for k, p := range parts {
		if p.w <= 0 {
			continue
		}
		var sum int64
		for _, r := range m.regions {
			if !r.blanks.unlimited {
				sum = satAdd(sum, a.weight(m, r, 0, p.policy))
			}
		}
		if sum > 0 {
			coef[k] = float64(p.w / float64(sum))
			total += p.w
		}
	}
	for i, r := range m.regions {
		a.weights[i] = 0
		if r.blanks.unlimited || total == 0 {
			continue
		}
		x := 0.0
		for k, p := range parts {
			if coef[k] > 0 {
				x = float64(x + float64(coef[k]*float64(a.weight(m, r, 0, p.policy))))
			}
		}
		a.weights[i] = int64(math.Round(float64(x / total * blendScale)))
	}
}
