package output

import "github.com/ektpsim/ektpsim/sim/results"

// SafeCell returns a text field of a CSV file in a form no spreadsheet
// runs as a formula (results.SafeCell).
func SafeCell(s string) string { return results.SafeCell(s) }

// SafeCells applies SafeCell to every field of a row, in place, and
// returns it.
func SafeCells(row []string) []string { return results.SafeCells(row) }
