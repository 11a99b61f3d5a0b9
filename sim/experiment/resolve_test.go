package experiment

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ektpsim/ektpsim/sim/scenario"
)

// planOf decodes an experiment on testdata/three.yaml and loads its base.
func planOf(t *testing.T, text string) (*plan, error) {
	t.Helper()
	f := writeExperiment(t, "base: BASE\n"+text)
	e, err := Read(f, nil)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	p, err := newPlan(e, false, 0)
	if p != nil {
		p.tmp = t.TempDir()
	}
	return p, err
}

// variantOf resolves the experiment's first variant and loads the
// scenario it runs.
func variantOf(t *testing.T, text string, rank ranking) (*scenario.Scenario, *resolved) {
	t.Helper()
	p, err := planOf(t, text)
	if err != nil {
		t.Fatal(err)
	}
	r, err := p.variant(&p.exp.Variants[0], rank)
	if err != nil {
		t.Fatalf("resolve: %v", err)
	}
	sc, err := scenario.Load(r.file, scenario.Options{})
	if err != nil {
		t.Fatalf("the resolved scenario does not load: %v", err)
	}
	return sc, r
}

func dates(ds []scenario.Delivery) string {
	var s []string
	for _, d := range ds {
		s = append(s, d.Date.String()+"="+itoa(d.Amount))
	}
	return strings.Join(s, " ")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Each edit kind changes what it says, worked out by hand from
// testdata/three.yaml, and nothing else.
func TestEdits(t *testing.T) {
	base, err := scenario.Load("testdata/three.yaml", scenario.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		what, edits string
		check       func(t *testing.T, sc *scenario.Scenario)
	}{
		{"shift the national deliveries a week earlier", "- {shift: central.blanks.deliveries, by: -1w}", func(t *testing.T, sc *scenario.Scenario) {
			if got, want := dates(sc.Central.Blanks.Deliveries), "2017-01-09=3000 2017-01-16=1500"; got != want {
				t.Errorf("deliveries %s, want %s", got, want)
			}
			if got := dates(sc.Regions[2].Blanks.Deliveries); got != "2017-01-09=500" {
				t.Errorf("a region's deliveries moved too: %s", got)
			}
		}},
		{"shift later, not before the start", "- {shift: central.blanks.deliveries, by: -10d, not_before: start}", func(t *testing.T, sc *scenario.Scenario) {
			if got, want := dates(sc.Central.Blanks.Deliveries), "2017-01-06=3000 2017-01-13=1500"; got != want {
				t.Errorf("deliveries %s, want %s", got, want)
			}
		}},
		{"shift, clamped at the start", "- {shift: central.blanks.deliveries, by: -20d, not_before: start}", func(t *testing.T, sc *scenario.Scenario) {
			if got, want := dates(sc.Central.Blanks.Deliveries), "2017-01-02=3000 2017-01-03=1500"; got != want {
				t.Errorf("deliveries %s, want %s", got, want)
			}
		}},
		{"shift a region's deliveries", "- {shift: blanks.deliveries, by: +3d, regions: {names: [Kota Binjai]}}", func(t *testing.T, sc *scenario.Scenario) {
			if got := dates(sc.Regions[2].Blanks.Deliveries); got != "2017-01-12=500" {
				t.Errorf("Binjai's deliveries %s, want 2017-01-12=500", got)
			}
			if got := dates(sc.Central.Blanks.Deliveries); got != dates(base.Central.Blanks.Deliveries) {
				t.Errorf("the national deliveries moved: %s", got)
			}
		}},
		{"shift the selected regions that have deliveries, skip the others", "- {shift: blanks.deliveries, by: +2d, regions: {top: 3, by: backlog_end}}", func(t *testing.T, sc *scenario.Scenario) {
			if got := dates(sc.Regions[2].Blanks.Deliveries); got != "2017-01-11=500" {
				t.Errorf("Binjai's deliveries %s, want 2017-01-11=500", got)
			}
			if len(sc.Regions[0].Blanks.Deliveries)+len(sc.Regions[1].Blanks.Deliveries) != 0 {
				t.Errorf("regions without deliveries got some")
			}
		}},
		{"scale the national deliveries", "- {scale: central.blanks.deliveries, by: x2}", func(t *testing.T, sc *scenario.Scenario) {
			if got, want := dates(sc.Central.Blanks.Deliveries), "2017-01-16=6000 2017-01-23=3000"; got != want {
				t.Errorf("deliveries %s, want %s", got, want)
			}
			if sc.Central.Blanks.Stock.N != 1000 {
				t.Errorf("the store's stock changed: %v", sc.Central.Blanks.Stock)
			}
		}},
		{"scale a stock, rounded to the nearest", "- {scale: blanks.stock, by: x0.5, regions: {names: [Kota Binjai]}}", func(t *testing.T, sc *scenario.Scenario) {
			if got := sc.Regions[2].Blanks.Stock.N; got != 501 { // 1001 x 0.5 = 500.5
				t.Errorf("stock %d, want 501", got)
			}
			if got := sc.Regions[0].Blanks.Stock.N; got != 200 {
				t.Errorf("an unselected region's stock %d, want 200", got)
			}
		}},
		{"scale recording rates, poisson counts too", "- {scale: recording, by: x1.5, regions: {province: nusa tenggara timur}}", func(t *testing.T, sc *scenario.Scenario) {
			for i, want := range []float64{60, 60, 40} {
				if got := sc.Regions[i].Recording.FirstTime.Mean(); got != want {
					t.Errorf("%s: first-time recording %v a day, want %v", sc.Regions[i].Name, got, want)
				}
			}
			if got := sc.Regions[0].Recording.Replacement.Mean(); got != 6 {
				t.Errorf("replacement recording %v, want 6", got)
			}
		}},
		{"append a site to the regions of a province", "- append: sites\n        regions: {province: Nusa Tenggara Timur}\n        item: {name: kecamatan offices, printers_per_district: 1, cards_per_printer_per_day: 30, serves: [first_time]}", func(t *testing.T, sc *scenario.Scenario) {
			for i, want := range []int{2, 2, 1} {
				if got := len(sc.Regions[i].Sites); got != want {
					t.Errorf("%s has %d sites, want %d", sc.Regions[i].Name, got, want)
				}
			}
			if got := sc.Regions[1].PrintersAt(1); got != 24 {
				t.Errorf("Kabupaten Kupang's kecamatan printers %d, want its 24 districts", got)
			}
		}},
		{"append a delivery to a region that had none", "- {append: blanks.deliveries, item: {date: 2017-01-20, amount: 700}, regions: {names: [Kota Kupang]}}", func(t *testing.T, sc *scenario.Scenario) {
			if got := dates(sc.Regions[0].Blanks.Deliveries); got != "2017-01-20=700" {
				t.Errorf("Kupang's deliveries %s", got)
			}
		}},
		{"set a key, as --set", "- {set: central.intake_per_day, value: 123}", func(t *testing.T, sc *scenario.Scenario) {
			if sc.Central.IntakePerDay.N != 123 {
				t.Errorf("intake %v, want 123", sc.Central.IntakePerDay)
			}
		}},
		{"set a key of selected regions, then shift", "- {set: ups_hours, value: 5h, regions: {names: [Kota Binjai, Kota Kupang]}}\n      - {shift: central.blanks.deliveries, by: -1d}", func(t *testing.T, sc *scenario.Scenario) {
			for i, want := range []float64{5, 0, 5} {
				if got := float64(sc.Regions[i].UPSHours); got != want {
					t.Errorf("%s: ups_hours %v, want %v", sc.Regions[i].Name, got, want)
				}
			}
			if got := dates(sc.Central.Blanks.Deliveries); got != "2017-01-15=3000 2017-01-22=1500" {
				t.Errorf("deliveries %s", got)
			}
		}},
		{"set defaults, as --set does", "- {set: defaults.blanks.stock, value: 50}", func(t *testing.T, sc *scenario.Scenario) {
			for i, want := range []int64{50, 50, 1001} { // Binjai sets its own
				if got := sc.Regions[i].Blanks.Stock.N; got != want {
					t.Errorf("%s: stock %d, want %d", sc.Regions[i].Name, got, want)
				}
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.what, func(t *testing.T) {
			sc, _ := variantOf(t, "variants:\n  - name: v\n    edits:\n      "+c.edits+"\n", nil)
			if sc.Name != "v" {
				t.Errorf("name %q, want the variant's", sc.Name)
			}
			c.check(t, sc)
		})
	}
}

// Each kind of selection picks the regions it says; top ranks by the
// baseline's figure, largest first, ties in the scenario's order.
func TestSelections(t *testing.T) {
	rank := ranking{"backlog_end": {"Kota Kupang": 10, "Kabupaten Kupang": 30, "Kota Binjai": 20}}
	cases := []struct {
		selection string
		want      []int
	}{
		{"{names: [Kota Binjai, Kota Kupang]}", []int{0, 2}},
		{"{province: Nusa Tenggara Timur}", []int{0, 1}},
		{"{province: Sumatera Utara}", []int{2}},
		{"{top: 1, by: backlog_end, in: baseline}", []int{1}},
		{"{top: 2, by: backlog_end}", []int{1, 2}},
		{"{top: 1, by: backlog_end, province: Nusa Tenggara Timur}", []int{1}},
		{"{top: 1, by: backlog_end, names: [Kota Kupang, Kota Binjai]}", []int{2}},
		{"{names: [Kota Kupang, Kota Binjai], province: Nusa Tenggara Timur}", []int{0}},
	}
	for _, c := range cases {
		t.Run(c.selection, func(t *testing.T) {
			_, r := variantOf(t, "variants:\n  - name: v\n    edits:\n      - {scale: blanks.stock, by: x2, regions: "+c.selection+"}\n", rank)
			if !equal(r.selected, c.want) {
				t.Errorf("selected %v, want %v", r.selected, c.want)
			}
		})
	}
	// Ties keep the scenario's order.
	_, r := variantOf(t, "variants:\n  - name: v\n    edits:\n      - {scale: blanks.stock, by: x2, regions: {top: 2, by: backlog_end}}\n",
		ranking{"backlog_end": {"Kota Kupang": 5, "Kabupaten Kupang": 5, "Kota Binjai": 5}})
	if !equal(r.selected, []int{0, 1}) {
		t.Errorf("ties: selected %v, want [0 1]", r.selected)
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// resolveCases are refusals that need the base, testdata/three.yaml.
var resolveCases = []struct {
	what, text string
	want       []string
}{
	{"unknown scenario key", "variants:\n  - name: v\n    edits:\n      - {shift: central.blanks.delivries, by: -1d}\n", []string{
		`e.yaml:5:17: variants[0].edits[0].shift: unknown key "delivries"; did you mean "deliveries"?`}},
	{"a shift before the start", "variants:\n  - name: v\n    edits:\n      - {shift: central.blanks.deliveries, by: -3w}\n", []string{
		"e.yaml:5:48: variants[0].edits[0].by: -21d moves central.blanks.deliveries[0].date from 2017-01-16 to 2016-12-26, before the scenario's start 2017-01-02; shift by less, or add not_before: start to put such dates on the first day"}},
	{"a selection that matches nothing", "variants:\n  - name: v\n    edits:\n      - {scale: blanks.stock, by: x2, regions: {names: [Kota Kupang], province: Sumatera Utara}}\n", []string{
		"e.yaml:5:48: variants[0].edits[0].regions: the selection matches no region: no region passes every filter given"}},
	{"a region that is not there, and a province that is not", "variants:\n  - name: v\n    edits:\n      - {scale: blanks.stock, by: x2, regions: {names: [Kota Kupag]}}\n      - {scale: blanks.stock, by: x2, regions: {province: Jawa Barat}}\n", []string{
		`e.yaml:5:57: variants[0].edits[0].regions.names[0]: the base three has no region "Kota Kupag"; did you mean "Kota Kupang"?`,
		`e.yaml:6:59: variants[0].edits[1].regions.province: no region of three is in the province "Jawa Barat"`}},
	{"top beyond the regions", "variants:\n  - name: v\n    edits:\n      - {scale: blanks.stock, by: x2, regions: {top: 4, by: backlog_end}}\n", []string{
		"e.yaml:5:54: variants[0].edits[0].regions.top: top 4, but only 3 region(s) of three pass the other filters"}},
	{"nothing to scale", "variants:\n  - name: v\n    edits:\n      - {scale: ribbons.stock, by: x2, regions: {names: [Kota Binjai]}}\n", []string{
		"e.yaml:5:17: variants[0].edits[0]: regions[name=Kota Binjai].ribbons.stock is unlimited, which scaling leaves unlimited; set a number instead"}},
	{"nothing to shift", "variants:\n  - name: v\n    edits:\n      - {shift: blanks.deliveries, by: 1d, regions: {names: [Kota Kupang]}}\n", []string{
		"e.yaml:5:17: variants[0].edits[0]: regions[name=Kota Kupang].blanks.deliveries is not set in the scenario, so it has no dates to shift"}},
	{"a bad set, placed at its value", "variants:\n  - name: v\n    edits:\n      - {set: central.intake_per_day, value: -5}\n", []string{
		"e.yaml:5:46: variants[0].edits[0].set: central.intake_per_day: -5 is negative; write a whole number, 0 or more, or write unlimited"}},
	{"an appended item the scenario refuses", "variants:\n  - name: v\n    edits:\n      - {append: sites, item: {name: x, printrs: 2}, regions: {names: [Kota Binjai]}}\n", []string{
		`e.yaml:3:11: variants[0]: the edited scenario: regions[2].sites[1].printrs: unknown key "printrs"; did you mean "printers"?`}},
	{"a refused variant does not shift the next one's place", "variants:\n  - {name: a/b}\n  - name: c\n    edits:\n      - {append: sites, item: {name: x, printrs: 2}, regions: {names: [Kota Binjai]}}\n", []string{
		`e.yaml:3:12: variants[0].name: '/' is not allowed in a scenario name, which names its result folder; use letters, digits, spaces and - _ . + ( ) = , % @`,
		`e.yaml:4:11: variants[1]: the edited scenario: regions[2].sites[1].printrs: unknown key "printrs"; did you mean "printers"?`}},
	{"regions of interest that are not there", "regions: [Kota Binjay]\nvariants: [{name: v, edits: [{set: central.intake_per_day, value: 1}]}]\n", []string{
		`e.yaml:2:11: regions[0]: the base three has no region "Kota Binjay"; did you mean "Kota Binjai"?`}},
	{"every problem of every variant at once", "variants:\n  - name: a\n    edits: [{shift: central.blanks.deliveries, by: -3w}]\n  - name: b\n    edits: [{scale: central.blanks.stock, by: x2}, {append: central, item: 3}]\n", []string{
		"e.yaml:4:52: variants[0].edits[0].by: -21d moves central.blanks.deliveries[0].date from 2017-01-16 to 2016-12-26, before the scenario's start 2017-01-02; shift by less, or add not_before: start to put such dates on the first day",
		"e.yaml:6:61: variants[1].edits[1]: central is not a list; append adds an item to a list (sites, central.blanks.deliveries, regions)",
	}},
}

// Refusals that need the base, each placed in the experiment file; every
// problem of the file at once.
func TestResolveProblems(t *testing.T) {
	for _, c := range resolveCases {
		t.Run(c.what, func(t *testing.T) {
			f := writeExperiment(t, "base: BASE\n"+c.text)
			_, err := Load(context.Background(), Config{File: f})
			if err == nil {
				t.Fatal("accepted")
			}
			var ps scenario.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("not located problems: %v", err)
			}
			got := strings.ReplaceAll(err.Error(), f, "e.yaml")
			if got != strings.Join(c.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", got, strings.Join(c.want, "\n"))
			}
		})
	}
}

// base: naming an experiment file, this one or another, is refused at
// base: with what base: is for.
func TestBaseIsAnExperiment(t *testing.T) {
	variants := "variants:\n  - name: v\n    edits:\n      - {set: central.intake_per_day, value: 100000}\n"
	self := writeExperiment(t, "base: e.yaml\n"+variants)
	other := filepath.Join(filepath.Dir(self), "other.yaml")
	if err := os.WriteFile(other, []byte("base: e.yaml\n"+variants), 0o666); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ file, want string }{
		{self, "e.yaml:1:7: base: names this experiment file itself; base: names the scenario the variants edit"},
		{other, "other.yaml:1:7: base: e.yaml is an experiment file (it has variants:), not a scenario"},
	} {
		_, err := Load(context.Background(), Config{File: c.file})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", filepath.Base(c.file), err, c.want)
		}
	}
}
