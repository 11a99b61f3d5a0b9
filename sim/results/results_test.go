package results

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// Every key is used once, and every figure and metric reads the field it
// names: a row with distinct values in every field gives distinct values.
func TestSchemaKeysUniqueAndDistinct(t *testing.T) {
	seen := map[string]bool{}
	row := model.DayRow{Recorded: 1, Unsent: 2, AwaitingIntake: 3, DuplicatesPending: 4, InVerification: 5, PrintReady: 6,
		Printed: 7, PrintedCum: 8, Blanks: 9, RibbonCards: 10, Renewals: 11, RenewalsCum: 12, PrintHours: 13.5, Intake: 14,
		CentralStored: 15, NationalBlanks: 16}
	for c := range row.Lost {
		row.Lost[c] = 100 + float64(c)
	}
	vals := map[float64]string{}
	for _, m := range Daily() {
		if seen[m.Key] {
			t.Errorf("daily metric %s twice", m.Key)
		}
		seen[m.Key] = true
		v := m.Value(&row)
		if prev, ok := vals[v]; ok && m.Key != "lost_hours" {
			t.Errorf("%s and %s both read %v", prev, m.Key, v)
		}
		vals[v] = m.Key
		if m.Label == "" || m.Unit == "" {
			t.Errorf("%s has no label or unit", m.Key)
		}
	}
	// lost_hours is the working causes' sum, breakdown excluded.
	want := 0.0
	for _, c := range Causes() {
		if c.Working {
			want += row.Lost[c.Cause]
		}
	}
	for _, m := range Daily() {
		if m.Key == "lost_hours" && m.Value(&row) != want {
			t.Errorf("lost_hours = %v, want %v", m.Value(&row), want)
		}
	}
	for _, f := range Figures() {
		if seen[f.Key] && f.Key != LostHours {
			t.Errorf("figure %s is also a daily metric", f.Key)
		}
		seen[f.Key] = true
	}
}

// A Record carries every field of Figures there and back.
func TestRecordRoundTrip(t *testing.T) {
	fs := []model.Figures{
		{PrintedTotal: 1532206, BacklogEnd: 11310000, PeakBacklog: 12000000, PeakDay: 700, StockoutDays: 552,
			StockoutRegionDays: 9000, MeanWait: 41.25, P95Wait: 120.5, ClearDay: -1, RenewalsTotal: 77, LostHours: 1234.5},
		{PrintedTotal: 3, ClearDay: 10, MeanWait: math.NaN()},
	}
	for c := range fs[0].LostByCause {
		fs[0].LostByCause[c] = float64(c) + 0.25
	}
	rec := Record(fs)
	if len(rec) != 2*RecordLen() {
		t.Fatalf("record of %d values, want %d", len(rec), 2*RecordLen())
	}
	back := FromRecord(rec)
	for i := range fs {
		a, b := fs[i], back[i]
		if math.IsNaN(a.MeanWait) != math.IsNaN(b.MeanWait) {
			t.Errorf("%d: mean wait %v, want %v", i, b.MeanWait, a.MeanWait)
		}
		a.MeanWait, b.MeanWait = 0, 0
		if a != b {
			t.Errorf("%d: got %+v, want %+v", i, b, a)
		}
	}
}

func TestFormats(t *testing.T) {
	days, _ := FigureByKey(MeanWait)
	cards, _ := FigureByKey(PrintedTotal)
	for _, c := range []struct {
		f    Figure
		v    float64
		want string
	}{
		{cards, 1532205.5, "1,532,206"},
		{cards, 1532205.4, "1,532,205"},
		{cards, -36260, "-36,260"},
		{days, 41.25, "41.2"},
		{days, 41.26, "41.3"},
		{days, 40, "40"},
		{days, 1234.5, "1,235"},
		{days, math.NaN(), ""},
	} {
		if got := c.f.Text(c.v); got != c.want {
			t.Errorf("%s Text(%v) = %q, want %q", c.f.Key, c.v, got, c.want)
		}
	}
	for _, c := range []struct {
		v    float64
		want string
	}{{31681841, "31681841"}, {3.16818415e7, "31681841.5"}, {0.12345, "0.123"}, {-2, "-2"}, {math.Inf(1), ""}} {
		if got := Plain(c.v); got != c.want || strings.Contains(got, "e") {
			t.Errorf("Plain(%v) = %q, want %q", c.v, got, c.want)
		}
	}
	for _, c := range []struct {
		v    float64
		want string
	}{{2.1e6, "2.1 million"}, {36260, "36,260"}, {1.5e9, "1.5 billion"}, {11.31e6, "11.31 million"}} {
		if got := Short(c.v); got != c.want {
			t.Errorf("Short(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func summaryRun(t *testing.T, name, js string, reps map[string][]float64) *Run {
	t.Helper()
	s, err := ParseSummary([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	return &Run{Name: name, Summary: s, Replications: reps}
}

// compare.csv: plain numbers (no exponents) and each run minus the first.
func TestWriteCompareCSV(t *testing.T) {
	a := summaryRun(t, "a", `{"seed":1,"replications":1,"printed_total":31681841,"backlog_end":11383052.4,"peak_backlog_date":"2018-03-07","clear_date":null,"mean_wait_days":249.9}`, nil)
	b := summaryRun(t, "=b", `{"seed":1,"replications":1,"printed_total":31561662,"backlog_end":11503232,"peak_backlog_date":"2018-03-09","clear_date":"2018-12-01","mean_wait_days":250.15}`, nil)
	var buf strings.Builder
	if err := WriteCompareCSV(&buf, []*Run{a, b}); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	for _, want := range []string{
		"figure,a,'=b,'=b minus a\n",
		"printed_total,31681841,31561662,-120179\n",
		"backlog_end,11383052.4,11503232,120179.6\n",
		"peak_backlog_date,2018-03-07,2018-03-09,2\n",
		"clear_date,,2018-12-01,\n",
		"mean_wait_days,249.9,250.15,0.25\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("compare.csv lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "e+") {
		t.Errorf("an exponent in compare.csv:\n%s", got)
	}
}

// Runs pair only with the same seed and number of replications (2 or
// more); PairingProblem says why not, and paired.csv is then not written.
func TestPairingProblem(t *testing.T) {
	reps := map[string][]float64{PrintedTotal: {10, 12, 14}}
	more := map[string][]float64{PrintedTotal: {11, 14, 15}}
	a := summaryRun(t, "a", `{"seed":1,"replications":3}`, reps)
	b := summaryRun(t, "b", `{"seed":1,"replications":3}`, more)
	if p := PairingProblem([]*Run{a, b}); p != "" {
		t.Errorf("same seed and replications: %q", p)
	}
	ds := PairedDifferences(a, b)
	if len(ds) != 1 || ds[0].Figure != PrintedTotal || ds[0].Mean != 4.0/3 || ds[0].N != 3 {
		t.Fatalf("paired: %+v", ds)
	}
	for _, c := range []struct {
		other *Run
		want  string
	}{
		{summaryRun(t, "c", `{"seed":1,"replications":1}`, reps), "c has 1 replication and a 3"},
		{summaryRun(t, "d", `{"seed":2,"replications":3}`, reps), "d has seed 2 and a seed 1"},
		{summaryRun(t, "e", `{"seed":1,"replications":3,"start":"2017-04-03","end":"2017-12-29"}`, reps), "e runs from 2017-04-03 to 2017-12-29 and a from  to "},
	} {
		if p := PairingProblem([]*Run{a, c.other}); !strings.Contains(p, c.want) {
			t.Errorf("got %q, want it to say %q", p, c.want)
		}
		if PairedDifferences(a, c.other) != nil {
			t.Errorf("%s paired", c.other.Name)
		}
		dir := t.TempDir()
		if err := WritePaired(dir, []*Run{a, c.other}); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, "paired.csv")); err == nil {
			t.Errorf("paired.csv written for %s", c.other.Name)
		}
	}
}

// A region's place comes from data/regions.csv by code, else by name;
// the scenario's own code and population win where it gives them.
func TestPlaces(t *testing.T) {
	sc := &scenario.Scenario{Regions: []scenario.Region{
		{Name: "Kota Binjai"},                                 // by name: all from the file
		{Name: "kota binjai", Population: 1000},               // by name, case aside; own population
		{Name: "Somewhere", Code: "12.75"},                    // by code
		{Name: "Kota Binjai", Code: "99.99", Population: 7},   // by name; own code and population
		{Name: "Rest of Indonesia", Code: "X", Population: 5}, // not in the file
		{Name: "New region", Code: "53.99"},                   // province by its code
	}}
	want := []Place{
		{Code: "12.75", Province: "Sumatera Utara", Population: 270926},
		{Code: "12.75", Province: "Sumatera Utara", Population: 1000},
		{Code: "12.75", Province: "Sumatera Utara", Population: 270926},
		{Code: "99.99", Province: "Sumatera Utara", Population: 7},
		{Code: "X", Population: 5},
		{Code: "53.99", Province: "Nusa Tenggara Timur"},
	}
	got := Places(sc)
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("region %d (%s): %+v, want %+v", i, sc.Regions[i].Name, got[i], want[i])
		}
	}
}
