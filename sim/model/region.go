package model

import (
	"math"
	"math/rand/v2"

	"github.com/ektpsim/ektpsim/sim/des"
	"github.com/ektpsim/ektpsim/sim/dist"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

const numClasses = scenario.NumClasses

// eps absorbs floating-point error when whole cards or records are counted
// from a rate times a time: x cards are floor(x+eps). A millionth of a card
// is far above the error of a rate times a time (the clock in hours has
// about 1e-12 h of resolution after years) and far below anything counted.
const eps = 1e-6

// region is one kabupaten/kota: its records at every stage, its stocks, its
// sites and its outages. Its continuous flows (recording over office hours,
// printing, UPS charge) are brought up to date lazily, by advance and
// record.
type region struct {
	// The fields are laid out by use: first those every event and every
	// pass over the regions reads (advance, print, plan, the day's row),
	// then recording and intake, once a day, then what is set up once. A
	// day touches every region, so the fewer cache lines it reads of each,
	// the more of them stay in cache from one pass to the next.
	m    *Model
	last float64 // time the flows were last advanced to
	// heldNext is the earliest release time of the held batches (+Inf
	// when none), so that advance reads one field of the region rather
	// than the tops of two heaps.
	heldNext float64
	heldAt   [2]float64 // the earliest release time of held[0] and held[1] (+Inf when empty)
	// wakePending is whether wake is pending, so that plan need not read
	// the calendar's entry (far from the region) to learn it is not.
	wakePending                 bool
	inWindow                    bool
	idle                        bool // planned out of the window: no site has work, no wake-up (plan)
	blanksShort                 bool // printing lost time for want of blanks today
	netDown, powerDown, appDown int
	windowEnd                   float64
	sites                       []*site
	wake                        des.Timer
	threshold                   [2]int64 // blanks.threshold() and ribbon.threshold(), for plan (0 without reorders)
	ready                       readyQueues

	printedCum, printedDay int64
	printHours             float64
	lost                   [NumCauses]float64
	maxShort               int64   // most whole cards reached in one advance without a record, blank or ribbon
	waitHist               []int64 // cards printed by whole days waited
	unprinted              []int64 // by base recording day: certificate holders
	cert                   certSums

	blanks, ribbon stock

	dupPending, inVerif      int64
	recordedCum              int64
	renewalsDay, renewalsCum int64
	intakeDay                int64
	allocatedDay             int64 // blanks allocated to the region today (h17)
	unsent, awaiting         dayQueue

	recording bool
	recDay    int
	recStart  float64
	recN      [numClasses]int64
	recDone   [numClasses]int64
	// nextChangeAt is when the next of cfg.RecordingChanges applies
	// (+Inf after the last).
	nextChangeAt float64
	nextChange   int

	dupAccepted    int64 // records accepted so far, for rounding duplicates
	batch          []piece
	verified, dups []piece      // scratch for accept
	held           [2]heldQueue // [0] verification, [1] duplicates

	// Random streams, held in the region rather than behind pointers.
	recPCG, verifPCG, dupPCG rand.PCG
	recRand                  rand.Rand // wraps recPCG, for the Poisson draws
	rates                    [numClasses]countDraw

	idx        int
	cfg        *scenario.Region
	name       string
	initial    int64 // backlog at the start
	releaseAct des.Action
	scheduled  []outageKind // of cfg.Outages.Scheduled, converted by New
}

func newRegion(m *Model, idx int, cfg *scenario.Region) *region {
	r := &region{}
	if idx < len(m.regionStore) {
		r = &m.regionStore[idx]
	}
	*r = region{m: m, idx: idx, cfg: cfg, name: cfg.Name, heldNext: math.Inf(1), heldAt: [2]float64{math.Inf(1), math.Inf(1)}}
	key := "region/" + cfg.Name
	r.held = [2]heldQueue{newHeldQueue(8), newHeldQueue(4)}
	r.recPCG = *m.streams.Source(key + "/recording")
	r.verifPCG = *m.streams.Source(key + "/verification")
	r.dupPCG = *m.streams.Source(key + "/duplicates")
	r.recRand = *rand.New(&r.recPCG)
	r.nextChangeAt = r.changeAt(0)
	for c, d := range []dist.Dist{cfg.Recording.FirstTime.Dist, cfg.Recording.Replacement.Dist, cfg.Recording.ElementChange.Dist} {
		r.rates[c] = newCountDraw(d)
	}
	days := m.days + m.org
	r.unprinted = m.slab.take(days)
	r.waitHist = m.slab.take(days + 1)
	r.ready.days = days
	r.ready.counts = m.slab.take((days + 1) * numClasses)
	for c := scenario.Class(0); int(c) < numClasses; c++ {
		r.unsent.add(int(c), -1, cfg.Backlog.Unsent.Of(c))
		r.awaiting.add(int(c), -1, cfg.Backlog.AwaitingIntake.Of(c))
		r.ready.add(int(c), -1, cfg.Backlog.PrintReady.Of(c))
	}
	r.initial = cfg.Backlog.Unsent.Total() + cfg.Backlog.AwaitingIntake.Total() + cfg.Backlog.PrintReady.Total()
	r.unprinted[0] = r.initial
	if m.renewQ > 0 {
		r.cert = newCertSums(m.renewQ, m.renewP)
	}
	r.blanks = newStock(r, "blanks", cfg.Blanks.Stock, 1, cfg.Blanks.Reorder, key+"/blanks/reorder")
	r.blanks.fromStore = true
	r.ribbon = newStock(r, "ribbon", cfg.Ribbons.Stock, cfg.Ribbons.CardsPerRibbon, cfg.Ribbons.Reorder, key+"/ribbons/reorder")
	for k, s := range []*stock{&r.blanks, &r.ribbon} {
		if s.reorder != nil {
			r.threshold[k] = s.threshold()
		}
	}
	for i := range cfg.Sites {
		r.sites = append(r.sites, newSite(r, i, &cfg.Sites[i]))
	}
	r.releaseAct = actionFunc(func(now float64) {
		r.update(now, func() { r.releaseDue(now, true) })
	})
	r.scheduled = make([]outageKind, len(cfg.Outages.Scheduled))
	for i, o := range cfg.Outages.Scheduled {
		r.scheduled[i] = kindOf(o.Kind)
	}
	r.seed() // snapshot.go
	return r
}

// update is the protocol every event that changes a region follows, in
// this order (see the package doc, "Events"):
//
//  1. advance(now): printing up to now at the rates last planned, and the
//     held batches released before now;
//  2. change(), if not nil: the event's own change of state;
//  3. plan(now): each site's class, rate and cause of lost time from the
//     new state, reorders, and the next wake-up.
//
// A change applied before advance would be charged to printing already
// done; one not followed by plan would print at stale rates until the
// next event. Recording is brought up to date by record only where the
// upload path changes (a network or central outage, office close).
func (r *region) update(now float64, change func()) {
	r.advance(now)
	if change != nil {
		change()
	}
	r.plan(now)
}

// start schedules the region's own events: deliveries, outages, breakdowns.
func (r *region) start() {
	m := r.m
	for _, s := range []*stock{&r.blanks, &r.ribbon} {
		ds := r.cfg.Blanks.Deliveries
		if s == &r.ribbon {
			ds = r.cfg.Ribbons.Deliveries
		}
		for _, d := range ds {
			s, n := s, cards(d.Amount, s.perUnit)
			if at := m.hours(d.Date); at < float64(m.days)*24 {
				m.env.Schedule(at, prioChange, actionFunc(func(now float64) {
					r.update(now, func() { s.arrive(n, false) })
				}))
			}
		}
	}
	outageProcesses(m, "region/"+r.name, &r.cfg.Outages, r.outage)
	r.startScheduled()
	for _, s := range r.sites {
		s.start()
	}
}
