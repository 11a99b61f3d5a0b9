package des

import "math"

// The calendar keeps in its heap only the events before a frontier, the
// end of the current day, and the later ones in buckets of a day each
// (farDays of them in a ring, the rest unordered in an overflow list). A
// day's bucket is poured into the heap when the heap holds nothing before
// the frontier, which then moves on a day. The heap thus holds about a
// day's events rather than every one scheduled (a model that schedules
// months ahead keeps several times more far events than near ones), and
// each pop and push costs the logarithm of that. The order events fire in
// is the heap's, by (time, priority, scheduling order), whichever way they
// came in: an event is poured in with the key it was scheduled with.

// bucketHours is the span of one bucket, in hours of simulated time.
const bucketHours = 24

// farDays is the number of buckets in the ring (a power of two).
const farDays = 256

// Entry states besides a heap position (index >= 0).
const (
	unscheduled = -1 // fired, cancelled and freed, or never scheduled
	inFar       = -2 // pending in a bucket or the overflow
	deadInFar   = -3 // cancelled while in a bucket or the overflow, freed when it is poured
)

// far holds the events at or after frontier.
type far struct {
	frontier Time  // first*bucketHours; every event before it is in the heap
	first    int64 // the bucket at the frontier
	ring     [][]slot
	inRing   int // slots in the ring, live or dead
	over     []slot
	overMin  Time // the earliest time in over (+Inf when empty)
	live     int  // pending events in the ring and the overflow
}

// limit is the end of the ring's span: later events go to the overflow.
func (f *far) limit() Time { return Time(f.first+farDays) * bucketHours }

// add puts s, at or after the frontier, in its bucket or the overflow.
func (f *far) add(s slot) {
	s.e.index = inFar
	f.live++
	if !(s.at < f.limit()) {
		if len(f.over) == 0 || s.at < f.overMin {
			f.overMin = s.at
		}
		f.over = append(f.over, s)
		return
	}
	if f.ring == nil {
		f.ring = make([][]slot, farDays)
	}
	b := int64(s.at / bucketHours)
	if Time(b)*bucketHours > s.at {
		b-- // the division rounded up
	}
	b = max(b, f.first)
	f.ring[b&(farDays-1)] = append(f.ring[b&(farDays-1)], s)
	f.inRing++
}

// settle pours buckets into the heap until its first event is the
// earliest of all (or nothing is scheduled).
func (env *Env) settle() {
	f := &env.far
	for f.inRing+len(f.over) > 0 && (len(env.queue) == 0 || env.queue[0].at >= f.frontier) {
		env.pour()
	}
}

// pour moves the bucket at the frontier into the heap and the frontier on
// a day; with the ring empty, it jumps the frontier to the overflow's
// earliest event instead.
func (env *Env) pour() {
	f := &env.far
	if f.inRing == 0 {
		if !(f.overMin < 1<<52) {
			// Only events too far for day numbers (or at +Inf): into the
			// heap with them, which then takes everything.
			for _, s := range f.over {
				env.fromFar(s)
			}
			f.over = f.over[:0]
			f.frontier = math.Inf(1)
			return
		}
		b := int64(f.overMin / bucketHours)
		if Time(b)*bucketHours > f.overMin {
			b--
		}
		f.first = max(b, f.first)
		f.frontier = Time(f.first) * bucketHours
		env.redistribute()
		return
	}
	at := f.first & (farDays - 1)
	for _, s := range f.ring[at] {
		f.inRing--
		env.fromFar(s)
	}
	clear(f.ring[at])
	f.ring[at] = f.ring[at][:0]
	f.first++
	f.frontier = Time(f.first) * bucketHours
	if len(f.over) > 0 && f.overMin < f.limit() {
		env.redistribute()
	}
}

// fromFar moves s out of the far events into the heap, or frees it if it
// was cancelled there.
func (env *Env) fromFar(s slot) {
	if s.e.index == deadInFar {
		env.release(s.e)
		return
	}
	env.far.live--
	env.queue.push(s)
}

// redistribute moves the overflow's events that fall within the ring's
// span into their buckets.
func (env *Env) redistribute() {
	f := &env.far
	over := f.over
	f.over, f.overMin = nil, math.Inf(1)
	keep := over[:0]
	lim := f.limit()
	for _, s := range over {
		switch {
		case s.e.index == deadInFar:
			env.release(s.e)
		case s.at < lim:
			f.live--
			f.add(s)
		default:
			f.overMin = min(f.overMin, s.at)
			keep = append(keep, s)
		}
	}
	clear(over[len(keep):])
	f.over = keep
}
