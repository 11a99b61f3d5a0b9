package dist

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// families holds one distribution of each family, to check CDF against
// sampling.
var families = []Dist{
	Fixed{2}, Exponential{5}, Uniform{1, 3}, Uniform{2, 2}, Triangular{1, 2, 6}, Triangular{3, 3, 3},
	LogNormal{4, 2}, LogNormal{4, 0}, Gamma{48, 24}, Weibull{1.5, 10}, Poisson{12}, Poisson{0},
}

// CDF agrees with the share of draws at or below a point, for every
// family, within five standard errors.
func TestCDF(t *testing.T) {
	src := rand.NewPCG(3, 5)
	for _, d := range families {
		const n = 100000
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = d.Sample(src)
		}
		for _, q := range []float64{0.5, 1, 2} {
			x := d.Mean() * q
			k := 0
			for _, v := range xs {
				if v <= x {
					k++
				}
			}
			p := CDF(d, x)
			se := math.Sqrt(p*(1-p)/n) + 1e-9
			if math.Abs(float64(k)/n-p) > 5*se {
				t.Errorf("%#v: CDF(%v) = %v, share of draws %v", d, x, p, float64(k)/n)
			}
		}
	}
}

// The progress rule, family by family: a mean under a minute, or more
// than half of the draws under a minute, is refused, and saying which.
func TestCheckProgress(t *testing.T) {
	const mean, half = "its mean is under a minute", "more than half of its draws are shorter than a minute"
	for _, c := range []struct {
		d    Dist
		want string
	}{
		{Fixed{0}, mean},
		{Fixed{1e-9}, mean},
		{Fixed{Minute}, ""},
		{Exponential{0.5 * Minute}, mean},
		{Exponential{Minute}, half},          // median ln 2 minutes
		{Exponential{1.5 * Minute}, ""},      // median 1.04 minutes
		{Uniform{0, 1.9 * Minute}, mean},     // mean 0.95 minutes
		{Uniform{0, 2.1 * Minute}, ""},       // median 1.05
		{Uniform{0, 10}, ""},                 // hours
		{Triangular{0, 0, 3 * Minute}, half}, // mean 1 minute, median 0.88
		{Triangular{0, 3 * Minute, 3 * Minute}, ""},
		{LogNormal{2 * Minute, 24}, half},
		{LogNormal{24, 24}, ""},
		{Gamma{24, 24e10}, half}, // gamma(mean=1d, sd=1e10d): draws 0 forever
		{Gamma{1, 10}, half},
		{Gamma{1, 1}, ""},
		{Weibull{0.2, Minute}, half},
		{Weibull{0.5, 1}, ""},
	} {
		err := CheckProgress(c.d, "an outage process")
		if c.want == "" {
			if err != nil {
				t.Errorf("%#v: %v", c.d, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "an outage process must make progress") {
			t.Errorf("%#v: got %v, want %q", c.d, err, c.want)
		}
	}
}

func TestCheckMax(t *testing.T) {
	for _, c := range []struct {
		d    Dist
		max  float64
		want string
	}{
		{Exponential{1e21}, MaxHours, "a parameter is more than"},
		{Exponential{MaxHours / 20}, MaxHours, ""}, // P(X > max) = e^-20
		{Exponential{MaxHours / 5}, MaxHours, "more than one draw in a million"},
		{Uniform{0, MaxHours}, MaxHours, ""},
		{Uniform{0, MaxHours * 1.01}, MaxHours, "a parameter is more than"},
		{Weibull{0.05, 1}, MaxHours, "its mean is more than"},
		{LogNormal{1e-300, 1}, MaxHours, "more than one draw"}, // log-parameters overflow
		{Gamma{24, 24e10}, MaxHours, "a parameter is more than"},
		{Poisson{1e8}, 1e8, "more than one draw in a million"},
		{Poisson{1e8 - 1e5}, 1e8, ""},
		{Fixed{1e8}, 1e8, ""},
		{Fixed{1e8 + 1}, 1e8, "a parameter is more than"},
	} {
		err := CheckMax(c.d, c.max, "the limit")
		if c.want == "" {
			if err != nil {
				t.Errorf("%#v: %v", c.d, err)
			}
		} else if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%#v: got %v, want %q", c.d, err, c.want)
		}
	}
}

// Draws are bounded whatever the distribution: counts by MaxCount,
// durations by MaxHours.
func TestDrawsBounded(t *testing.T) {
	src := rand.NewPCG(1, 2)
	for i := 0; i < 1000; i++ {
		if v := DrawCount(LogNormal{1e7, 1e12}, src); v < 0 || v > MaxCount {
			t.Fatalf("DrawCount = %d", v)
		}
		if v := DrawHours(Exponential{1e9}, src); v < 0 || v > MaxHours {
			t.Fatalf("DrawHours = %v", v)
		}
	}
	if DrawCount(Fixed{4e18}, src) != MaxCount || DrawHours(Fixed{1e21}, src) != MaxHours {
		t.Error("fixed values above the limits are not cut")
	}
}

func TestNegativeZero(t *testing.T) {
	for _, s := range []string{"-0h", "-0", "-0.0d", "-1m"} {
		if _, err := ParseDuration(s); err == nil || !strings.Contains(err.Error(), "negative") {
			t.Errorf("ParseDuration(%q): %v", s, err)
		}
	}
	for _, s := range []string{"-0", "poisson(-0)", "uniform(-0, 1)"} {
		if _, err := Parse(s, CountKind); err == nil || !strings.Contains(err.Error(), "negative") {
			t.Errorf("Parse(%q): %v", s, err)
		}
	}
}
