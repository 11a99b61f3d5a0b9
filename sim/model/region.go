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
	m    *Model
	idx  int
	cfg  *scenario.Region
	name string
	last float64 // time the flows were last advanced to
	// heldNext is the earliest release time of the held batches (+Inf
	// when none), so that advance reads one field of the region rather
	// than the tops of two heaps.
	heldNext float64

	unsent, awaiting        [numClasses]dayQueue
	ready                   readyQueues
	dupPending, inVerif     int64
	initial                 int64 // backlog at the start
	recordedCum, printedCum int64
	printedDay              int64

	rates      [numClasses]countDraw
	nextChange int
	recSrc     *rand.PCG
	recRand    *rand.Rand // wraps recSrc, for the Poisson draws
	recording  bool
	recDay     int
	recStart   float64
	recN       [numClasses]int64
	recDone    [numClasses]int64

	verifSrc, dupSrc *rand.PCG
	dupAccepted      int64 // records accepted so far, for rounding duplicates
	batch            []piece
	verified, dups   []piece      // scratch for accept
	held             [2]heldQueue // [0] verification, [1] duplicates
	freePieces       [][]piece
	releaseAct       des.Action

	blanks, ribbon stock
	threshold      [2]int64 // blanks.threshold() and ribbon.threshold(), for plan (0 without reorders)

	netDown, powerDown, appDown int
	sites                       []*site
	inWindow                    bool
	windowEnd                   float64
	intakeDay                   int64
	wake                        des.Timer
	scheduled                   []outageKind // of cfg.Outages.Scheduled, converted by New

	unprinted                []int64 // by base recording day: certificate holders
	cert                     certSums
	renewalsDay, renewalsCum int64
	waitHist                 []int64

	maxShort    int64 // most whole cards reached in one advance without a record, blank or ribbon
	printHours  float64
	lost        [NumCauses]float64
	blanksShort bool // printing lost time for want of blanks today
}

func newRegion(m *Model, idx int, cfg *scenario.Region) *region {
	r := &region{m: m, idx: idx, cfg: cfg, name: cfg.Name, heldNext: math.Inf(1)}
	key := "region/" + cfg.Name
	r.recSrc = m.streams.Source(key + "/recording")
	r.verifSrc = m.streams.Source(key + "/verification")
	r.dupSrc = m.streams.Source(key + "/duplicates")
	r.recRand = rand.New(r.recSrc)
	for c, d := range []dist.Dist{cfg.Recording.FirstTime.Dist, cfg.Recording.Replacement.Dist, cfg.Recording.ElementChange.Dist} {
		r.rates[c] = newCountDraw(d)
	}
	r.unprinted = make([]int64, m.days)
	r.waitHist = make([]int64, m.days+1)
	r.ready.days = m.days
	for c := scenario.Class(0); int(c) < numClasses; c++ {
		r.unsent[c].add(-1, cfg.Backlog.Unsent.Of(c))
		r.awaiting[c].add(-1, cfg.Backlog.AwaitingIntake.Of(c))
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
