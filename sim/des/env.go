package des

import (
	"fmt"
	"math"
)

// Time is simulated time in hours since the start of the run.
type Time = float64

// Action is what an event does when it fires. now is the event's time.
type Action interface {
	Fire(now Time)
}

// ActionFunc adapts a function to Action.
type ActionFunc func(now Time)

// Fire calls f(now).
func (f ActionFunc) Fire(now Time) { f(now) }

// Timer identifies a scheduled event so that it can be cancelled. The zero
// Timer refers to no event. A Timer stays safe to use after its event fired
// or was cancelled: Cancel and Pending then report false.
type Timer struct {
	e   *entry
	seq uint64
}

// entry is one event on the calendar. Entries are recycled through a free
// list, so seq (unique per scheduling) tells a live Timer from a stale one.
type entry struct {
	seq    uint64
	index  int // position in the heap, -1 when not scheduled
	action Action
}

// Env is a simulation environment: the clock and the event calendar.
// The zero Env is ready to use at time 0.
type Env struct {
	now   Time
	seq   uint64
	fired uint64
	queue calendar // the events before far.frontier, and some after
	far   far
	free  []*entry
}

// Now returns the current simulated time in hours.
func (env *Env) Now() Time { return env.now }

// Fired returns how many events have fired so far.
func (env *Env) Fired() uint64 { return env.fired }

// Len returns how many events are scheduled and not yet fired.
func (env *Env) Len() int { return len(env.queue) + env.far.live }

// Schedule arranges for a to fire at time at. Among events at the same time
// a lower priority fires first, and among equal priorities the one scheduled
// first fires first. Priorities range from -32768 to 32767. It panics if at
// is before Now or not a number, or the priority is out of range: that is a
// bug in the model, not bad input.
func (env *Env) Schedule(at Time, priority int, a Action) Timer {
	if at < env.now || math.IsNaN(at) {
		panic(fmt.Sprintf("des: event scheduled at %v, before now (%v)", at, env.now))
	}
	checkPriority(priority)
	e := env.newEntry()
	env.seq++
	*e = entry{seq: env.seq, action: a}
	env.insert(slot{at: at, key: makeKey(priority, env.seq), e: e})
	return Timer{e: e, seq: e.seq}
}

// newEntry takes an entry from the free list, or a new one.
func (env *Env) newEntry() *entry {
	if n := len(env.free); n > 0 {
		e := env.free[n-1]
		env.free = env.free[:n-1]
		return e
	}
	return new(entry)
}

// insert puts s in the heap if it is before the frontier, else among the
// far events.
func (env *Env) insert(s slot) {
	if s.at < env.far.frontier {
		env.queue.push(s)
		return
	}
	env.far.add(s)
}

// Reschedule moves t's pending event to time at and priority, as if it had
// been cancelled and scheduled anew (it then fires after events already
// scheduled for the same time and priority), but without leaving the
// calendar. It returns the event's new Timer and whether t was pending;
// if it was not, nothing is scheduled.
func (env *Env) Reschedule(t Timer, at Time, priority int) (Timer, bool) {
	if !env.Pending(t) {
		return Timer{}, false
	}
	if at < env.now || math.IsNaN(at) {
		panic(fmt.Sprintf("des: event rescheduled to %v, before now (%v)", at, env.now))
	}
	checkPriority(priority)
	env.seq++
	key := makeKey(priority, env.seq)
	if t.e.index >= 0 {
		// In the heap it stays there, before the frontier or not: the
		// heap's first event is the earliest only once settle has poured
		// every bucket before it.
		t.e.seq = env.seq
		env.queue.fix(t.e.index, slot{at: at, key: key, e: t.e})
		return Timer{e: t.e, seq: env.seq}, true
	}
	// Among the far events: cancelled there, and scheduled anew.
	a := t.e.action
	env.killFar(t.e)
	e := env.newEntry()
	*e = entry{seq: env.seq, action: a}
	env.insert(slot{at: at, key: key, e: e})
	return Timer{e: e, seq: env.seq}, true
}

// killFar cancels a far event; its entry is freed when its bucket is
// poured.
func (env *Env) killFar(e *entry) {
	e.index = deadInFar
	e.action = nil
	e.seq = 0
	env.far.live--
}

// After is Schedule at Now()+delay.
func (env *Env) After(delay Time, priority int, a Action) Timer {
	if delay < 0 {
		panic(fmt.Sprintf("des: negative delay %v", delay))
	}
	return env.Schedule(env.now+delay, priority, a)
}

func checkPriority(p int) {
	if p < -1<<15 || p >= 1<<15 {
		panic(fmt.Sprintf("des: priority %d out of range", p))
	}
}

// Pending reports whether t's event is still waiting to fire.
func (env *Env) Pending(t Timer) bool {
	return t.e != nil && t.e.seq == t.seq && (t.e.index >= 0 || t.e.index == inFar)
}

// Cancel removes t's event from the calendar. It reports whether the event
// was still pending. Cancelling is O(log n).
func (env *Env) Cancel(t Timer) bool {
	if !env.Pending(t) {
		return false
	}
	if t.e.index == inFar {
		env.killFar(t.e)
		return true
	}
	env.queue.remove(t.e.index)
	env.release(t.e)
	return true
}

func (env *Env) release(e *entry) {
	e.action = nil
	e.index = unscheduled
	e.seq = 0
	env.free = append(env.free, e)
}

// Step fires the next event, advancing the clock to its time. It reports
// false, without doing anything, when the calendar is empty.
func (env *Env) Step() bool {
	env.settle()
	if len(env.queue) == 0 {
		return false
	}
	env.now = env.queue[0].at
	e := env.queue.remove(0)
	a := e.action
	env.release(e)
	env.fired++
	a.Fire(env.now)
	return true
}

// Run fires events in order until the next one would be after until, or the
// calendar is empty; then it sets the clock to until. Events at exactly
// until fire.
func (env *Env) Run(until Time) {
	for {
		env.settle()
		if len(env.queue) == 0 || env.queue[0].at > until {
			break
		}
		env.Step()
	}
	if until > env.now {
		env.now = until
	}
}

// NextTime returns the time of the next event and true, or 0 and false if
// the calendar is empty.
func (env *Env) NextTime() (Time, bool) {
	env.settle()
	if len(env.queue) == 0 {
		return 0, false
	}
	return env.queue[0].at, true
}
