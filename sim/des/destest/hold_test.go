package destest

import (
	"strconv"
	"testing"
)

// TestHoldKeepsLoad: the hold model keeps its number of pending events and
// moves the clock forward.
func TestHoldKeepsLoad(t *testing.T) {
	env := NewHold(50)
	last := 0.0
	for i := 0; i < 1000; i++ {
		env.Step()
		if env.Len() != 50 {
			t.Fatalf("after %d steps %d pending, want 50", i+1, env.Len())
		}
		if env.Now() < last {
			t.Fatalf("clock went back from %v to %v", last, env.Now())
		}
		last = env.Now()
	}
	if env.Fired() != 1000 {
		t.Fatalf("fired %d, want 1000", env.Fired())
	}
}

// BenchmarkHold is the bare calendar under a steady load: n events pending,
// each firing schedules the next of its stream an exponential time later
// (the "hold" model of calendar benchmarks). It is the limit against which
// the model's cost per event is compared (scripts/bench).
func BenchmarkHold(b *testing.B) {
	for _, n := range []int{100, 3000, 30000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			env := NewHold(n)
			b.ReportAllocs()
			for b.Loop() {
				env.Step()
			}
		})
	}
}
