package experiment

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ektpsim/ektpsim/sim/runner"
)

// threeExperiment is a small experiment on testdata/three.yaml with every
// edit kind, a selection ranked by the baseline, and replications.
const threeExperiment = `name: three-test
base: BASE
replications: 3
seed: 11
figures: [backlog_end, printed_total]
regions: [Kota Binjai]
variants:
  - name: earlier
    edits:
      - {shift: central.blanks.deliveries, by: -1w}
  - name: worst-with-districts
    edits:
      - {set: central.intake_per_day, value: 500}
      - append: sites
        regions: {top: 1, by: backlog_end, in: baseline}
        item: {name: kecamatan offices, printers_per_district: 1, cards_per_printer_per_day: 20, serves: [first_time]}
      - {scale: blanks.reorder.amount, by: x2, regions: {province: Nusa Tenggara Timur}}
`

// briefingDate is the line of a briefing that says when it was written.
var briefingDate = regexp.MustCompile(`Briefing written by ektpsim on [^<]* from`)

// files reads every file under dir by its path inside, the briefing's
// date left out.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if filepath.Base(p) == "report.html" {
			b = briefingDate.ReplaceAll(b, []byte("DATE"))
		}
		out[rel] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// An experiment writes one folder holding every run, the comparison and
// the briefing; the same experiment gives the same bytes with any number
// of workers; each run's scenario.yaml re-runs alone to the same result.
func TestRunFolderDeterminismReproduction(t *testing.T) {
	f := writeExperiment(t, threeExperiment)
	out := t.TempDir()
	a, err := Run(context.Background(), Config{File: f, Out: filepath.Join(out, "a"), Workers: 1, NoPlots: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(a.Runs, ","); got != "baseline,earlier,worst-with-districts" {
		t.Errorf("runs %s", got)
	}
	fa := files(t, a.Dir)
	for _, want := range []string{"baseline/scenario.yaml", "baseline/summary.json", "earlier/daily.csv", "worst-with-districts/replications.csv",
		"compare.csv", "paired.csv", "regions-compare.csv", "baseline/regions.csv", "report.html", "experiment.yaml", "plots/compare_backlog.png", ".ektpsim-result"} {
		if _, ok := fa[want]; !ok {
			t.Errorf("no %s in the experiment's folder", want)
		}
	}
	// The worst region at the end of the baseline got the site.
	rank, err := readRanking(filepath.Join(a.Dir, Baseline))
	if err != nil {
		t.Fatal(err)
	}
	worst, best := "", -1.0
	for _, r := range []string{"Kota Kupang", "Kabupaten Kupang", "Kota Binjai"} {
		if v := rank["backlog_end"][r]; v > best {
			worst, best = r, v
		}
	}
	sc, err := runner.Load(runner.Config{Scenario: filepath.Join(a.Dir, "worst-with-districts", "scenario.yaml")})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range sc.Regions {
		if got, want := len(r.Sites), map[bool]int{true: 2, false: 1}[r.Name == worst]; got != want {
			t.Errorf("%s has %d sites, want %d (the worst region is %s)", r.Name, got, want, worst)
		}
	}
	if sc.Central.IntakePerDay.N != 500 || sc.Seed != 11 || sc.Replications != 3 {
		t.Errorf("intake %v, seed %d, replications %d; want 500, 11, 3", sc.Central.IntakePerDay, sc.Seed, sc.Replications)
	}
	// Paired differences of every variant from the baseline, and findings.
	if p := string(fa["paired.csv"]); !strings.Contains(p, "backlog_end,baseline,earlier,") || !strings.Contains(p, "printed_total,baseline,worst-with-districts,") {
		t.Errorf("paired.csv lacks a variant:\n%s", p)
	}
	if len(a.Findings) != 4 || !a.Findings[0].Paired || a.Findings[0].N != 3 {
		t.Errorf("findings %+v, want 2 figures x 2 variants, paired over 3 replications", a.Findings)
	}
	for _, fd := range a.Findings {
		if fd.Paired && !(fd.Lo <= fd.Difference && fd.Difference <= fd.Hi) {
			t.Errorf("%s %s: the mean difference %v is outside its interval %v to %v", fd.Variant, fd.Figure, fd.Difference, fd.Lo, fd.Hi)
		}
	}
	// The selection's sides add up to the nation's change (backlog_end is
	// a sum over regions).
	for _, s := range a.Selections {
		for _, fd := range a.Findings {
			if fd.Variant == s.Variant && fd.Figure == s.Figure {
				if d := s.SelectedDiff + s.OtherDiff - (fd.Value - fd.Baseline); d > 1e-6 || d < -1e-6 {
					t.Errorf("%s %s: selected %v + others %v != the nation's %v", s.Variant, s.Figure, s.SelectedDiff, s.OtherDiff, fd.Value-fd.Baseline)
				}
			}
		}
	}
	if len(a.Selections) == 0 {
		t.Error("no selection findings for the variant with a selection")
	}

	b, err := Run(context.Background(), Config{File: f, Out: filepath.Join(out, "b"), Workers: 2, NoPlots: true})
	if err != nil {
		t.Fatal(err)
	}
	fb := files(t, b.Dir)
	if len(fa) != len(fb) {
		t.Errorf("%d files with 1 worker, %d with 2", len(fa), len(fb))
	}
	for name, data := range fa {
		if !bytes.Equal(data, fb[name]) {
			t.Errorf("%s differs between 1 and 2 workers", name)
		}
	}

	// Each run alone, from its scenario.yaml, gives the same result.
	for _, run := range a.Runs {
		alone := filepath.Join(out, "alone-"+run)
		if _, err := runner.Run(context.Background(), runner.Config{Scenario: filepath.Join(a.Dir, run, "scenario.yaml"), Out: alone, NoPlots: true}); err != nil {
			t.Fatal(err)
		}
		for _, file := range []string{"summary.json", "daily.csv", "replications.csv", "scenario.yaml"} {
			got, err := os.ReadFile(filepath.Join(alone, file))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, fa[filepath.Join(run, file)]) {
				t.Errorf("%s: ektpsim run of its scenario.yaml writes another %s", run, file)
			}
		}
	}
}

// cancelOn cancels when the progress text holds a word.
type cancelOn struct {
	word   string
	cancel context.CancelFunc
}

func (c cancelOn) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte(c.word)) {
		c.cancel()
	}
	return len(p), nil
}

// Cancelled before or part way (after the baseline), an experiment
// leaves nothing behind.
func TestRunCancelled(t *testing.T) {
	f := writeExperiment(t, threeExperiment)
	for _, word := range []string{"run 1 of", "run 2 of", "run 3 of", "comparing"} {
		t.Run(word, func(t *testing.T) {
			parent := t.TempDir()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			_, err := Run(ctx, Config{File: f, Out: filepath.Join(parent, "x"), NoPlots: true, Progress: cancelOn{word, cancel}})
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("got %v, want context.Canceled", err)
			}
			if left, _ := os.ReadDir(parent); len(left) != 0 {
				t.Errorf("left %v", left)
			}
		})
	}
}

// The same experiment again replaces its folder; another experiment at
// that folder is refused before anything runs, unless forced; a base
// named by a shipped scenario's name is found from a temporary folder.
func TestRunReplaceAndShippedBase(t *testing.T) {
	f := writeExperiment(t, threeExperiment)
	out := filepath.Join(t.TempDir(), "x")
	one := `base: example-2017
replications: 1
variants:
  - name: more-intake
    edits: [{scale: central.intake_per_day, by: x2}]
`
	g := writeExperiment(t, one)
	if _, err := Run(context.Background(), Config{File: f, Out: out, NoPlots: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), Config{File: f, Out: out, NoPlots: true}); err != nil {
		t.Fatalf("the same experiment again: %v", err)
	}
	_, err := Run(context.Background(), Config{File: g, Out: out, NoPlots: true})
	var in *runner.InputError
	if !errors.As(err, &in) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("another experiment into the folder: %v, want a refusal naming --force", err)
	}
	if _, err := os.Stat(filepath.Join(out, "worst-with-districts", "summary.json")); err != nil {
		t.Errorf("the refusal touched the previous result: %v", err)
	}
	o, err := Run(context.Background(), Config{File: g, Out: out, NoPlots: true, Force: true})
	if err != nil {
		t.Fatalf("forced, with base: example-2017 from %s: %v", filepath.Dir(g), err)
	}
	if o.Base != "example-2017" || len(o.Runs) != 2 {
		t.Errorf("base %q, runs %v", o.Base, o.Runs)
	}
	if _, err := os.Stat(filepath.Join(out, "worst-with-districts")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the forced experiment kept a run of the one it replaced: %v", err)
	}
}

// A --region that is not a region of the base is refused before any run
// (the progress writer would see "run 1 of"), with the closest name, and
// leaves nothing.
func TestRunRegionRefusedFirst(t *testing.T) {
	f := writeExperiment(t, threeExperiment)
	parent := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := Run(ctx, Config{File: f, Out: filepath.Join(parent, "x"), NoPlots: true, Regions: []string{"Kota Binjay"},
		Progress: cancelOn{"run 1 of", cancel}})
	var in *runner.InputError
	if !errors.As(err, &in) || !strings.Contains(err.Error(), `did you mean "Kota Binjai"?`) {
		t.Fatalf("got %v, want a refusal naming Kota Binjai", err)
	}
	if left, _ := os.ReadDir(parent); len(left) != 0 {
		t.Errorf("left %v", left)
	}
}
