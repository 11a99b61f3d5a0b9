package dist

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Kind says what a quantity measures, which decides how bare numbers and
// units are read.
type Kind int

const (
	// DurationKind quantities need a unit (m, h, d, w) and are held in hours.
	DurationKind Kind = iota
	// CountKind quantities are plain numbers of records or cards.
	CountKind
)

// ParseDuration reads a duration with a unit: `90m`, `3h`, `2.5d`, `1w`
// (a d is 24 hours, a w 168). A bare 0 is allowed. It returns hours.
func ParseDuration(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("empty duration; write a number with a unit, e.g. 3h or 2d")
	}
	unit := 0.0
	switch s[len(s)-1] {
	case 'm':
		unit = 1.0 / 60
	case 'h':
		unit = 1
	case 'd':
		unit = 24
	case 'w':
		unit = 168
	}
	if strings.HasPrefix(s, "-") {
		// -0h too: a duration has no sign.
		return 0, fmt.Errorf("%q is negative; a duration is 0 or more", s)
	}
	num := s
	if unit != 0 {
		num = strings.TrimSpace(s[:len(s)-1])
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, fmt.Errorf("%q is not a duration; write a number with a unit m, h, d or w, e.g. 90m, 3h, 2d, 1w", s)
	}
	if unit == 0 {
		if v == 0 {
			return 0, nil
		}
		return 0, fmt.Errorf("%q has no unit; write e.g. %sh or %sd", s, num, num)
	}
	if v < 0 {
		return 0, fmt.Errorf("%q is negative; a duration is 0 or more", s)
	}
	return v * unit, nil
}

var shapes = map[string][]string{
	"fixed":       {"value"},
	"exponential": {"mean"},
	"uniform":     {"min", "max"},
	"triangular":  {"min", "mode", "max"},
	"lognormal":   {"mean", "sd"},
	"gamma":       {"mean", "sd"},
	"weibull":     {"shape", "scale"},
	"poisson":     {"mean"},
}

// Parse reads a random quantity: a bare value (fixed) or one of the
// distribution forms of the package comment. Parameters may be given in
// order or by name (`uniform(min=1h, max=3h)`). For DurationKind quantities
// every time parameter needs a unit and the result is in hours; weibull's
// shape is a plain number.
func Parse(s string, kind Kind) (Dist, error) {
	s = strings.TrimSpace(s)
	open := strings.IndexByte(s, '(')
	if open < 0 {
		v, err := scalar(s, kind)
		if err != nil {
			return nil, err
		}
		return Fixed{v}, nil
	}
	name := strings.ToLower(strings.TrimSpace(s[:open]))
	if !strings.HasSuffix(s, ")") {
		return nil, fmt.Errorf("%q: missing closing parenthesis (inside { } a comma ends the value: quote it, e.g. \"uniform(2d, 4d)\")", s)
	}
	names, ok := shapes[name]
	if !ok {
		return nil, fmt.Errorf("%q: unknown distribution %q; use fixed, exponential, uniform, triangular, lognormal, gamma, weibull or poisson", s, name)
	}
	if name == "poisson" && kind == DurationKind {
		return nil, fmt.Errorf("%q: poisson is for counts; for a duration use e.g. exponential or gamma", s)
	}
	args := strings.Split(s[open+1:len(s)-1], ",")
	if len(args) != len(names) {
		return nil, fmt.Errorf("%q: %s takes %d parameter(s) (%s), got %d", s, name, len(names), strings.Join(names, ", "), len(args))
	}
	vals := make([]float64, len(names))
	seen := make([]bool, len(names))
	for i, a := range args {
		a = strings.TrimSpace(a)
		idx := i
		if eq := strings.IndexByte(a, '='); eq >= 0 {
			key := strings.ToLower(strings.TrimSpace(a[:eq]))
			a = strings.TrimSpace(a[eq+1:])
			idx = -1
			for j, n := range names {
				if n == key {
					idx = j
				}
			}
			if idx < 0 {
				return nil, fmt.Errorf("%q: %s has no parameter %q; its parameters are %s", s, name, key, strings.Join(names, ", "))
			}
		}
		if seen[idx] {
			return nil, fmt.Errorf("%q: parameter %s given twice", s, names[idx])
		}
		seen[idx] = true
		k := kind
		if name == "weibull" && names[idx] == "shape" {
			k = CountKind
		}
		v, err := scalar(a, k)
		if err != nil {
			return nil, fmt.Errorf("%q: %s: %v", s, names[idx], err)
		}
		vals[idx] = v
	}
	return build(s, name, vals)
}

func build(s, name string, v []float64) (Dist, error) {
	bad := func(format string, args ...any) (Dist, error) {
		return nil, fmt.Errorf("%q: "+format, append([]any{s}, args...)...)
	}
	switch name {
	case "fixed":
		return Fixed{v[0]}, nil
	case "exponential":
		if v[0] <= 0 {
			return bad("the mean must be more than 0")
		}
		return Exponential{v[0]}, nil
	case "uniform":
		if v[0] > v[1] {
			return bad("min is more than max")
		}
		return Uniform{v[0], v[1]}, nil
	case "triangular":
		if !(v[0] <= v[1] && v[1] <= v[2]) {
			return bad("needs min <= mode <= max")
		}
		return Triangular{v[0], v[1], v[2]}, nil
	case "lognormal":
		if v[0] <= 0 {
			return bad("the mean must be more than 0")
		}
		return LogNormal{v[0], v[1]}, nil
	case "gamma":
		if v[0] <= 0 || v[1] <= 0 {
			return bad("mean and sd must be more than 0")
		}
		return Gamma{v[0], v[1]}, nil
	case "weibull":
		if v[0] <= 0 || v[1] <= 0 {
			return bad("shape and scale must be more than 0")
		}
		return Weibull{v[0], v[1]}, nil
	case "poisson":
		return Poisson{v[0]}, nil
	}
	panic("dist: unhandled distribution " + name)
}

func scalar(s string, kind Kind) (float64, error) {
	if kind == DurationKind {
		return ParseDuration(s)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if v < 0 || math.Signbit(v) {
		return 0, fmt.Errorf("%q is negative; a count is 0 or more", s)
	}
	return v, nil
}
