package model

import (
	"math/rand/v2"
	"testing"

	"github.com/ektpsim/ektpsim/sim/dist"
)

// TestCountDrawSameAsDist: the model's own Poisson draw gives the same
// counts as dist.DrawCount and leaves the stream in the same state, for
// means on both sides of gonum's switch of method (10), the zero mean and
// a distribution other than Poisson.
func TestCountDrawSameAsDist(t *testing.T) {
	for _, d := range []dist.Dist{
		dist.Poisson{MeanValue: 0}, dist.Poisson{MeanValue: 0.3}, dist.Poisson{MeanValue: 9.99},
		dist.Poisson{MeanValue: 10}, dist.Poisson{MeanValue: 58.4}, dist.Poisson{MeanValue: 2917.5},
		dist.Poisson{MeanValue: 1e7}, dist.Uniform{Min: 3, Max: 40},
	} {
		want, got := rand.NewPCG(7, 11), rand.NewPCG(7, 11)
		c := newCountDraw(d)
		rng := rand.New(got)
		for i := range 20000 {
			w, g := dist.DrawCount(d, want), c.draw(got, rng)
			if w != g {
				t.Fatalf("%#v, draw %d: got %d, want %d", d, i, g, w)
			}
		}
		if want.Uint64() != got.Uint64() {
			t.Fatalf("%#v: the stream moved on differently", d)
		}
	}
}
