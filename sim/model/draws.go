package model

import (
	"math"
	"math/rand/v2"

	"github.com/ektpsim/ektpsim/sim/dist"
)

// countDraw draws a region's daily recordings of one class: dist.DrawCount
// of its distribution, with the Poisson case (every shipped rate) worked
// out once per rate instead of once per draw. The arithmetic is gonum's
// Poisson.Rand (distuv, algorithm PTRS for a mean of 10 or more, the direct
// method below) step for step, with its per-mean constants kept, so the
// draws and the random numbers they consume are the same bits
// (TestCountDrawSameAsDist).
type countDraw struct {
	d       dist.Dist
	poisson bool
	lambda  float64
	// PTRS constants (lambda >= 10)
	a, b, invalpha, vr, logLambda float64
}

func newCountDraw(d dist.Dist) countDraw {
	c := countDraw{d: d}
	p, ok := d.(dist.Poisson)
	if !ok || p.MeanValue == 0 {
		return c
	}
	c.poisson, c.lambda = true, p.MeanValue
	c.b = 0.931 + 2.53*math.Sqrt(c.lambda)
	c.a = -0.059 + 0.02483*c.b
	c.invalpha = 1.1239 + 1.1328/(c.b-3.4)
	c.vr = 0.9277 - 3.6224/(c.b-2)
	c.logLambda = math.Log(c.lambda)
	return c
}

// draw returns a count from 0 to dist.MaxCount. rng wraps src (a Rand
// holds no state of its own, so one made once draws as gonum's does).
func (c *countDraw) draw(src *rand.PCG, rng *rand.Rand) int64 {
	if !c.poisson {
		return dist.DrawCount(c.d, src)
	}
	var v float64
	if c.lambda < 10 {
		t := 0.0
		for {
			t += rng.ExpFloat64()
			if t >= c.lambda {
				break
			}
			v++
		}
	} else {
		for {
			U := rng.Float64() - 0.5
			V := rng.Float64()
			us := 0.5 - math.Abs(U)
			k := math.Floor((2*c.a/us+c.b)*U + c.lambda + 0.43)
			if us >= 0.07 && V <= c.vr {
				v = k
				break
			}
			if k <= 0 || (us < 0.013 && V > us) {
				continue
			}
			lg, _ := math.Lgamma(k + 1)
			if math.Log(V*c.invalpha/(c.a/(us*us)+c.b)) <= k*c.logLambda-c.lambda-lg {
				v = k
				break
			}
		}
	}
	// dist.DrawCount's rounding and bounds.
	v = math.Round(v)
	if v < 0 || math.IsNaN(v) {
		return 0
	}
	return int64(min(v, dist.MaxCount))
}
