package model

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/ektpsim/ektpsim/sim/dist"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// Fire runs the day's intake at 00:00.
func (c *centre) Fire(now float64) {
	if c.down > 0 {
		return
	}
	limit := c.intakePerDay
	if limit < 0 {
		limit = math.MaxInt64
	}
	if c.capacity >= 0 {
		limit = min(limit, c.capacity-c.stored)
	}
	if limit <= 0 {
		return
	}
	regions := c.m.regions
	c.taken = c.taken[:0]
	switch c.policy {
	case policyFIFO:
		c.fifo(limit)
	case policyProportional, policyQuota:
		var sum int64
		for i, r := range regions {
			w := r.awaitingTotal()
			if c.policy == policyQuota {
				w = min(w, r.cfg.IntakeQuota)
			}
			c.weights[i] = w
			sum += w
		}
		if sum <= limit {
			copy(c.shares, c.weights)
		} else {
			c.split.split(limit, c.weights, c.shares)
		}
		for i, r := range regions {
			if c.shares[i] > 0 {
				r.takeOldest(c.shares[i])
				c.taken = append(c.taken, i)
			}
		}
	}
	// Regions accept in scenario order, whatever order their records were
	// taken in.
	slices.Sort(c.taken)
	for _, i := range c.taken {
		r := regions[i]
		c.stored += r.accept(now)
		r.batch = r.batch[:0]
	}
}

// fifo takes the oldest recording day first, nationwide; a day that does
// not fit whole is shared among regions in proportion to their records of
// that day. Each region's oldest day and its count are read once and then
// kept up to date for the regions taken from, so that a day costs passes
// over two flat arrays rather than over the regions.
func (c *centre) fifo(limit int64) {
	regions := c.m.regions
	for i, r := range regions {
		c.refreshFront(i, r)
	}
	for limit > 0 {
		oldest := int32(math.MaxInt32)
		for _, d := range c.frontDay {
			oldest = min(oldest, d)
		}
		if oldest == math.MaxInt32 {
			return
		}
		var sum int64
		for i, d := range c.frontDay {
			c.weights[i] = 0
			if d == oldest {
				c.weights[i] = c.frontN[i]
				sum += c.frontN[i]
			}
		}
		if sum <= limit {
			copy(c.shares, c.weights)
		} else {
			c.split.split(limit, c.weights, c.shares)
		}
		for i, k := range c.shares {
			if k > 0 {
				r := regions[i]
				if len(r.batch) == 0 {
					c.taken = append(c.taken, i)
				}
				r.takeDay(oldest, k)
				limit -= k
				c.refreshFront(i, r)
			}
		}
	}
}

// refreshFront reads region i's oldest awaiting day and its count into
// frontDay and frontN (MaxInt32 and 0 when nothing waits).
func (c *centre) refreshFront(i int, r *region) {
	d, ok := r.oldestAwaiting()
	if !ok {
		c.frontDay[i], c.frontN[i] = math.MaxInt32, 0
		return
	}
	c.frontDay[i], c.frontN[i] = d, r.awaitingOn(d)
}

// piece is part of an intake batch.
type piece struct {
	day int32
	cls int8
	n   int64
}

func (r *region) awaitingTotal() int64 { return r.awaiting.sum() }

// oldestAwaiting returns the oldest awaiting day (false when none waits).
func (r *region) oldestAwaiting() (int32, bool) {
	d, _, ok := r.awaiting.front()
	return d, ok
}

// awaitingOn returns the records of day waiting (0 unless it is the
// oldest awaiting day, the only one asked about).
func (r *region) awaitingOn(day int32) int64 {
	d, n, ok := r.awaiting.front()
	if !ok || d != day {
		return 0
	}
	return n[0] + n[1] + n[2]
}

// takeDay takes n records of day, the oldest awaiting (n at most what
// waits of that day), the classes in proportion to their counts.
func (r *region) takeDay(day int32, n int64) {
	var share [numClasses]int64
	_, w, _ := r.awaiting.front()
	largestRemainder(n, w[:], share[:])
	for c, k := range share {
		if k > 0 {
			r.awaiting.takeFront(c, k)
			r.batch = append(r.batch, piece{day, int8(c), k})
		}
	}
}

// takeOldest takes up to n records, oldest recording day first.
func (r *region) takeOldest(n int64) {
	for n > 0 {
		d, ok := r.oldestAwaiting()
		if !ok {
			return
		}
		k := min(n, r.awaitingOn(d))
		r.takeDay(d, k)
		n -= k
	}
}

// accept passes the day's intake batch to verification and duplicate
// checking, and returns how many records were accepted. Duplicates are the
// configured share of the accepted records, rounded on the running total
// so that none is lost to rounding.
func (r *region) accept(now float64) int64 {
	var total int64
	r.update(now, func() { total = r.acceptBatch(now) })
	r.intakeDay += total
	return total
}

// acceptBatch is accept's change: it splits the batch into verification
// and duplicates and holds both for their delay.
func (r *region) acceptBatch(now float64) int64 {
	cen := &r.m.sc.Central
	share := cen.DuplicateShare
	var total int64
	verified, dups := r.verified[:0], r.dups[:0]
	for _, p := range r.batch {
		total += p.n
		before := int64(math.Floor(share * float64(r.dupAccepted)))
		r.dupAccepted += p.n
		k := int64(math.Floor(share*float64(r.dupAccepted))) - before
		k = min(k, p.n)
		if p.n-k > 0 {
			verified = append(verified, piece{p.day, p.cls, p.n - k})
		}
		if k > 0 {
			dups = append(dups, piece{p.day, p.cls, k})
		}
	}
	r.release(now, verified, cen.VerificationDelay, &r.verifPCG, false)
	r.release(now, dups, cen.DuplicateResolution, &r.dupPCG, true)
	r.verified, r.dups = verified[:0], dups[:0]
	return total
}

// release makes pieces print-ready after one draw of delay; meanwhile they
// are counted in *held (inVerif or dupPending). Most releases fall outside
// office hours, when a region does nothing with print-ready records: those
// wait in r.held and are applied by advance, exactly as if they had fired,
// and only releases inside a printing window become events.
func (r *region) release(now float64, ps []piece, delay scenario.DurationDist, src *rand.PCG, dup bool) {
	if len(ps) == 0 {
		return
	}
	if delay.IsZero() {
		for _, p := range ps {
			r.ready.add(int(p.cls), p.day, p.n)
		}
		return
	}
	var n int64
	for _, p := range ps {
		n += p.n
	}
	if dup {
		r.dupPending += n
	} else {
		r.inVerif += n
	}
	r.hold(now+dist.DrawHours(delay.Dist, src), dup, ps)
}

// hold keeps the pieces ps in verification (or, dup, as duplicates) until
// at: in the held queue, with the queue's and the region's earliest
// release kept up to date, and an event at at if it falls in a printing
// window. Every held batch, drawn or seeded from a snapshot, goes through
// here.
func (r *region) hold(at float64, dup bool, ps []piece) {
	r.held[b2i(dup)].push(at, ps)
	r.heldAt[b2i(dup)] = min(r.heldAt[b2i(dup)], at)
	r.heldNext = min(r.heldNext, at)
	if r.m.inWindowAt(at) {
		r.m.env.Schedule(at, prioRelease, r.releaseAct)
	}
}

// releaseDue makes print-ready every held batch due before now, or at now
// too if inclusive.
func (r *region) releaseDue(now float64, inclusive bool) {
	r.heldNext = math.Inf(1)
	for k := range r.held {
		if at := r.heldAt[k]; !(at < now || inclusive && at == now) {
			// Nothing of this queue is due: its memory is not read.
			r.heldNext = min(r.heldNext, at)
			continue
		}
		q := &r.held[k]
		for q.due(now, inclusive) {
			key := q.pop()
			first, rest := q.pieces(key)
			var n int64
			for _, ps := range [2][]piece{first, rest} {
				for _, p := range ps {
					n += p.n
					r.ready.add(int(p.cls), p.day, p.n)
				}
			}
			q.freeSlot(key.slot)
			if k == 1 {
				r.dupPending -= n
			} else {
				r.inVerif -= n
			}
		}
		r.heldAt[k] = math.Inf(1)
		if at, ok := q.next(); ok {
			r.heldAt[k] = at
			r.heldNext = min(r.heldNext, at)
		}
	}
}
