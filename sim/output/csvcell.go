package output

import (
	"strconv"
	"strings"
)

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
