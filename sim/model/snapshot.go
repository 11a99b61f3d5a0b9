package model

import (
	"cmp"
	"math"
	"slices"

	"github.com/ektpsim/ektpsim/sim/scenario"
)

// Snapshots: the state of a run at the end of a day, read out by State,
// and the seeding of a run from such a state, from the scenario keys a
// snapshot writes (origin, backlog.cohorts and accepted, on_order,
// ribbons.cards, a site's progress and ups_charge, central.blanks.requests,
// allocation.next; see docs/snapshot.md). A run seeded from the state of
// another at day d's 24:00 makes the same moves from then on as that run,
// as far as its random streams agree (fixed quantities).
//
// Record days are counted from the origin (the oldest backlog's day): a
// record's key is its sim day + m.org, and key -1 is the plain backlog,
// certified on the origin (key 0), as in a run without cohorts.

// State is a run's state at the 24:00 of one day.
type State struct {
	Day     int           // day index (0 is the start) whose 24:00 this is
	Next    scenario.Date // the day after, the start of a run from the state
	Org     scenario.Date // the origin of the record days (the run's OriginDay)
	Regions []RegionState
	// Stored is the records the central server holds; IntakePerDay and
	// Capacity are the current ones (Unlimited: none), dated changes
	// applied so far included.
	Stored, IntakePerDay, Capacity int64
	// StoreBlanks is the national store's stock (Unlimited: none).
	StoreBlanks int64
	// Requests are the reorders waiting at the national store, in order.
	Requests []scenario.BlankRequest
	// AllocNext is the next scheduled allocation (with allocation.every).
	AllocNext *scenario.Date
	// Outages are the centre's random outages in progress.
	Outages []scenario.OutageNow
}

// RegionState is one region's part of a State.
type RegionState struct {
	Cohorts  []scenario.Cohort // every record not yet printed
	Accepted int64             // records accepted at the centre so far
	// Blanks and RibbonCards are the stocks in cards (Unlimited: none).
	Blanks, RibbonCards int64
	BlanksOnOrder       []scenario.Shipment
	RibbonsOnOrder      []scenario.Shipment
	Sites               []SiteState
	// Waits are the cards printed so far by whole days waited.
	Waits []int64
	// Outages are the region's random outages in progress.
	Outages []scenario.OutageNow
}

// SiteState is a site's fraction of a card under way and its UPS charge
// in hours.
type SiteState struct {
	Progress, UPSCharge float64
	Broken              []scenario.BrokenNow // printers under repair by random breakdowns
}

// State reads the run's state out. Called from Options.DayDone(d), it is
// the state at day d's 24:00: every region brought up to then, the
// renewals of day d+1 counted.
func (m *Model) State() *State {
	now := m.env.Now()
	d := int(math.Round(now/24)) - 1
	st := &State{Day: d, Next: m.sc.Start.AddDays(int64(d + 1)), Org: m.sc.OriginDay()}
	c := &m.centre
	st.Stored, st.IntakePerDay, st.Capacity = c.stored, c.intakePerDay, c.capacity
	st.StoreBlanks = Unlimited
	if !c.storeUnlimited {
		st.StoreBlanks = c.storeLevel
	}
	for _, q := range c.waiting {
		st.Requests = append(st.Requests, scenario.BlankRequest{Region: q.r.name, Amount: q.unit, Orders: q.k})
	}
	if a := m.sc.Central.Blanks.Allocation; a != nil && a.Every != nil && a.Every.Hours >= 24 && c.alloc.policy != allocRequests {
		first, every := m.allocFirst(), a.Every.Hours
		k := math.Ceil((now - first) / every)
		at := first + max(k, 0)*every
		next := m.sc.Start.AddDays(int64(math.Floor(at / 24)))
		st.AllocNext = &next
	}
	st.Outages = m.inProgress("central", now)
	for _, r := range m.regions {
		rs := r.state(now)
		rs.Outages = m.inProgress("region/"+r.name, now)
		for i, s := range r.sites {
			for _, o := range m.inProgress("region/"+r.name+"/site/"+s.cfg.Name, now) {
				b := &rs.Sites[i].Broken
				if k := len(*b); k > 0 && (*b)[k-1].For.Hours == o.For.Hours {
					(*b)[k-1].Printers++
				} else {
					*b = append(*b, scenario.BrokenNow{Printers: 1, For: o.For})
				}
			}
		}
		st.Regions = append(st.Regions, rs)
	}
	return st
}

// register keeps a random process of place for State.
func (m *Model) register(place string, p *renewal) {
	if m.procs == nil {
		m.procs = map[string][]*renewal{}
	}
	m.procs[place] = append(m.procs[place], p)
}

// inProgress are the outages (or breakdowns) of place's random processes
// under way at now, each with the time left, the shortest first.
func (m *Model) inProgress(place string, now float64) []scenario.OutageNow {
	var out []scenario.OutageNow
	for _, p := range m.procs[place] {
		if p.down && p.at > now {
			out = append(out, scenario.OutageNow{Kind: p.kind.String(), For: scenario.NewDuration(p.at - now)})
		}
	}
	slices.SortStableFunc(out, func(a, b scenario.OutageNow) int { return cmp.Compare(a.For.Hours, b.For.Hours) })
	return out
}

// state is a region's part of State at now.
func (r *region) state(now float64) RegionState {
	rs := RegionState{Accepted: r.dupAccepted, Blanks: r.blanks.report(), RibbonCards: r.ribbon.report(), Waits: slices.Clone(r.waitHist)}
	org := r.m.sc.OriginDay()
	for _, k := range []struct {
		q     *dayQueue
		stage string
	}{{&r.unsent, scenario.StageUnsent}, {&r.awaiting, scenario.StageAwaitingIntake}} {
		var b cohorts
		for _, it := range k.q.items[k.q.head:] {
			for c, n := range it.n {
				b.add(it.day, c, n)
			}
		}
		rs.Cohorts = b.appendTo(rs.Cohorts, org, k.stage, nil)
	}
	for k, stage := range []string{scenario.StageInVerification, scenario.StageDuplicates} {
		q := &r.held[k]
		keys := slices.Clone(q.keys)
		slices.SortFunc(keys, func(a, b heldKey) int { return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.slot, b.slot)) })
		for _, key := range keys {
			in := scenario.NewDuration(key.at - now)
			var b cohorts
			first, rest := q.pieces(key)
			for _, ps := range [2][]piece{first, rest} {
				for _, p := range ps {
					b.add(p.day, int(p.cls), p.n)
				}
			}
			rs.Cohorts = b.appendTo(rs.Cohorts, org, stage, &in)
		}
	}
	if q := &r.ready; q.counts != nil {
		var b cohorts
		for i := 0; i*numClasses < len(q.counts); i++ {
			for c := range numClasses {
				b.add(int32(i-1), c, q.counts[i*numClasses+c])
			}
		}
		rs.Cohorts = b.appendTo(rs.Cohorts, org, scenario.StagePrintReady, nil)
	}
	for k, s := range []*stock{&r.blanks, &r.ribbon} {
		fl := slices.Clone(s.inFlight)
		slices.SortFunc(fl, func(a, b shipment) int { return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.seq, b.seq)) })
		for _, sh := range fl {
			out := scenario.Shipment{In: scenario.NewDuration(sh.at - now), Amount: sh.n}
			if !sh.ordered {
				out.Kind = scenario.ShipAllotment
			}
			if k == 0 {
				rs.BlanksOnOrder = append(rs.BlanksOnOrder, out)
			} else {
				rs.RibbonsOnOrder = append(rs.RibbonsOnOrder, out)
			}
		}
	}
	for _, s := range r.sites {
		rs.Sites = append(rs.Sites, SiteState{Progress: s.carry, UPSCharge: s.chargeNow(now)})
	}
	return rs
}

// seed sets the region's initial state beyond the plain backlog and
// stocks, from the keys a snapshot writes. Called at the end of newRegion.
func (r *region) seed() {
	cfg := r.cfg
	m := r.m
	org := m.sc.OriginDay()
	var batches []struct {
		at  float64
		dup bool
		ps  []piece
	}
	for _, co := range cfg.Backlog.Cohorts {
		day0 := int32(-1)
		if co.Recorded != nil {
			day0 = int32(co.Recorded.Days() - org.Days())
		}
		each := func(f func(day int32, c int, n int64)) {
			if co.Daily == nil {
				if co.Class != nil && co.Count > 0 {
					f(day0, int(*co.Class), co.Count)
				}
				return
			}
			for c := scenario.Class(0); int(c) < numClasses; c++ {
				for j, n := range co.Daily.Of(c) {
					if n > 0 {
						f(day0+int32(j), int(c), n)
					}
				}
			}
		}
		each(func(day int32, c int, n int64) {
			r.initial += n
			r.unprinted[max(day, 0)] += n
		})
		switch co.Stage {
		case scenario.StageUnsent:
			each(func(day int32, c int, n int64) { r.unsent.add(c, day, n) })
		case scenario.StageAwaitingIntake:
			each(func(day int32, c int, n int64) { r.awaiting.add(c, day, n) })
		case scenario.StagePrintReady:
			each(func(day int32, c int, n int64) { r.ready.add(c, day, n) })
		default:
			dup := co.Stage == scenario.StageDuplicates
			at := co.Release.Hours
			var ps []piece
			each(func(day int32, c int, n int64) {
				if dup {
					r.dupPending += n
				} else {
					r.inVerif += n
				}
				ps = append(ps, piece{day, int8(c), n})
			})
			if len(ps) == 0 {
				continue
			}
			i := slices.IndexFunc(batches, func(b struct {
				at  float64
				dup bool
				ps  []piece
			}) bool {
				return b.at == at && b.dup == dup
			})
			if i < 0 {
				batches = append(batches, struct {
					at  float64
					dup bool
					ps  []piece
				}{at, dup, nil})
				i = len(batches) - 1
			}
			batches[i].ps = append(batches[i].ps, ps...)
		}
	}
	for _, b := range batches {
		r.hold(b.at, b.dup, b.ps)
	}
	r.dupAccepted = cfg.Backlog.Accepted
	if c := &r.cert; c.q > 0 {
		// The running sums as the renewals of the days from the origin
		// to the start would have left them.
		offs := m.renewOffsets
		for d := 0; d < m.org; d++ {
			for i := 0; i < c.q && offs[i] <= d; i++ {
				k := d - offs[i]
				c.sum[i*c.p+k%c.p] += r.unprinted[k]
				c.act[i] = k
			}
		}
	}
	if n := cfg.Ribbons.Cards; n != nil && !r.ribbon.unlimited {
		r.ribbon.level = min(*n, maxCards)
		r.ribbon.start = r.ribbon.level
	}
	for k, ships := range [][]scenario.Shipment{cfg.Blanks.OnOrder, cfg.Ribbons.OnOrder} {
		s := &r.blanks
		if k == 1 {
			s = &r.ribbon
		}
		for _, sh := range ships {
			ordered := sh.Kind != scenario.ShipAllotment
			if ordered {
				s.onOrder += sh.Amount
			}
			s.send(0, sh.Amount, sh.In.Hours, ordered)
		}
	}
	for i, s := range r.sites {
		sc := &cfg.Sites[i]
		s.carry = sc.Progress
		if sc.UPSCharge != nil {
			s.charge = min(float64(*sc.UPSCharge), s.upsHours)
		}
		for _, b := range sc.Broken {
			s, n := s, int(b.Printers)
			m.window(0, b.For.Hours, func(now float64, down bool) {
				r.update(now, func() { s.broken += n * delta(down) })
			})
		}
	}
	for _, o := range cfg.Outages.InProgress {
		kind := kindOf(o.Kind)
		m.window(0, o.For.Hours, func(now float64, down bool) { r.outage(kind, now, down) })
	}
}

// seedCentre puts the waiting requests at the national store, after the
// regions are built, and counts the blanks seeded in transit as sent.
func (m *Model) seedCentre() {
	c := &m.centre
	byName := map[string]*region{}
	for _, r := range m.regions {
		byName[r.name] = r
		c.storeSent += r.blanks.inTransit
		c.storeStart += r.blanks.inTransit
	}
	for _, o := range m.sc.Central.Outages.InProgress {
		m.window(0, o.For.Hours, c.change)
	}
	for _, q := range m.sc.Central.Blanks.Requests {
		r := byName[q.Region]
		if r == nil || q.Orders <= 0 || q.Amount <= 0 {
			continue // refused by scenario.Load
		}
		c.waiting = append(c.waiting, blankRequest{r, q.Amount, q.Orders})
		r.blanks.onOrder += q.Amount * q.Orders
	}
}

// allocFirst is the hour of the first scheduled allocation: allocation.next,
// or the start.
func (m *Model) allocFirst() float64 {
	if a := m.sc.Central.Blanks.Allocation; a != nil && a.Next != nil {
		return m.hours(*a.Next)
	}
	return 0
}

// cohorts gathers records by day and class for a State: the plain
// backlog's (day -1) by class, the dated ones as daily counts.
type cohorts struct {
	plain [numClasses]int64
	first int32
	days  [][numClasses]int64 // from first
}

func (b *cohorts) add(day int32, c int, n int64) {
	if n == 0 {
		return
	}
	if day < 0 {
		b.plain[c] += n
		return
	}
	if len(b.days) == 0 {
		b.first = day
	}
	if day < b.first {
		b.days = append(make([][numClasses]int64, b.first-day), b.days...)
		b.first = day
	}
	for int(day-b.first) >= len(b.days) {
		b.days = append(b.days, [numClasses]int64{})
	}
	b.days[day-b.first][c] += n
}

// appendTo adds the cohorts of stage (and release) to out.
func (b *cohorts) appendTo(out []scenario.Cohort, org scenario.Date, stage string, release *scenario.Duration) []scenario.Cohort {
	for c, n := range b.plain {
		if n > 0 {
			cls := scenario.Class(c)
			out = append(out, scenario.Cohort{Stage: stage, Class: &cls, Count: n, Release: release})
		}
	}
	if len(b.days) == 0 {
		return out
	}
	first := org.AddDays(int64(b.first))
	d := &scenario.DailyCounts{}
	for c, to := range []*scenario.DayCounts{&d.FirstTime, &d.Replacement, &d.ElementChange} {
		last := -1
		for j := range b.days {
			if b.days[j][c] > 0 {
				last = j
			}
		}
		for j := 0; j <= last; j++ {
			to.N = append(to.N, b.days[j][c])
		}
	}
	return append(out, scenario.Cohort{Recorded: &first, Stage: stage, Release: release, Daily: d})
}
