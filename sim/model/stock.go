package model

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/ektpsim/ektpsim/sim/dist"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// stock is a region's blanks or ribbon, counted in cards: one blank is one
// card, one ribbon is perUnit cards.
type stock struct {
	r         *region
	name      string
	unlimited bool
	perUnit   int64
	level     int64
	start     int64
	delivered int64 // deliveries and reorders that have arrived
	onOrder   int64 // asked for and not yet arrived
	reorder   *scenario.Reorder
	src       *rand.PCG
	fromStore bool // reorders come from the national blank store
	inFlight  []shipment
}

func newStock(r *region, name string, a scenario.Amount, perUnit int64, ro *scenario.Reorder, stream string) stock {
	s := stock{r: r, name: name, unlimited: a.Unlimited, perUnit: max(perUnit, 1), reorder: ro}
	if !a.Unlimited {
		s.level = a.N * s.perUnit
		s.start = s.level
	}
	if ro != nil {
		s.src = r.m.streams.Source(stream)
	}
	return s
}

// available returns the cards the stock can still make.
func (s *stock) available() int64 {
	if s.unlimited {
		return math.MaxInt64
	}
	return s.level
}

func (s *stock) use(n int64) {
	if !s.unlimited {
		s.level -= n
	}
}

func (s *stock) report() int64 {
	if s.unlimited {
		return Unlimited
	}
	return s.level
}

// threshold is the level in cards below which stock plus what is on order
// triggers a reorder.
func (s *stock) threshold() int64 { return s.reorder.Below * s.perUnit }

// untilEvent returns the cards that can be used before the stock changes
// what printing does: it runs out, or falls low enough to reorder,
// whichever comes first. With orders in flight the reorder point
// (level+onOrder < threshold) may lie below zero stock: the stock then
// runs out first, and printing must stop there.
func (s *stock) untilEvent() (int64, bool) {
	if s.unlimited {
		return 0, false
	}
	if s.reorder != nil && s.level+s.onOrder >= s.threshold() {
		// Used until level+onOrder < threshold, i.e. after
		// level+onOrder-threshold+1 cards, unless the level runs out before.
		return min(s.level, s.level+s.onOrder-s.threshold()+1), true
	}
	return s.level, true
}

// checkReorder orders as often as needed to bring stock plus orders back
// to the threshold.
func (s *stock) checkReorder(now float64) {
	if s.unlimited || s.reorder == nil {
		return
	}
	for s.level+s.onOrder < s.threshold() {
		n := s.reorder.Amount * s.perUnit
		s.onOrder += n
		if s.fromStore {
			s.r.m.centre.request(now, s.r, n)
		} else {
			s.ship(now, n)
		}
	}
}

// ship schedules the arrival of n ordered cards' worth after a lead time.
// The stock itself is the arrival event, with its shipments in flight
// kept in arrival order, so that an order allocates nothing.
func (s *stock) ship(now float64, n int64) {
	lead := 0.0
	if s.reorder != nil {
		lead = dist.DrawHours(s.reorder.LeadTime.Dist, s.src)
	}
	at := now + lead
	// Equal times stay in the order shipped, as their events fire.
	i := len(s.inFlight)
	for i > 0 && s.inFlight[i-1].at > at {
		i--
	}
	s.inFlight = slices.Insert(s.inFlight, i, shipment{at, n})
	s.r.m.env.Schedule(at, prioChange, s)
}

// shipment is an order on its way.
type shipment struct {
	at float64
	n  int64
}

// Fire delivers the earliest shipment in flight, which is due now.
func (s *stock) Fire(now float64) {
	sh := s.inFlight[0]
	s.inFlight = slices.Delete(s.inFlight, 0, 1)
	r := s.r
	r.advance(now)
	s.arrive(sh.n, true)
	r.plan(now)
}

func (s *stock) arrive(n int64, ordered bool) {
	if s.unlimited {
		return
	}
	s.level += n
	s.delivered += n
	if ordered {
		s.onOrder -= n
	}
}
