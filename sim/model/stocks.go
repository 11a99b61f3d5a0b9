package model

import (
	"math"
	"math/rand/v2"

	"github.com/ektpsim/ektpsim/sim/dist"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// blankRequest is k orders of unit blanks each from region r, placed at
// once and waiting at the store: each is filled whole, in turn.
type blankRequest struct {
	r       *region
	unit, k int64
}

// request asks the national store for k orders of unit blanks for r. They
// are served first come, first served, each order whole: the store sends
// at once as many of the k as it can fill, unless earlier requests wait,
// and the rest wait. The orders sent together travel as one shipment.
func (c *centre) request(now float64, r *region, unit, k int64) {
	if len(c.waiting) == 0 {
		k -= c.fill(now, r, unit, k)
	}
	if k > 0 {
		c.waiting = append(c.waiting, blankRequest{r, unit, k})
	}
}

// fill sends as many of k orders of unit blanks to r as the store can fill
// whole, as one shipment, and returns how many.
func (c *centre) fill(now float64, r *region, unit, k int64) int64 {
	m := k
	if !c.storeUnlimited {
		m = min(k, c.storeLevel/unit)
	}
	if m <= 0 {
		return 0
	}
	n := m * unit
	if !c.storeUnlimited {
		c.storeLevel -= n
		c.storeSent += n
	}
	r.blanks.ship(now, n)
	return m
}

func (c *centre) deliver(now float64, n int64) {
	if c.storeUnlimited {
		return
	}
	n = room(c.storeLevel, n)
	c.storeLevel += n
	c.storeDelivered += n
	// A policy other than requests shares the delivery out first; the
	// waiting reorders are then served from what the store keeps.
	c.allocate(now)
	for len(c.waiting) > 0 {
		q := &c.waiting[0]
		q.k -= c.fill(now, q.r, q.unit, q.k)
		if q.k > 0 {
			return
		}
		c.waiting = c.waiting[1:]
	}
}

// stock is a region's blanks or ribbon, counted in cards: one blank is one
// card, one ribbon is perUnit cards.
type stock struct {
	// The fields plan, print and the day's row read come first.
	level     int64
	onOrder   int64 // asked for and not yet arrived
	unlimited bool
	fromStore bool // reorders come from the national blank store
	reorder   *scenario.Reorder
	// inTransit is blanks sent from the national store (reorders filled
	// and allocations) not yet arrived; storeArrived those arrived, in
	// full (before the cap at maxCards). They sum to what the store sent.
	inTransit, storeArrived int64

	r         *region
	name      string
	perUnit   int64
	start     int64
	delivered int64 // deliveries and reorders that have arrived
	src       *rand.PCG
	// inFlight are the orders on their way, a binary min-heap by (at,
	// seq): O(log n) to ship or deliver one, however many are in flight.
	inFlight []shipment
	shipped  uint64 // shipments so far, the seq of the next
}

func newStock(r *region, name string, a scenario.Amount, perUnit int64, ro *scenario.Reorder, stream string) stock {
	s := stock{r: r, name: name, unlimited: a.Unlimited, perUnit: max(perUnit, 1), reorder: ro}
	if !a.Unlimited {
		s.level = cards(a.N, s.perUnit)
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
func (s *stock) threshold() int64 { return cards(s.reorder.Below, s.perUnit) }

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

// unit is one reorder's amount in cards (at least one).
func (s *stock) unit() int64 { return max(cards(s.reorder.Amount, s.perUnit), 1) }

// checkReorder orders when stock plus what is on order is below the
// threshold. When several orders of the amount are needed at once (a
// threshold far above the amount, or a stock far below its threshold at
// the start), the k orders that bring it back to the threshold are placed
// as one request of k x amount with one lead time, so that an order costs
// O(log n) whatever below and amount are; from the national store the k
// orders still wait one by one (first come, first served, each whole):
// see centre.request. With one order needed at a time, as in every
// scenario whose amount is at least its threshold, this is the same as
// ordering amount k times.
func (s *stock) checkReorder(now float64) {
	if s.unlimited || s.reorder == nil {
		return
	}
	have, need := s.level+s.onOrder, s.threshold()
	if have >= need {
		return
	}
	unit := s.unit()
	k := (need - have + unit - 1) / unit
	s.onOrder += k * unit
	if s.fromStore {
		s.r.m.centre.request(now, s.r, unit, k)
	} else {
		s.ship(now, k*unit)
	}
}

// ship schedules the arrival of n ordered cards' worth after a lead time.
// The stock itself is the arrival event, with its shipments in flight
// kept in a heap by arrival time, equal times in the order shipped (as
// their events fire), so that an order allocates nothing once the heap
// has grown.
func (s *stock) ship(now float64, n int64) {
	lead := 0.0
	if s.reorder != nil {
		lead = dist.DrawHours(s.reorder.LeadTime.Dist, s.src)
	}
	s.send(now, n, lead, true)
}

// send schedules the arrival of n cards' worth lead hours from now: an
// order placed before (ordered), or an allocation from the national store.
// Blanks always come from the store.
func (s *stock) send(now float64, n int64, lead float64, ordered bool) {
	at := now + lead
	store := s.fromStore
	if store {
		s.inTransit += n
	}
	s.pushShipment(shipment{at: at, seq: s.shipped, n: n, ordered: ordered, store: store})
	s.shipped++
	s.r.m.env.Schedule(at, prioChange, s)
}

// shipment is an order or an allocation on its way.
type shipment struct {
	at      float64
	seq     uint64
	n       int64
	ordered bool // a reorder (counted in onOrder); else an allocation
	store   bool // from the national store (counted in inTransit)
}

func (a shipment) before(b shipment) bool {
	return a.at < b.at || a.at == b.at && a.seq < b.seq
}

func (s *stock) pushShipment(sh shipment) {
	h := append(s.inFlight, sh)
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if !h[i].before(h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
	s.inFlight = h
}

func (s *stock) popShipment() shipment {
	h := s.inFlight
	top := h[0]
	last := len(h) - 1
	h[0] = h[last]
	h = h[:last]
	for i := 0; ; {
		l, small := 2*i+1, i
		if l < len(h) && h[l].before(h[small]) {
			small = l
		}
		if r := l + 1; r < len(h) && h[r].before(h[small]) {
			small = r
		}
		if small == i {
			break
		}
		h[i], h[small] = h[small], h[i]
		i = small
	}
	s.inFlight = h
	return top
}

// Fire delivers the earliest shipment in flight, which is due now.
func (s *stock) Fire(now float64) {
	sh := s.popShipment()
	s.r.update(now, func() {
		if sh.store {
			s.inTransit -= sh.n
			s.storeArrived += sh.n
		}
		s.arrive(sh.n, sh.ordered)
	})
}

// arrive adds n cards' worth delivered (ordered: from an order placed
// before), as much as fits below maxCards.
func (s *stock) arrive(n int64, ordered bool) {
	if s.unlimited {
		return
	}
	if ordered {
		s.onOrder -= n
	}
	n = room(s.level, n)
	s.level += n
	s.delivered += n
}
