package model

import (
	"math"

	"github.com/ektpsim/ektpsim/sim/des"
)

// advance brings printing up to now. Nothing else changes between events,
// so the state in between is exact. Recording is brought up to date by
// record, only where it is read: records go unsent or awaiting by the state
// of the upload path, so record runs before that changes, at close and at
// the end of the day.
func (r *region) advance(now float64) {
	dt := now - r.last
	if dt <= 0 {
		return
	}
	if r.inWindow {
		r.print(dt)
	}
	if r.heldNext < now {
		r.releaseDue(now, false)
	}
	r.last = now
}

// print runs every printing site for dt hours at its planned rate. Whole
// cards are counted and the fraction of a card carried over. Sites take
// their cards in the order listed, so when the cards reached exceed what
// the class queue or the stocks hold (two sites reaching the last record
// at once, an exact tie), the site listed first takes it; a site stopped
// short keeps its fraction of a card, as every site does, and the whole
// cards it had no record, blank or ribbon for are not printed.
func (r *region) print(dt float64) {
	var short int64
	for _, s := range r.sites {
		if !s.printing {
			if s.hasWork {
				if s.cause >= 0 {
					r.lost[s.cause] += float64(s.working) * dt
				}
				r.lost[CauseBreakdown] += float64(s.printers-s.working) * dt
			}
			continue
		}
		x := s.carry + s.rate*dt
		// x is at most a window's hours at the rate validation bounds
		// (1e9 printers x 1e6 cards over an office day): far below
		// maxCards, which the conversion is held to all the same.
		whole := int64(math.Floor(min(x+eps, maxCards)))
		s.carry = max(0, x-float64(whole))
		n := min(whole, r.ready.total[s.cls], r.blanks.available(), r.ribbon.available())
		short += whole - n
		s.printed += n
		r.printHours += float64(s.working) * dt
		r.lost[CauseBreakdown] += float64(s.printers-s.working) * dt
		if n == 0 {
			continue
		}
		day := int32(r.m.env.Now()/24) + int32(r.m.org)
		r.ready.take(s.cls, n, func(d int32, k int64) {
			base := max(d, 0)
			r.waitHist[day-base] += k
			r.printedFrom(base, k)
		})
		r.printedCum += n
		r.printedDay += n
		r.blanks.use(n)
		r.ribbon.use(n)
	}
	// Wake-ups come when a queue or a stock runs out, so sites can reach
	// more cards than there are records, blanks or ribbon only by the
	// card each reaches at that instant; more means printing went on past
	// the end of a queue or stock (the invariant checker reports it).
	r.maxShort = max(r.maxShort, short)
}

// plan decides, after any change, what each site does until the next
// event, places reorders, and schedules the region's wake-up for the moment
// a class queue, a stock or a reorder threshold will be reached.
func (r *region) plan(now float64) {
	// The thresholds are read from the region (threshold caches them)
	// rather than from the scenario, whose memory is far from the
	// region's: checkReorder does nothing above them.
	if r.blanks.belowThreshold(r.threshold[0]) {
		r.blanks.checkReorder(now)
	}
	if r.ribbon.belowThreshold(r.threshold[1]) {
		r.ribbon.checkReorder(now)
	}
	if !r.inWindow {
		// Out of the window no site has work, whatever changed: once a
		// plan has said so (and cancelled the wake-up) the next one
		// finds the same, and the sites' other planned fields are read
		// only in the window, whose opening plans afresh.
		if r.idle {
			return
		}
		r.idle = true
	} else {
		r.idle = false
	}
	centreUp := r.m.centre.down == 0
	for _, s := range r.sites {
		s.working = max(0, s.printers-s.broken-s.schedDown)
		s.cls = -1
		for _, c := range s.serves[:s.nServes] {
			if r.ready.total[c] > 0 {
				s.cls = int(c)
				break
			}
		}
		s.hasWork = s.cls >= 0 && r.inWindow
		s.printing = false
		s.cause = -1
		if !s.hasWork || s.working == 0 {
			continue
		}
		switch {
		case !centreUp:
			s.cause = CauseCentre
		case r.netDown > 0 || s.netDown > 0:
			s.cause = CauseNetwork
		case !s.powered(now):
			s.cause = CausePower
		case r.appDown > 0 || s.appDown > 0:
			s.cause = CauseApplication
		case r.blanks.available() == 0:
			s.cause = CauseBlanks
			r.blanksShort = true
		case r.ribbon.available() == 0:
			s.cause = CauseRibbon
		default:
			s.printing = true
			s.rate = float64(s.working) * s.perPrinter
		}
	}
	r.scheduleWake(now)
}

func (r *region) scheduleWake(now float64) {
	env := &r.m.env
	if !r.inWindow {
		r.cancelWake()
		return
	}
	// Each class's printing sites, and all of them (index numClasses),
	// summed in one pass in the order listed: their rates, their carried
	// fractions, and the time to the next whole card of any of them
	// (the exact time, not eps early, so that sites reaching a card
	// together are all counted then, as print counts x+eps, ties going
	// to the site listed first rather than to the faster one).
	var rate, carry [numClasses + 1]float64
	next := [numClasses + 1]float64{math.Inf(1), math.Inf(1), math.Inf(1), math.Inf(1)}
	for _, s := range r.sites {
		if !s.printing {
			continue
		}
		t := (1 - s.carry) / s.rate
		for _, k := range [2]int{s.cls, numClasses} {
			rate[k] += s.rate
			carry[k] += s.carry
			next[k] = min(next[k], t)
		}
	}
	best := math.Inf(1)
	consider := func(amount int64, k int) {
		if rate[k] > 0 {
			best = min(best, max((float64(amount)-carry[k])/rate[k], next[k]))
		}
	}
	for c, n := range r.ready.total {
		consider(n, c)
	}
	if a, ok := r.blanks.untilEventBelow(r.threshold[0]); ok {
		consider(a, numClasses)
	}
	if a, ok := r.ribbon.untilEventBelow(r.threshold[1]); ok {
		consider(a, numClasses)
	}
	at := now + best
	if at <= now {
		// The next card is closer than the clock can resolve: take the
		// smallest step it can, which advances the carried fraction.
		at = math.Nextafter(now, math.Inf(1))
	}
	if at >= r.windowEnd {
		r.cancelWake()
		return
	}
	// Moving the pending wake-up is the same as cancelling it and
	// scheduling anew, without the trip through the free list.
	if t, ok := r.rescheduleWake(at); ok {
		r.wake = t
	} else {
		r.wake = env.Schedule(at, prioWake, r)
	}
	r.wakePending = true
}

// rescheduleWake moves the pending wake-up, if any, to at.
func (r *region) rescheduleWake(at float64) (des.Timer, bool) {
	if !r.wakePending {
		return des.Timer{}, false
	}
	return r.m.env.Reschedule(r.wake, at, prioWake)
}

// cancelWake cancels the pending wake-up, if any.
func (r *region) cancelWake() {
	if r.wakePending {
		r.m.env.Cancel(r.wake)
		r.wakePending = false
	}
}

// Fire is the region's wake-up: a queue or stock has run down, which
// changes nothing but what plan finds.
func (r *region) Fire(now float64) {
	r.wakePending = false
	r.update(now, nil)
}

// belowThreshold reports whether checkReorder would order: stock plus what
// is on order below thr, the stock's threshold().
func (s *stock) belowThreshold(thr int64) bool {
	return !s.unlimited && s.reorder != nil && s.level+s.onOrder < thr
}

// untilEventBelow is untilEvent with the threshold given (thr, the stock's
// threshold(), cached in the region).
func (s *stock) untilEventBelow(thr int64) (int64, bool) {
	if s.unlimited {
		return 0, false
	}
	if s.reorder != nil && s.level+s.onOrder >= thr {
		return min(s.level, s.level+s.onOrder-thr+1), true
	}
	return s.level, true
}
