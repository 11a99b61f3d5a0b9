package model

import (
	"fmt"
	"math"
)

// verify checks the conservation laws of MODEL.md for every region and the
// national store.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (m *Model) verify() error {
	for _, r := range m.regions {
		var waiting int64
		for c := range r.ready.total {
			for _, t := range []int64{r.unsent.total[c], r.awaiting.total[c], r.ready.total[c]} {
				if t < 0 {
					return fmt.Errorf("region %s: negative queue", r.name)
				}
				waiting += t
			}
		}
		if r.dupPending < 0 || r.inVerif < 0 {
			return fmt.Errorf("region %s: negative duplicates (%d) or verification (%d)", r.name, r.dupPending, r.inVerif)
		}
		var held [2]int64
		for k, q := range r.held {
			for i, key := range q.keys {
				var n int64
				first, rest := q.pieces(key)
				for _, p := range append(first[:len(first):len(first)], rest...) {
					n += p.n
				}
				if len(first)+len(rest) != int(key.np) {
					return fmt.Errorf("region %s: held batch of %d pieces has %d", r.name, key.np, len(first)+len(rest))
				}
				if i > 0 && key.at < q.keys[(i-1)/2].at {
					return fmt.Errorf("region %s: held batches out of heap order", r.name)
				}
				held[k] += n
				if key.at < r.heldNext {
					return fmt.Errorf("region %s: a held batch due at %v, before the earliest release %v", r.name, key.at, r.heldNext)
				}
			}
		}
		if held[0] != r.inVerif || held[1] != r.dupPending {
			return fmt.Errorf("region %s: held batches %v, but verification %d and duplicates %d", r.name, held, r.inVerif, r.dupPending)
		}
		if r.wakePending != m.env.Pending(r.wake) {
			return fmt.Errorf("region %s: its wake-up pending is %v, but the calendar says %v", r.name, r.wakePending, m.env.Pending(r.wake))
		}
		for k := range r.held {
			want := math.Inf(1)
			if at, ok := r.held[k].next(); ok {
				want = at
			}
			if r.heldAt[k] != want {
				return fmt.Errorf("region %s: held queue %d's earliest release kept as %v, but it is %v", r.name, k, r.heldAt[k], want)
			}
		}
		lhs := r.recordedCum + r.initial
		rhs := waiting + r.dupPending + r.inVerif + r.printedCum
		if lhs != rhs {
			return fmt.Errorf("region %s: recorded %d + initial %d = %d, but unsent+awaiting+duplicates+verification+ready+printed = %d",
				r.name, r.recordedCum, r.initial, lhs, rhs)
		}
		for _, s := range []*stock{&r.blanks, &r.ribbon} {
			if s.unlimited {
				continue
			}
			if s.level < 0 || s.onOrder < 0 {
				return fmt.Errorf("region %s: negative %s stock %d or on order %d", r.name, s.name, s.level, s.onOrder)
			}
			if s.start+s.delivered != s.level+r.printedCum {
				return fmt.Errorf("region %s: %s at start %d + delivered %d != stock %d + printed %d",
					r.name, s.name, s.start, s.delivered, s.level, r.printedCum)
			}
		}
		var unprinted int64
		for _, u := range r.unprinted {
			if u < 0 {
				return fmt.Errorf("region %s: negative unprinted cohort", r.name)
			}
			unprinted += u
		}
		if r.maxShort > int64(len(r.sites)) {
			return fmt.Errorf("region %s: %d whole cards reached in one step with no record, blank or ribbon for them (at most one a site): printing went on past a queue or stock running out", r.name, r.maxShort)
		}
		if !r.verifyCert() {
			return fmt.Errorf("region %s: running sums of certificate holders differ from the holders", r.name)
		}
		if unprinted != lhs-r.printedCum {
			return fmt.Errorf("region %s: certificate holders %d != recorded and not printed %d", r.name, unprinted, lhs-r.printedCum)
		}
	}
	c := &m.centre
	if !c.storeUnlimited && (c.storeLevel < 0 || c.storeStart+c.storeDelivered != c.storeLevel+c.storeSent) {
		return fmt.Errorf("national store: start %d + delivered %d != stock %d + sent %d", c.storeStart, c.storeDelivered, c.storeLevel, c.storeSent)
	}
	if err := m.verifyTransit(); err != nil {
		return err
	}
	if c.capacity >= 0 && c.stored > c.ceiling {
		return fmt.Errorf("centre: %d stored exceeds capacity %d (and what was stored when it was set, %d)", c.stored, c.capacity, c.ceiling)
	}
	return nil
}

// verifyTransit checks that every blank the national store sent is in
// transit or arrived at its region, so that national store + in transit +
// regional stocks + printed is what the store and the regions started
// with plus what was delivered to them.
func (m *Model) verifyTransit() error {
	var sent int64
	for _, r := range m.regions {
		s := &r.blanks
		if s.inTransit < 0 {
			return fmt.Errorf("region %s: %d blanks in transit", r.name, s.inTransit)
		}
		var flight int64
		for _, sh := range s.inFlight {
			if sh.store {
				flight += sh.n
			}
		}
		if flight != s.inTransit {
			return fmt.Errorf("region %s: shipments from the national store carry %d blanks, but %d are counted in transit", r.name, flight, s.inTransit)
		}
		sent += s.inTransit + s.storeArrived
	}
	c := &m.centre
	if !c.storeUnlimited && sent != c.storeSent {
		return fmt.Errorf("national store: sent %d, but regions have %d in transit or arrived", c.storeSent, sent)
	}
	return nil
}
