package dist

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// Dist is a random quantity. Sample draws one value using src; Mean is its
// expectation. Durations are in hours.
type Dist interface {
	Sample(src rand.Source) float64
	Mean() float64
}

// Fixed is a constant.
type Fixed struct{ Value float64 }

func (d Fixed) Sample(rand.Source) float64 { return d.Value }
func (d Fixed) Mean() float64              { return d.Value }

// Exponential has the given mean (not rate).
type Exponential struct{ MeanValue float64 }

func (d Exponential) Sample(src rand.Source) float64 {
	return distuv.Exponential{Rate: 1 / d.MeanValue, Src: src}.Rand()
}
func (d Exponential) Mean() float64 { return d.MeanValue }

// Uniform is uniform on [Min, Max].
type Uniform struct{ Min, Max float64 }

func (d Uniform) Sample(src rand.Source) float64 {
	if d.Min == d.Max {
		return d.Min
	}
	return distuv.Uniform{Min: d.Min, Max: d.Max, Src: src}.Rand()
}
func (d Uniform) Mean() float64 { return (d.Min + d.Max) / 2 }

// Triangular has the given minimum, mode and maximum.
type Triangular struct{ Min, Mode, Max float64 }

func (d Triangular) Sample(src rand.Source) float64 {
	if d.Min == d.Max {
		return d.Min
	}
	return distuv.NewTriangle(d.Min, d.Max, d.Mode, src).Rand()
}
func (d Triangular) Mean() float64 { return (d.Min + d.Mode + d.Max) / 3 }

// LogNormal is given by the mean and standard deviation of the quantity
// itself, not of its logarithm.
type LogNormal struct{ MeanValue, SD float64 }

func (d LogNormal) Sample(src rand.Source) float64 {
	if d.SD == 0 {
		return d.MeanValue
	}
	mu, sigma := d.logParams()
	return distuv.LogNormal{Mu: mu, Sigma: sigma, Src: src}.Rand()
}

// logParams returns the mean and standard deviation of log X.
func (d LogNormal) logParams() (mu, sigma float64) {
	v := 1 + d.SD*d.SD/(d.MeanValue*d.MeanValue)
	return math.Log(d.MeanValue / math.Sqrt(v)), math.Sqrt(math.Log(v))
}
func (d LogNormal) Mean() float64 { return d.MeanValue }

// Gamma is given by its mean and standard deviation.
type Gamma struct{ MeanValue, SD float64 }

func (d Gamma) Sample(src rand.Source) float64 {
	shape := d.MeanValue * d.MeanValue / (d.SD * d.SD)
	return distuv.Gamma{Alpha: shape, Beta: shape / d.MeanValue, Src: src}.Rand()
}
func (d Gamma) Mean() float64 { return d.MeanValue }

// Weibull has shape k and scale λ; its mean is λ·Γ(1+1/k).
type Weibull struct{ Shape, Scale float64 }

func (d Weibull) Sample(src rand.Source) float64 {
	return distuv.Weibull{K: d.Shape, Lambda: d.Scale, Src: src}.Rand()
}
func (d Weibull) Mean() float64 { return d.Scale * math.Gamma(1+1/d.Shape) }

// Poisson is a count with the given mean.
type Poisson struct{ MeanValue float64 }

func (d Poisson) Sample(src rand.Source) float64 {
	if d.MeanValue == 0 {
		return 0
	}
	return distuv.Poisson{Lambda: d.MeanValue, Src: src}.Rand()
}
func (d Poisson) Mean() float64 { return d.MeanValue }

// DrawCount draws a whole count from d, 0 to MaxCount: continuous draws
// are rounded to the nearest whole number, and the rare draw above
// MaxCount (validation refuses distributions where it is not rare) is cut
// to MaxCount, so that sums of counts stay exact.
func DrawCount(d Dist, src rand.Source) int64 {
	v := math.Round(d.Sample(src))
	if v < 0 || math.IsNaN(v) {
		return 0
	}
	return int64(min(v, MaxCount))
}

// DrawHours draws a duration in hours from d, 0 to MaxHours (a rarer draw
// above it is cut to MaxHours).
func DrawHours(d Dist, src rand.Source) float64 {
	v := d.Sample(src)
	if v < 0 || math.IsNaN(v) {
		return 0
	}
	return min(v, MaxHours)
}

// Source is a source of random bits, as gonum's distributions take.
type Source = rand.Source
