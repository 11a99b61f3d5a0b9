// Package destest holds helpers for measuring the des kernel: they are for
// benchmarks and scripts/bench, not part of the kernel's API.
package destest

import (
	"math/rand/v2"

	"github.com/ektpsim/ektpsim/sim/des"
)

// holdAction reschedules itself an exponential time later (mean 1 hour)
// every time it fires: one of the streams of the hold model.
type holdAction struct {
	env *des.Env
	rng *rand.Rand
}

func (h *holdAction) Fire(now des.Time) { h.env.Schedule(now+h.rng.ExpFloat64(), 0, h) }

// NewHold returns an environment with n self-renewing events pending (the
// "hold" model of calendar benchmarks), for measuring the bare cost of the
// calendar: every Step fires one and schedules one.
func NewHold(n int) *des.Env {
	env := &des.Env{}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < n; i++ {
		h := &holdAction{env: env, rng: rng}
		env.Schedule(rng.ExpFloat64(), 0, h)
	}
	return env
}

// Hold fires events events through a calendar kept at pending events, each
// firing scheduling one more, and nothing else: the cost of the kernel
// alone for a model of that size.
func Hold(pending, events int) {
	env := NewHold(pending)
	for i := 0; i < events; i++ {
		env.Step()
	}
}
