package des

import "math/rand/v2"

// holdAction reschedules itself an exponential time later every time it
// fires: one of the streams of the hold benchmark.
type holdAction struct {
	env *Env
	rng *rand.Rand
}

func (h *holdAction) Fire(now Time) { h.env.Schedule(now+h.rng.ExpFloat64(), 0, h) }

// hold returns an environment with n self-renewing events pending, for
// measuring the bare cost of the calendar. It is used by HoldCost and the
// kernel's benchmark.
func hold(n int) (*Env, *rand.Rand) {
	env := &Env{}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < n; i++ {
		h := &holdAction{env: env, rng: rng}
		env.Schedule(rng.ExpFloat64(), 0, h)
	}
	return env, rng
}

// Hold fires events events through a calendar kept at pending events, each
// firing scheduling one more, and nothing else: the cost of the kernel
// alone for a model of that size.
func Hold(pending, events int) {
	env, _ := hold(pending)
	for i := 0; i < events; i++ {
		env.Step()
	}
}
