package des

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

type recorder struct {
	log *[]int
	id  int
}

func (r recorder) Fire(Time) { *r.log = append(*r.log, r.id) }

// TestOrder schedules the same events in order, reversed and shuffled, and
// expects them to fire by (time, priority, scheduling order) every time.
func TestOrder(t *testing.T) {
	type ev struct {
		at   Time
		prio int
	}
	events := []ev{{1, 0}, {1, 1}, {2, 0}, {2, 0}, {3, -1}, {3, 5}, {0.5, 9}, {10, 0}}
	perms := map[string][]int{
		"in order": {0, 1, 2, 3, 4, 5, 6, 7},
		"reversed": {7, 6, 5, 4, 3, 2, 1, 0},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20; i++ {
		perms["shuffled"+string(rune('a'+i))] = rng.Perm(len(events))
	}
	for name, perm := range perms {
		var env Env
		var log []int
		for _, i := range perm {
			env.Schedule(events[i].at, events[i].prio, recorder{&log, i})
		}
		for env.Step() {
		}
		// Expected: sort indices by (at, prio, position in perm).
		pos := make([]int, len(events))
		for p, i := range perm {
			pos[i] = p
		}
		want := []int{0, 1, 2, 3, 4, 5, 6, 7}
		slices.SortFunc(want, func(a, b int) int {
			ea, eb := events[a], events[b]
			switch {
			case ea.at != eb.at:
				if ea.at < eb.at {
					return -1
				}
				return 1
			case ea.prio != eb.prio:
				return ea.prio - eb.prio
			}
			return pos[a] - pos[b]
		})
		if !slices.Equal(log, want) {
			t.Errorf("%s: fired %v, want %v", name, log, want)
		}
		if env.Now() != 10 || env.Fired() != uint64(len(events)) {
			t.Errorf("%s: now %v fired %d", name, env.Now(), env.Fired())
		}
	}
}

func TestCancel(t *testing.T) {
	var env Env
	var log []int
	timers := make([]Timer, 50)
	for i := range timers {
		timers[i] = env.Schedule(Time(i%7), 0, recorder{&log, i})
	}
	cancelled := map[int]bool{}
	for i := 0; i < 50; i += 3 {
		if !env.Cancel(timers[i]) {
			t.Fatalf("cancel %d: not pending", i)
		}
		cancelled[i] = true
	}
	if env.Cancel(timers[0]) {
		t.Error("second cancel reported pending")
	}
	// Recycled entries must not be reachable through stale timers.
	stale := timers[3]
	fresh := env.Schedule(100, 0, recorder{&log, 1000})
	if env.Cancel(stale) {
		t.Error("stale timer cancelled a recycled entry")
	}
	if !env.Pending(fresh) {
		t.Error("fresh timer not pending")
	}
	env.Run(50)
	if env.Now() != 50 {
		t.Errorf("Run(50) left now at %v", env.Now())
	}
	for _, id := range log {
		if cancelled[id] {
			t.Errorf("cancelled event %d fired", id)
		}
	}
	if len(log) != 50-len(cancelled) {
		t.Errorf("%d fired, want %d", len(log), 50-len(cancelled))
	}
	for i := 1; i < len(log); i++ {
		if log[i-1]%7 > log[i]%7 {
			t.Fatalf("out of order: %v", log)
		}
	}
	if env.Pending(timers[1]) {
		t.Error("fired timer still pending")
	}
	env.Run(1000)
	if log[len(log)-1] != 1000 {
		t.Error("event at 100 did not fire")
	}
}

func TestSchedulePastPanics(t *testing.T) {
	var env Env
	env.Run(5)
	defer func() {
		if recover() == nil {
			t.Error("no panic for an event in the past")
		}
	}()
	env.Schedule(4, 0, ActionFunc(func(Time) {}))
}

func TestStreamsIndependentOfOthers(t *testing.T) {
	s := Streams{Seed: 42}
	a := s.Stream("region/Kota Binjai/network").Uint64()
	_ = s.Stream("region/Kota Palembang/network").Uint64()
	if b := s.Stream("region/Kota Binjai/network").Uint64(); a != b {
		t.Error("same name gave different numbers")
	}
	if s.Stream("region/Kota Binjai/power").Uint64() == a {
		t.Error("different names gave the same number")
	}
	if (Streams{Seed: 42, Replication: 1}).Stream("region/Kota Binjai/network").Uint64() == a {
		t.Error("replications share a stream")
	}
	if (Streams{Seed: 43}).Stream("region/Kota Binjai/network").Uint64() == a {
		t.Error("seeds share a stream")
	}
}

// TestAgainstReference drives the calendar with random schedules, cancels,
// reschedules and steps, and checks every firing against a plain list
// sorted by (time, priority, scheduling order), the semantics in the doc.
//
// The delays are drawn from each case's own spread: within a few hours (the
// heap alone), over months (the day buckets and their ring), and with some
// beyond the ring, far beyond any run and at +Inf (the overflow and its
// jumps), so that events move between heap, buckets and overflow while
// others are cancelled and rescheduled.
func TestAgainstReference(t *testing.T) {
	type ref = refEvent
	spreads := []struct {
		name  string
		delay func(rng *rand.Rand) Time
	}{
		{"hours", func(rng *rand.Rand) Time { return Time(rng.IntN(20)) / 4 }},
		{"months", func(rng *rand.Rand) Time { return Time(rng.IntN(24*200)) / 2 }},
		{"across the ring", func(rng *rand.Rand) Time { return Time(rng.IntN(3*farDays*bucketHours)) + rng.Float64() }},
		{"beyond the ring", func(rng *rand.Rand) Time {
			switch rng.IntN(20) {
			case 0:
				return math.Inf(1)
			case 1:
				return 1e18 * rng.Float64()
			case 2, 3:
				return Time(rng.IntN(24 * 5 * farDays))
			case 4:
				return Time(rng.IntN(3)) * bucketHours // on a bucket's edge
			}
			return Time(rng.IntN(48*4)) / 4
		}},
	}
	for _, sp := range spreads {
		for seed := uint64(0); seed < 20; seed++ {
			rng := rand.New(rand.NewPCG(seed, 7))
			var env Env
			var log []int
			var live []ref
			timers := map[int]Timer{}
			seq, nextID := 0, 0
			pick := func() int { return rng.IntN(len(live)) }
			for op := 0; op < 5000; op++ {
				switch k := rng.IntN(10); {
				case k < 5 || len(live) == 0:
					at := env.Now() + sp.delay(rng)
					prio := rng.IntN(5) - 2
					seq++
					timers[nextID] = env.Schedule(at, prio, recorder{&log, nextID})
					live = append(live, ref{at, prio, seq, nextID})
					nextID++
				case k < 6:
					i := pick()
					if !env.Cancel(timers[live[i].id]) {
						t.Fatalf("%s, seed %d: cancel of a live event failed", sp.name, seed)
					}
					live = slices.Delete(live, i, i+1)
				case k < 7:
					i := pick()
					at := env.Now() + sp.delay(rng)
					prio := rng.IntN(5) - 2
					nt, ok := env.Reschedule(timers[live[i].id], at, prio)
					if !ok {
						t.Fatalf("%s, seed %d: reschedule of a live event failed", sp.name, seed)
					}
					seq++
					timers[live[i].id] = nt
					live[i].at, live[i].prio, live[i].seq = at, prio, seq
				default:
					best := 0
					for j, r := range live {
						b := live[best]
						if r.at < b.at || r.at == b.at && (r.prio < b.prio || r.prio == b.prio && r.seq < b.seq) {
							best = j
						}
					}
					want := live[best]
					live = slices.Delete(live, best, best+1)
					log = log[:0]
					env.Step()
					if len(log) != 1 || log[0] != want.id || env.Now() != want.at {
						t.Fatalf("%s, seed %d op %d: fired %v at %v, want %d at %v", sp.name, seed, op, log, env.Now(), want.id, want.at)
					}
					if at, ok := env.NextTime(); ok != (len(live) > 0) || ok && at != nextAt(live) {
						t.Fatalf("%s, seed %d op %d: next time %v %v, want %v", sp.name, seed, op, at, ok, nextAt(live))
					}
				}
				if env.Len() != len(live) {
					t.Fatalf("%s, seed %d: %d pending, want %d", sp.name, seed, env.Len(), len(live))
				}
			}
			// Run to the end fires the rest in order.
			fired := len(log)
			env.Run(math.Inf(1))
			if len(log)-fired != len(live) || env.Len() != 0 {
				t.Fatalf("%s, seed %d: Run fired %d of %d, %d left", sp.name, seed, len(log)-fired, len(live), env.Len())
			}
		}
	}
}

// refEvent is an event of TestAgainstReference's plain list.
type refEvent struct {
	at   Time
	prio int
	seq  int
	id   int
}

// nextAt is the earliest time among the events.
func nextAt(live []refEvent) Time {
	best := math.Inf(1)
	for _, r := range live {
		best = min(best, r.at)
	}
	return best
}
