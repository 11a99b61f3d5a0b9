package experiment

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ektpsim/ektpsim/scenarios/experiments"
)

// writeExperiment writes an experiment built on testdata/three.yaml into
// a temporary folder as e.yaml; BASE in text stands for that scenario.
func writeExperiment(t testing.TB, text string) string {
	t.Helper()
	base, err := filepath.Abs("testdata/three.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "e.yaml")
	if err := os.WriteFile(f, []byte(strings.ReplaceAll(text, "BASE", base)), 0o666); err != nil {
		t.Fatal(err)
	}
	return f
}

// head starts the experiments of decodeCases.
const head = "base: three.yaml\n"

// decodeCases are refusals of an experiment file itself.
var decodeCases = []struct {
	what, text string
	want       []string // every line of the error, in order
}{
	{"unknown key, misspelt", head + "variants: []\nreplicatoins: 5\n", []string{
		"e.yaml:2:11: variants: no variants; give at least one, with a name and its edits",
		`e.yaml:3:1: replicatoins: unknown key "replicatoins"; did you mean "replications"?`}},
	{"unknown edit key", head + "variants:\n  - name: a\n    edits:\n      - {shfit: central.blanks.deliveries, by: -9d}\n", []string{
		"e.yaml:5:9: variants[0].edits[0]: an edit says what it does: set, shift, scale or append, with the key it changes",
		`e.yaml:5:10: variants[0].edits[0].shfit: unknown key "shfit"; did you mean "shift"?`}},
	{"two kinds in one edit", head + "variants:\n  - name: a\n    edits: [{shift: x, scale: y, by: x2}]\n", []string{
		"e.yaml:4:13: variants[0].edits[0]: one edit does one thing, and this one says shift or scale; write them as separate edits"}},
	{"a move without a unit", head + "variants:\n  - name: a\n    edits: [{shift: central.blanks.deliveries, by: -90}]\n", []string{
		`e.yaml:4:52: variants[0].edits[0].by: "-90" is not a move of dates; write days or weeks with a sign, e.g. -90d (earlier) or +2w (later)`}},
	{"a move of nothing", head + "variants:\n  - name: a\n    edits: [{shift: central.blanks.deliveries, by: 0w}]\n", []string{
		`e.yaml:4:52: variants[0].edits[0].by: "0w" moves nothing; write e.g. -90d (earlier) or +2w (later)`}},
	{"a negative scale", head + "variants:\n  - name: a\n    edits: [{scale: central.blanks.deliveries, by: x-2}]\n", []string{
		`e.yaml:4:52: variants[0].edits[0].by: "x-2" is negative; a factor is more than 0, e.g. x2 or x0.5`}},
	{"a scale that is not a number", head + "variants:\n  - name: a\n    edits: [{scale: central.blanks.deliveries, by: twice}]\n", []string{
		`e.yaml:4:52: variants[0].edits[0].by: "twice" is not a factor; write e.g. x2 (twice) or x0.5 (half)`}},
	{"a scale by zero", head + "variants:\n  - name: a\n    edits: [{scale: central.blanks.deliveries, by: x0}]\n", []string{
		`e.yaml:4:52: variants[0].edits[0].by: "x0" removes everything; to remove items set the key to [] instead`}},
	{"shift with the key of another kind", head + "variants:\n  - name: a\n    edits: [{shift: start, value: 3}]\n", []string{
		"e.yaml:4:13: variants[0].edits[0]: shift needs by: the move, e.g. {shift: central.blanks.deliveries, by: -90d}",
		"e.yaml:4:35: variants[0].edits[0].value: shift takes by, not value"}},
	{"set after another edit", head + "variants:\n  - name: a\n    edits:\n      - {shift: central.blanks.deliveries, by: -9d}\n      - {set: seed, value: 3}\n", []string{
		"e.yaml:6:9: variants[0].edits[1]: set edits come first in a variant (they apply to the base as --set does, before the other edits); move it above edits[0]"}},
	{"names given twice, and the baseline's", head + "variants:\n  - {name: a, edits: [{set: central.intake_per_day, value: 1}]}\n  - {name: a, edits: [{set: central.intake_per_day, value: 1}]}\n  - {name: Baseline, edits: [{set: central.intake_per_day, value: 1}]}\n", []string{
		`e.yaml:4:12: variants[1].name: "a" is also the name of variants[0]; names must differ`,
		`e.yaml:5:12: variants[2].name: "Baseline" is taken by the experiment's own baseline run; choose another name`}},
	{"names that differ only in case, and the phone folder", head + "variants:\n  - {name: a, edits: [{set: central.intake_per_day, value: 1}]}\n  - {name: A, edits: [{set: central.intake_per_day, value: 1}]}\n  - {name: phone, edits: [{set: central.intake_per_day, value: 1}]}\n", []string{
		`e.yaml:4:12: variants[1].name: "A" differs from the name of variants[0] only in case, and their folders would be one on macOS and Windows; names must differ`,
		`e.yaml:5:12: variants[2].name: "phone" is taken by the experiment's own folder of charts; choose another name`}},
	{"a variant without a name", head + "variants:\n  - edits: []\n", []string{
		"e.yaml:3:5: variants[0]: missing name: every variant is named (its result folder and its column in the comparison)"}},
	{"a name that cannot name a folder", head + "variants:\n  - {name: a/b}\n", []string{
		`e.yaml:3:12: variants[0].name: '/' is not allowed in a scenario name, which names its result folder; use letters, digits, spaces and - _ . + ( ) = , % @`}},
	{"an empty selection", head + "variants:\n  - name: a\n    edits: [{append: sites, item: {name: x}, regions: {}}]\n", []string{
		"e.yaml:4:55: variants[0].edits[0].regions: an empty selection; give names: [...], province: NAME or top: N with by: FIGURE"}},
	{"top without by, and a figure that is none", head + "variants:\n  - name: a\n    edits:\n      - {append: sites, item: {name: x}, regions: {top: 0}}\n      - {append: sites, item: {name: x}, regions: {top: 2, by: backlog}}\n", []string{
		"e.yaml:5:57: variants[0].edits[0].regions.top: top is how many regions to take, a whole number 1 or more, e.g. top: 20",
		"e.yaml:5:57: variants[0].edits[0].regions: top needs by: the figure that ranks the regions, e.g. by: backlog_end",
		`e.yaml:6:64: variants[0].edits[1].regions.by: "backlog" is not a headline figure; did you mean "backlog_end"?; the figures are printed_total, backlog_end, peak_backlog, blanks_stockout_days, mean_wait_days, p95_wait_days, renewals_total, lost_hours`}},
	{"ranked in another run", head + "variants:\n  - name: a\n    edits: [{append: sites, item: {name: x}, regions: {top: 2, by: backlog_end, in: a}}]\n", []string{
		`e.yaml:4:85: variants[0].edits[0].regions.in: "a": regions are ranked in the baseline's result; write in: baseline`}},
	{"no base, no variants", "seed: -1\n", []string{
		"e.yaml: base: missing: name the baseline scenario, a path or a shipped scenario's name, e.g. base: national-2016-2018",
		"e.yaml: variants: missing: give the variants, each with a name and its edits",
		"e.yaml:1:7: seed: a seed is a whole number from 0 to 18446744073709551615"}},
	{"a scenario given as an experiment", "start: 2017-01-02\nend: 2017-02-01\nregions: [{name: A}]\n", []string{
		"e.yaml: this is a scenario, not an experiment; run it with ektpsim run, or write an experiment with base: naming it and variants:"}},
	{"not YAML", "variants: [\n", []string{"e.yaml:1:1: not valid YAML: did not find expected node content"}},
	{"empty", "", []string{"e.yaml: the file is empty; an experiment needs at least base: and variants:"}},
}

// Refusals of the experiment file itself, each with its place: every
// problem of a file at once.
func TestDecodeProblems(t *testing.T) {
	for _, c := range decodeCases {
		t.Run(c.what, func(t *testing.T) {
			_, err := Decode("e.yaml", []byte(c.text))
			if err == nil {
				t.Fatal("accepted")
			}
			if got := err.Error(); got != strings.Join(c.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", got, strings.Join(c.want, "\n"))
			}
		})
	}
}

// The experiment shown in README.md decodes, and is the shipped
// blanks-earlier's first variant.
func TestReadmeExperiment(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var block string
	for _, b := range strings.Split(string(readme), "```yaml\n")[1:] {
		if b, _, _ = strings.Cut(b, "```"); strings.Contains(b, "variants:") {
			block = b
		}
	}
	if block == "" {
		t.Fatal("no experiment in README.md")
	}
	e, err := Decode("README.md", []byte(block))
	if err != nil {
		t.Fatal(err)
	}
	shipped, err := Read("blanks-earlier.yaml", experiments.FS)
	if err != nil {
		t.Fatal(err)
	}
	if e.Base != shipped.Base || e.Name != shipped.Name || e.Replications != shipped.Replications ||
		!sameEdit(e.Variants[0].Edits[0], shipped.Variants[0].Edits[0]) {
		t.Errorf("README's experiment is not the shipped blanks-earlier:\n%+v\n%+v", e.Variants[0].Edits[0], shipped.Variants[0].Edits[0])
	}
}

func sameEdit(a, b Edit) bool {
	return a.Kind == b.Kind && a.Key == b.Key && a.Days == b.Days && a.NotBefore == b.NotBefore
}

// An experiment that would find nothing is refused: figures: [] prints no
// findings, and a variant without edits is the baseline again.
func TestNothingToFind(t *testing.T) {
	for _, c := range []struct{ what, text, want string }{
		{"no figures", "name: e\nbase: b.yaml\nfigures: []\nvariants: [{name: v, edits: [{set: seed, value: 1}]}]\n", "e.yaml:3:10: figures: an empty list"},
		{"edits: []", "name: e\nbase: b.yaml\nvariants:\n  - name: v\n    edits: []\n", "e.yaml:5:12: variants[0].edits: no edits"},
		{"no edits:", "name: e\nbase: b.yaml\nvariants:\n  - name: v\n", "e.yaml:4:5: variants[0].edits: no edits"},
	} {
		_, ps := decode("e.yaml", []byte(c.text))
		if !strings.Contains(ps.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.what, ps, c.want)
		}
	}
}
