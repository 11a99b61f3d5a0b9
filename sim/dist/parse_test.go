package dist

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestParseDuration(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
		err  string
	}{
		{"90m", 1.5, ""},
		{"3h", 3, ""},
		{"2d", 48, ""},
		{"1w", 168, ""},
		{"0.5d", 12, ""},
		{"0", 0, ""},
		{"12", 0, "no unit"},
		{"-3h", 0, "negative"},
		{"3x", 0, "not a duration"},
		{"", 0, "empty"},
		{"NaNh", 0, "not a duration"},
	} {
		got, err := ParseDuration(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParseDuration(%q) error %v, want one containing %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}

func TestParse(t *testing.T) {
	for _, c := range []struct {
		in   string
		kind Kind
		want Dist
		err  string
	}{
		{"fixed(3h)", DurationKind, Fixed{3}, ""},
		{"3h", DurationKind, Fixed{3}, ""},
		{"exponential(5d)", DurationKind, Exponential{120}, ""},
		{"uniform(1h, 3h)", DurationKind, Uniform{1, 3}, ""},
		{"uniform(max=3h, min=1h)", DurationKind, Uniform{1, 3}, ""},
		{"triangular(1h, 2h, 6h)", DurationKind, Triangular{1, 2, 6}, ""},
		{"lognormal(mean=4h, sd=2h)", DurationKind, LogNormal{4, 2}, ""},
		{"gamma(mean=2d, sd=1d)", DurationKind, Gamma{48, 24}, ""},
		{"weibull(shape=1.5, scale=10d)", DurationKind, Weibull{1.5, 240}, ""},
		{"poisson(120)", CountKind, Poisson{120}, ""},
		{"120", CountKind, Fixed{120}, ""},
		{"Exponential( 2h )", DurationKind, Exponential{2}, ""},
		{"poisson(3h)", DurationKind, nil, "for counts"},
		{"exponential(0h)", DurationKind, nil, "more than 0"},
		{"uniform(3h, 1h)", DurationKind, nil, "min is more than max"},
		{"triangular(1h, 7h, 6h)", DurationKind, nil, "min <= mode <= max"},
		{"gamma(mean=2d)", DurationKind, nil, "takes 2 parameter"},
		{"weibull(shape=0, scale=1d)", DurationKind, nil, "more than 0"},
		{"normal(1h, 2h)", DurationKind, nil, "unknown distribution"},
		{"lognormal(mu=1h, sd=2h)", DurationKind, nil, `no parameter "mu"`},
		{"exponential(5)", DurationKind, nil, "no unit"},
		{"exponential(5d", DurationKind, nil, "closing parenthesis"},
		{"uniform(mean=1h, mean=2h)", DurationKind, nil, "no parameter"},
		{"uniform(min=1h, min=2h)", DurationKind, nil, "given twice"},
		{"-4", CountKind, nil, "negative"},
	} {
		got, err := Parse(c.in, c.kind)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("Parse(%q) error %v, want one containing %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("Parse(%q) = %#v, %v; want %#v", c.in, got, err, c.want)
		}
	}
}

// TestMeans draws many samples from each distribution and compares the
// sample mean with Mean within five standard errors.
func TestMeans(t *testing.T) {
	src := rand.NewPCG(7, 11)
	for _, d := range []Dist{
		Exponential{5}, Uniform{1, 3}, Triangular{1, 2, 6}, LogNormal{4, 2},
		Gamma{48, 24}, Weibull{1.5, 10}, Poisson{120}, Fixed{2},
	} {
		const n = 200000
		var sum, sum2 float64
		for i := 0; i < n; i++ {
			x := d.Sample(src)
			sum += x
			sum2 += x * x
		}
		mean := sum / n
		se := math.Sqrt((sum2/n - mean*mean) / n)
		if math.Abs(mean-d.Mean()) > 5*se+1e-12 {
			t.Errorf("%#v: sample mean %.4f, Mean() %.4f (se %.4f)", d, mean, d.Mean(), se)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"fixed(3h)", "exponential(5d)", "uniform(1h, 3h)", "lognormal(mean=4h, sd=2h)", "poisson(120)", "weibull(shape=1.5, scale=10d)", "3", "(", "gamma(=,=)",
		"gamma(mean=1d, sd=1e10d)", "1e-9h", "exponential(1e21h)", "-0h", "lognormal(mean=1e-300h, sd=1h)", "weibull(shape=0.001, scale=1d)", "poisson(1e8)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, k := range []Kind{DurationKind, CountKind} {
			d, err := Parse(s, k)
			if err != nil {
				continue
			}
			m := d.Mean()
			if math.IsNaN(m) || m < 0 {
				t.Fatalf("Parse(%q) accepted a distribution with mean %v", s, m)
			}
			if v := DrawHours(d, rand.NewPCG(1, 1)); v < 0 || math.IsNaN(v) || v > MaxHours {
				t.Fatalf("Parse(%q) sampled %v", s, v)
			}
			if v := DrawCount(d, rand.NewPCG(1, 1)); v < 0 || v > MaxCount {
				t.Fatalf("Parse(%q) drew count %v", s, v)
			}
			// The checks never panic, and what they accept is in range.
			if CheckMax(d, MaxHours, "the limit") == nil && !(m <= MaxHours) {
				t.Fatalf("Parse(%q): CheckMax accepted a mean of %v", s, m)
			}
			if CheckProgress(d, "a process") == nil && (!(m >= Minute) || CDF(d, math.Nextafter(Minute, 0)) > 0.5) {
				t.Fatalf("Parse(%q): CheckProgress accepted", s)
			}
		}
	})
}
