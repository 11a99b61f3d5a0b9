package results

import (
	"math"
	"strconv"
)

// AppendValue writes a daily value as daily.csv holds it: counts as
// integers, hours with at most 3 decimals, an unlimited stock (NaN) empty.
func AppendValue(b []byte, k Kind, v float64) []byte {
	switch {
	case math.IsNaN(v):
		return b
	case k == Hours:
		return AppendHours(b, v)
	}
	return strconv.AppendInt(b, int64(v), 10)
}

// AppendHours writes hours with at most 3 decimals (a few seconds), which
// hides floating-point noise without losing anything a planner reads.
func AppendHours(b []byte, h float64) []byte {
	// Most hours are none or whole (a day's office hours): written as
	// integers they read the same and cost a fifth as much.
	if h == math.Trunc(h) && math.Abs(h) < 1<<53 {
		return strconv.AppendInt(b, int64(h), 10)
	}
	b = strconv.AppendFloat(b, h, 'f', 3, 64)
	for b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	if b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	return b
}

// Written is a daily value as ReadRun reads it back from daily.csv, so
// that a Run built in memory holds exactly what one read back would.
func Written(k Kind, v float64) float64 {
	if math.IsNaN(v) || k != Hours {
		return v
	}
	var buf [32]byte
	x, _ := strconv.ParseFloat(string(AppendHours(buf[:0], v)), 64)
	return x
}
