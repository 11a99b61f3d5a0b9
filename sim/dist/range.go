package dist

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// MaxHours is the longest duration a scenario may give, in hours: 50
// years of 366 days, the longest run ektpsim accepts. DrawHours never
// returns more.
const MaxHours = 50 * 366 * 24

// MaxCount is the largest count a draw of a count quantity returns
// (records a working day); DrawCount never returns more.
const MaxCount = 1e8

// Minute is one minute in hours.
const Minute = 1.0 / 60

// TailShare is the largest share of draws allowed above a quantity's
// limit: a distribution whose draws exceed the limit more than once in a
// million is refused (CheckMax).
const TailShare = 1e-6

// CDF returns P(X <= x) for d.
func CDF(d Dist, x float64) float64 {
	switch d := d.(type) {
	case Fixed:
		if x >= d.Value {
			return 1
		}
		return 0
	case Exponential:
		return distuv.Exponential{Rate: 1 / d.MeanValue}.CDF(x)
	case Uniform:
		if d.Min == d.Max {
			return CDF(Fixed{d.Min}, x)
		}
		return distuv.Uniform{Min: d.Min, Max: d.Max}.CDF(x)
	case Triangular:
		if d.Min == d.Max {
			return CDF(Fixed{d.Min}, x)
		}
		return distuv.NewTriangle(d.Min, d.Max, d.Mode, nil).CDF(x)
	case LogNormal:
		if d.SD == 0 {
			return CDF(Fixed{d.MeanValue}, x)
		}
		mu, sigma := d.logParams()
		return distuv.LogNormal{Mu: mu, Sigma: sigma}.CDF(x)
	case Gamma:
		shape := d.MeanValue * d.MeanValue / (d.SD * d.SD)
		return distuv.Gamma{Alpha: shape, Beta: shape / d.MeanValue}.CDF(x)
	case Weibull:
		return distuv.Weibull{K: d.Shape, Lambda: d.Scale}.CDF(x)
	case Poisson:
		if d.MeanValue == 0 {
			return CDF(Fixed{0}, x)
		}
		return distuv.Poisson{Lambda: d.MeanValue}.CDF(x)
	}
	panic(fmt.Sprintf("dist: no CDF for %T", d))
}

// params returns d's parameters in the quantity's unit (weibull's shape,
// a plain number, is left out).
func params(d Dist) []float64 {
	switch d := d.(type) {
	case Fixed:
		return []float64{d.Value}
	case Exponential:
		return []float64{d.MeanValue}
	case Uniform:
		return []float64{d.Min, d.Max}
	case Triangular:
		return []float64{d.Min, d.Mode, d.Max}
	case LogNormal:
		return []float64{d.MeanValue, d.SD}
	case Gamma:
		return []float64{d.MeanValue, d.SD}
	case Weibull:
		return []float64{d.Scale}
	case Poisson:
		return []float64{d.MeanValue}
	}
	panic(fmt.Sprintf("dist: no parameters for %T", d))
}

// CheckMax reports whether d stays within 0..max: every parameter, the
// mean, and all but TailShare of its draws. limit describes max for the
// message ("50 years (439,200h)").
func CheckMax(d Dist, max float64, limit string) error {
	for _, p := range params(d) {
		if !(p <= max) {
			return fmt.Errorf("a parameter is more than %s, the limit", limit)
		}
	}
	if m := d.Mean(); !(m <= max) {
		return fmt.Errorf("its mean is more than %s, the limit", limit)
	}
	if s := 1 - CDF(d, max); !(s <= TailShare) {
		return fmt.Errorf("more than one draw in a million would be above %s, the limit", limit)
	}
	return nil
}

// CheckProgress reports whether a renewal process whose gaps are drawn
// from d makes progress: the mean gap is at least a minute and at most
// half of the draws are shorter than a minute. process names it for the
// message ("an outage process").
func CheckProgress(d Dist, process string) error {
	if !(d.Mean() >= Minute) {
		return fmt.Errorf("its mean is under a minute; %s must make progress (give 1m or more)", process)
	}
	// P(X < 1 minute): a gap of exactly a minute is progress.
	if !(CDF(d, math.Nextafter(Minute, 0)) <= 0.5) {
		return fmt.Errorf("more than half of its draws are shorter than a minute; %s must make progress", process)
	}
	return nil
}
