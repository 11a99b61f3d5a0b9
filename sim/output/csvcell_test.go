package output

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// Names a spreadsheet would run as formulas are written with a leading
// quote in daily.csv and bands.csv; names with commas, quotes or line
// breaks read back whole; numbers and plain names are untouched.
func TestCSVNamesSafe(t *testing.T) {
	names := []string{`=HYPERLINK("http://x","y")`, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx", "a,b", "a\nb", `say "hi"`, "Kota Binjai", "-5"}
	want := []string{`'=HYPERLINK("http://x","y")`, "'+1+cmd|' /C calc'!A0", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx", "a,b", "a\nb", `say "hi"`, "Kota Binjai", "-5"}
	for i, n := range names {
		if got := SafeCell(n); got != want[i] {
			t.Errorf("SafeCell(%q) = %q, want %q", n, got, want[i])
		}
	}
	var buf bytes.Buffer
	d, err := NewDaily(&buf, names)
	if err != nil {
		t.Fatal(err)
	}
	rows := make([]model.DayRow, len(names))
	if err := d.Day(scenario.Date{}, &model.DayRow{}, rows); err != nil {
		t.Fatal(err)
	}
	d.Flush()
	var band []byte
	for _, n := range names {
		band = bandRow(band, "2017-01-01", n, "backlog", []float64{1, 2}, nil)
	}
	for what, text := range map[string][]byte{"daily.csv": buf.Bytes(), "bands.csv": band} {
		recs, err := csv.NewReader(bytes.NewReader(text)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if what == "daily.csv" {
			recs = recs[2:] // the header and the nation's row
		}
		if len(recs) != len(names) {
			t.Fatalf("%s: %d rows, want %d", what, len(recs), len(names))
		}
		for i, r := range recs {
			if r[1] != want[i] {
				t.Errorf("%s: region %q written as %q, want %q", what, names[i], r[1], want[i])
			}
		}
	}
}
