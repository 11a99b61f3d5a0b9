package results

import (
	"math"
	"strconv"
	"strings"
)

// Thousands writes n with thousands separators: 36260 -> 36,260.
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Short writes a count for an axis or a sentence: 2.1 million, 36,260.
func Short(x float64) string {
	a := math.Abs(x)
	switch {
	case a >= 1e9:
		return trim(x/1e9) + " billion"
	case a >= 1e6:
		return trim(x/1e6) + " million"
	default:
		return Thousands(int64(math.Round(x)))
	}
}

func trim(x float64) string {
	s := strconv.FormatFloat(x, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

// Plain writes a number for a CSV file: at most 3 decimals, never an
// exponent (31681841, not 3.1681841e+07); "" for NaN and infinities.
func Plain(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(math.Round(v*1000)/1000, 'f', -1, 64)
}

// SafeCell returns a text field of a CSV file in a form no spreadsheet
// runs as a formula: a field that starts with = + - @, a tab or a carriage
// return gets a leading single quote (the OWASP rule for CSV injection),
// unless it is a plain number (-5, +1e3). Every CSV writer of ektpsim
// passes its names and other text through it; quoting for commas, quotes
// and line breaks is the CSV writer's job after that.
func SafeCell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return "'" + s
}

// SafeCells applies SafeCell to every field of a row, in place, and
// returns it.
func SafeCells(row []string) []string {
	for i, s := range row {
		row[i] = SafeCell(s)
	}
	return row
}
