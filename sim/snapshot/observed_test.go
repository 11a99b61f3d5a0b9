package snapshot

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/ektpsim/ektpsim/internal/golden"

	"github.com/ektpsim/ektpsim/sim/scenario"
)

var update = flag.Bool("update", false, "rewrite docs/snapshot-errors.md")

// observedBase is the base scenario of the observed-CSV tests: three
// regions, one with a backlog by class to split by.
const observedBase = `name: base
start: 2017-01-02
end: 2017-12-29
central:
  intake_per_day: 500
  changes: [{date: 2017-03-01, intake_per_day: 800}, {date: 2017-09-01, storage_capacity: 900000}]
  blanks: {stock: 10000, deliveries: [{date: 2017-02-01, amount: 5000}, {date: 2017-08-01, amount: 7000}]}
regions:
  - name: Kota Kupang
    code: "5371"
    recording: {first_time: 100}
    recording_changes: [{date: 2017-04-03, first_time: 150}]
    backlog: {print_ready: {first_time: 600, replacement: 300, element_change: 100}}
    blanks: {stock: 1000, deliveries: [{date: 2017-02-01, amount: 500}]}
    ribbons: {stock: 4, cards_per_ribbon: 250}
    sites: [{name: office, printers: 2, cards_per_printer_per_day: 50, opens: 2017-02-01}]
  - name: Kabupaten Kupang
    code: "5301"
    recording: {first_time: 60}
    blanks: {stock: 300}
    sites: [{name: office, printers: 1, cards_per_printer_per_day: 40}]
  - name: Kota Binjai
    recording: {first_time: 80}
    sites: [{name: office, printers: 1, cards_per_printer_per_day: 60}]
`

func observedFixture(t testing.TB) *scenario.Scenario { return loadText(t, observedBase) }

// The refusals of the observed CSV: every problem at once, located at the
// line and column.
var observedCases = []struct {
	what, csv string
	want      []string
}{
	{"empty file", "", []string{"observed.csv:1: the file is empty; the first line names the columns (region, print_ready, ...)"}},
	{"no region column", "name,print_ready\nKota Kupang,5\n", []string{`observed.csv:1: column "name": unknown column; the columns are region, unsent, unsent_first_time, unsent_replacement, unsent_element_change, awaiting_intake, awaiting_intake_first_time, awaiting_intake_replacement, awaiting_intake_element_change, print_ready, print_ready_first_time, print_ready_replacement, print_ready_element_change, blanks, ribbon_cards, ribbons`, "observed.csv:1: no region column; the first line must name a column region (a region's name or code)"}},
	{"misspelt column", "region,prnt_ready\nKota Kupang,5\n", []string{`observed.csv:1: column "prnt_ready": unknown column; did you mean "print_ready"?`}},
	{"column named twice", "region,blanks,blanks\nKota Kupang,5,6\n", []string{`observed.csv:1: column "blanks": named twice (columns 2 and 3)`}},
	{"ribbons both ways", "region,ribbons,ribbon_cards\nKota Kupang,5,6\n", []string{`observed.csv:1: column "ribbons": give ribbon_cards or ribbons, not both`}},
	{"misspelt region", "region,print_ready\nKota Kupnag,5\n", []string{`observed.csv:2: column "region": "Kota Kupnag" is not a region of base; did you mean "Kota Kupang"?`}},
	{"unknown region", "region,print_ready\nJakarta Selatan,5\n", []string{`observed.csv:2: column "region": "Jakarta Selatan" is not a region of base`}},
	{"region twice (once by code)", "region,print_ready\nKota Kupang,5\n5371,6\n", []string{`observed.csv:3: column "region": "Kota Kupang" is also on line 2; give each region once`}},
	{"empty region", "region,print_ready\n,5\n", []string{`observed.csv:2: column "region": empty; give the region's name or code`}},
	{"negative count", "region,blanks\nKota Kupang,-40\n", []string{`observed.csv:2: column "blanks": -40 is negative; observed figures are 0 or more`}},
	{"not a number", "region,print_ready\nKota Kupang,many\n", []string{`observed.csv:2: column "print_ready": "many" is not a number`}},
	{"a dot, which is a thousands mark in Indonesian", "region,print_ready\nKota Kupang,12.000\n", []string{`observed.csv:2: column "print_ready": 12.000 has a dot: write the count in digits alone (12000) or with commas between thousands (12,000); a dot is a decimal point in one language and a thousands mark in another`}},
	{"commas that are not between thousands", "region,print_ready,blanks\nKota Kupang,\"1,2,3\",\"12,00\"\n", []string{`observed.csv:2: column "print_ready": "1,2,3" is not a number with commas between thousands (1,234,567)`, `observed.csv:2: column "blanks": "12,00" is not a number with commas between thousands (1,234,567)`}},
	{"not digits", "region,print_ready\nKota Kupang,4e18\n", []string{`observed.csv:2: column "print_ready": "4e18" is not a number`}},
	{"beyond the range", "region,print_ready\nKota Kupang,4000000000000000000\n", []string{`observed.csv:2: column "print_ready": 4000000000000000000 is more than 1,000,000,000,000, the limit`}},
	{"total that is not the sum of its classes", "region,print_ready,print_ready_first_time,print_ready_replacement\nKota Kupang,10,4,5\n", []string{`observed.csv:2: column "print_ready": 10 is not the sum of its classes (9)`}},
	{"ribbons of a region without cards_per_ribbon", "region,ribbons\nKota Binjai,3\n", []string{`observed.csv:2: column "ribbons": Kota Binjai has no ribbons.cards_per_ribbon in the base scenario, which a ribbon stock needs`}},
	{"a row of the wrong length", "region,print_ready\nKota Kupang,5,6\n", []string{"observed.csv:2: 3 cells, but the header names 2 columns"}},
	{"not CSV", "region,print_ready\n\"Kota Kupang,5\n", []string{`observed.csv:2: not valid CSV: extraneous or missing " in quoted-field`}},
	{"several problems at once", "region,print_ready,blanks\nKota Kupnag,-1,5\nKota Binjai,3,x\n", []string{
		`observed.csv:2: column "region": "Kota Kupnag" is not a region of base; did you mean "Kota Kupang"?`,
		`observed.csv:2: column "print_ready": -1 is negative; observed figures are 0 or more`,
		`observed.csv:3: column "blanks": "x" is not a number`}},
}

func TestObservedRefusals(t *testing.T) {
	base := observedFixture(t)
	for _, c := range observedCases {
		obs, err := ReadObserved("observed.csv", []byte(c.csv), base)
		if err == nil {
			t.Errorf("%s: accepted (%d rows)", c.what, len(obs))
			continue
		}
		if got := strings.Split(err.Error(), "\n"); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\ngot  %q\nwant %q", c.what, got, c.want)
		}
	}
}

// An observed CSV over the base: the observed regions' backlog and stocks
// as given (a stage's total split as the base's backlog is), the rest the
// base's; dated items before the date dropped, changes folded in.
func TestFromObserved(t *testing.T) {
	base := observedFixture(t)
	csv := "\xef\xbb\xbfRegion, print_ready, awaiting_intake, unsent_replacement, blanks, ribbon_cards\n" +
		"Kota Kupang,\"1,001\",200,7,50,333\n" +
		"5301,40,,,,\n"
	obs, err := ReadObserved("observed.csv", []byte(csv), base)
	if err != nil {
		t.Fatal(err)
	}
	date, _ := scenario.ParseDate("2017-06-01")
	sc, err := FromObserved(base, obs, date)
	if err != nil {
		t.Fatal(err)
	}
	text, err := MarshalObserved(sc, "observed.csv", base.Name)
	if err != nil {
		t.Fatal(err)
	}
	got := loadText(t, string(text))
	k := got.Regions[0]
	// 1,001 split 6:3:1 by largest remainder: 600.6, 300.3, 100.1.
	if want := (scenario.ClassCounts{FirstTime: 601, Replacement: 300, ElementChange: 100}); k.Backlog.PrintReady != want {
		t.Errorf("Kota Kupang print_ready %+v, want %+v", k.Backlog.PrintReady, want)
	}
	if want := (scenario.ClassCounts{FirstTime: 200}); k.Backlog.AwaitingIntake != want {
		t.Errorf("awaiting_intake %+v, want %+v (no base backlog of it: first-time)", k.Backlog.AwaitingIntake, want)
	}
	if want := (scenario.ClassCounts{Replacement: 7}); k.Backlog.Unsent != want {
		t.Errorf("unsent %+v, want %+v", k.Backlog.Unsent, want)
	}
	if k.Blanks.Stock.N != 50 || k.Ribbons.Cards == nil || *k.Ribbons.Cards != 333 || k.Ribbons.Stock.N != 2 {
		t.Errorf("stocks: blanks %+v, ribbons %+v cards %v", k.Blanks.Stock, k.Ribbons.Stock, k.Ribbons.Cards)
	}
	if len(k.Blanks.Deliveries) != 0 || k.Sites[0].Opens != nil || len(k.RecordingChanges) != 0 || k.Recording.FirstTime.Mean() != 150 {
		t.Errorf("dated items before the date kept: %+v %v %+v, recording %v", k.Blanks.Deliveries, k.Sites[0].Opens, k.RecordingChanges, k.Recording.FirstTime.Mean())
	}
	if kk := got.Regions[1]; kk.Backlog.PrintReady.FirstTime != 40 || kk.Blanks.Stock.N != 300 {
		t.Errorf("Kabupaten Kupang (by code): %+v, blanks %+v", kk.Backlog.PrintReady, kk.Blanks.Stock)
	}
	if b := got.Regions[2]; b.Backlog.PrintReady.Total() != 0 || !b.Blanks.Stock.Unlimited {
		t.Errorf("Kota Binjai, not observed, is not the base's: %+v", b)
	}
	c := got.Central
	if c.IntakePerDay.N != 800 || len(c.Changes) != 1 || c.Changes[0].Date.String() != "2017-09-01" || len(c.Blanks.Deliveries) != 1 {
		t.Errorf("central: intake %+v, changes %+v, deliveries %+v", c.IntakePerDay, c.Changes, c.Blanks.Deliveries)
	}
	if got.Start != date || got.End != base.End || got.Seed != base.Seed {
		t.Errorf("run %s to %s seed %d", got.Start, got.End, got.Seed)
	}
	if _, err := FromObserved(base, obs, base.End.AddDays(1)); err == nil {
		t.Error("a date after the base's end accepted")
	}
}

// docs/snapshot-errors.md is the refusal table of the observed CSV (go
// test ./sim/snapshot -run SnapshotErrorsDoc -update rewrites it).
func TestSnapshotErrorsDoc(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(`# What bad observed figures get

Written by ` + "`go test ./sim/snapshot -run SnapshotErrorsDoc -update`" + `; do not edit by hand.
Each row is an ` + "`observed.csv`" + ` with one mistake (or several) for
` + "`ektpsim snapshot --from-csv observed.csv --base base.yaml --date 2017-06-01`" + `, where base.yaml has
the regions Kota Kupang (code 5371), Kabupaten Kupang (5301) and Kota Binjai, and what it prints
(exit status 1, nothing written). Every problem is reported at once, as ` + "`FILE:LINE: column \"x\": message`" + `.
The CSV is described in [snapshot.md](snapshot.md); problems of scenario files are in [errors.md](errors.md).

| mistake | observed.csv | message |
|---|---|---|
`)
	for _, c := range observedCases {
		var cells []string
		for _, w := range c.want {
			cells = append(cells, "`` "+strings.ReplaceAll(w, "|", `\|`)+" ``")
		}
		file := strings.ReplaceAll(strings.TrimSuffix(c.csv, "\n"), "\n", "⏎")
		if file == "" {
			file = "(empty)"
		}
		fmt.Fprintf(&b, "| %s | `` %s `` | %s |\n", c.what, strings.ReplaceAll(file, "|", `\|`), strings.Join(cells, "<br>"))
	}
	file := "../../docs/snapshot-errors.md"
	golden.Check(t, file, b.Bytes(), *update, "go test ./sim/snapshot -run SnapshotErrorsDoc -update")
}

// The reader never panics, and what it accepts builds a scenario that
// loads.
func FuzzReadObserved(f *testing.F) {
	for _, c := range observedCases {
		f.Add([]byte(c.csv))
	}
	f.Add([]byte("region,print_ready,awaiting_intake,unsent,blanks,ribbon_cards\nKota Kupang,5,6,7,8,9\n5301,1,2,3,4,\n"))
	base := observedFixture(f)
	date, _ := scenario.ParseDate("2017-06-01")
	f.Fuzz(func(t *testing.T, data []byte) {
		obs, err := ReadObserved("observed.csv", data, base)
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "observed.csv:") {
					t.Fatalf("unlocated problem %q", line)
				}
			}
			return
		}
		sc, err := FromObserved(base, obs, date)
		if err != nil {
			t.Fatal(err)
		}
		text, err := MarshalObserved(sc, "observed.csv", base.Name)
		if err != nil {
			t.Fatal(err)
		}
		file := t.TempDir() + "/s.yaml"
		os.WriteFile(file, text, 0o644)
		if _, err := scenario.Load(file, scenario.Options{}); err != nil {
			t.Fatalf("accepted %q, but the scenario does not load: %v", data, err)
		}
	})
}

// A spreadsheet's "CSV" separated by semicolons (Excel where the decimal
// mark is a comma, as in Indonesian settings) or tabs, with its
// byte-order mark and CRLF line ends, reads as the same file with commas;
// the separator is the first line's most frequent of the three.
func TestObservedSeparators(t *testing.T) {
	base := observedFixture(t)
	comma := "region,print_ready,awaiting_intake,blanks\nKota Kupang,\"1,001\",200,50\n5301,40,,\n"
	want, err := ReadObserved("observed.csv", []byte(comma), base)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ what, text string }{
		{"semicolons", "region;print_ready;awaiting_intake;blanks\nKota Kupang;1001;200;50\n5301;40;;\n"},
		{"semicolons, BOM and CRLF", "\xef\xbb\xbfregion;print_ready;awaiting_intake;blanks\r\nKota Kupang;1001;200;50\r\n5301;40;;\r\n"},
		{"tabs", "region\tprint_ready\tawaiting_intake\tblanks\nKota Kupang\t1001\t200\t50\n5301\t40\t\t\n"},
	} {
		got, err := ReadObserved("observed.csv", []byte(c.text), base)
		if err != nil {
			t.Errorf("%s: %v", c.what, err)
			continue
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d rows, want %d", c.what, len(got), len(want))
		}
		eq := func(a, b *int64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }
		for i, g := range got {
			w := want[i]
			same := g.Region == w.Region && eq(g.Blanks, w.Blanks) && eq(g.RibbonCards, w.RibbonCards) && eq(g.Ribbons, w.Ribbons)
			for s := range g.Stage {
				same = same && eq(g.Stage[s], w.Stage[s])
				for k := range g.Class[s] {
					same = same && eq(g.Class[s][k], w.Class[s][k])
				}
			}
			if !same {
				t.Errorf("%s: row %d differs from the comma file's", c.what, i)
			}
		}
	}
	if sep := separator([]byte("region,print_ready\nKota Kupang;x,1\n")); sep != ',' {
		t.Errorf("separator of a comma header: %q", sep)
	}
}
