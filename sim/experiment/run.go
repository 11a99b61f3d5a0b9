package experiment

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ektpsim/ektpsim/scenarios/experiments"
	"github.com/ektpsim/ektpsim/sim/output"
	"github.com/ektpsim/ektpsim/sim/results"
	"github.com/ektpsim/ektpsim/sim/runner"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// Config is what `ektpsim experiment` was asked to do.
type Config struct {
	// File is the experiment file, or a shipped experiment's name.
	File string
	// Out is the output folder; "" for results/experiment-<name>.
	Out string
	// Replications, when > 0, replace the experiment's.
	Replications int
	Workers      int       // goroutines per run; 0 means one per CPU
	Progress     io.Writer // where progress goes; nil for none
	NoPlots      bool      // no charts in each run's folder (the briefing has them)
	Force        bool      // replace a folder holding another experiment
	// Regions (--region) are the regions the comparison and the
	// briefing lead with, in place of the runs' focus.
	Regions []string
}

// Outcome is what an experiment produced.
type Outcome struct {
	Experiment   *Experiment
	Base         string // the base scenario's name
	Dir          string
	Runs         []string // the baseline and the variants, in order
	Replications int
	Seed         uint64
	Findings     []Finding
	Regions      []RegionFinding
	Selections   []SelectionFinding
	// Wrote are what the folder holds: each run's folder (with a slash),
	// then the files and folders beside them, by name.
	Wrote []string
	// Unpaired says why the runs cannot be paired (no paired.csv, no
	// intervals), "" when they can.
	Unpaired string
	Elapsed  time.Duration
}

// Shipped lists the experiment files shipped in the binary.
func Shipped() []string {
	names, _ := fs.Glob(experiments.FS, "*.yaml")
	return names
}

// Resolve says where an experiment named on the command line is read
// from: a file of that path if there is one, else a shipped experiment
// of that name (with or without .yaml).
func Resolve(name string) (file string, shipped bool) {
	// A folder is never an experiment file (results/ holds folders named
	// after experiments): the shipped one of that name is meant.
	if st, err := os.Stat(name); err == nil && !st.IsDir() || strings.ContainsAny(name, `/\`) {
		return name, false
	}
	for _, n := range []string{name, name + ".yaml"} {
		if _, err := fs.Stat(experiments.FS, n); err == nil {
			return n, true
		}
	}
	return name, false
}

// Load reads and checks an experiment and every variant that does not
// need the baseline's result, without running anything.
func Load(ctx context.Context, cfg Config) (*Experiment, error) {
	p, _, err := prepare(ctx, cfg)
	if err != nil {
		return nil, err
	}
	os.RemoveAll(p.tmp)
	return p.exp, nil
}

// prepare reads the experiment, loads its base and resolves the variants
// that can be resolved before the baseline runs (those that rank by it
// are resolved with the first regions as stand-ins, to check the rest).
// Loading stops between scenarios once ctx is cancelled.
func prepare(ctx context.Context, cfg Config) (*plan, []byte, error) {
	file, shipped := Resolve(cfg.File)
	var fsys fs.FS
	if shipped {
		fsys = experiments.FS
	}
	data, err := readFile(file, fsys)
	if err != nil {
		return nil, nil, &runner.InputError{Err: scenario.Problems{{Loc: scenario.Loc{File: file}, Msg: err.Error()}}}
	}
	e, decoded := decode(file, data)
	if e == nil || e.Base == "" {
		return nil, nil, &runner.InputError{Err: decoded}
	}
	// The variants that decoded are resolved even when others did not,
	// so that every problem of the file is reported at once.
	p, err := newPlan(e, shipped, cfg.Replications)
	if serr := ctx.Err(); serr != nil {
		return nil, nil, fmt.Errorf("stopped: %w", serr)
	}
	all := decoded
	if err != nil {
		var ps scenario.Problems
		if !errors.As(err, &ps) {
			return nil, nil, err
		}
		if p == nil {
			return nil, nil, &runner.InputError{Err: scenario.Problems(append(decoded, ps...)).Sorted()}
		}
		all = append(all, ps...)
	}
	p.ready = map[string]*resolved{}
	if p.tmp, err = os.MkdirTemp("", "ektpsim-experiment-"); err != nil {
		return nil, nil, err
	}
	for _, v := range append([]*Variant{nil}, variantPtrs(e)...) {
		r, err := p.variant(v, nil)
		if err == nil && (v == nil || !v.needsBaseline()) {
			p.ready[r.name] = r
		}
		if serr := ctx.Err(); serr != nil {
			os.RemoveAll(p.tmp)
			return nil, nil, fmt.Errorf("stopped: %w", serr)
		}
		if err != nil {
			var ps scenario.Problems
			if !errors.As(err, &ps) {
				os.RemoveAll(p.tmp)
				return nil, nil, err
			}
			all = append(all, ps...)
		}
	}
	if len(all) > 0 {
		os.RemoveAll(p.tmp)
		return nil, nil, &runner.InputError{Err: all.Sorted()}
	}
	return p, data, nil
}

func variantPtrs(e *Experiment) []*Variant {
	out := make([]*Variant, len(e.Variants))
	for i := range e.Variants {
		out[i] = &e.Variants[i]
	}
	return out
}

// Run runs an experiment: the baseline, then every variant, each with the
// same seed and replications, into one folder (results/experiment-NAME/)
// holding each run's result folder, the comparison (compare.csv,
// paired.csv, the comparison charts in plots/), one briefing
// (report.html) and the experiment file itself. The folder appears whole
// or not at all: on any error, or when ctx is cancelled, nothing is left.
func Run(ctx context.Context, cfg Config) (*Outcome, error) {
	began := time.Now()
	p, data, err := prepare(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(p.tmp)
	e := p.exp
	// --region is checked against the base's regions before anything
	// runs (every variant has the base's regions).
	if err := checkRegions(p.base, cfg.Regions); err != nil {
		return nil, err
	}
	dest := cfg.Out
	if dest == "" {
		dest = filepath.Join("results", "experiment-"+e.Name)
	}
	base := p.ready[Baseline]
	h := sha256.New()
	fmt.Fprintf(h, "%d\x00%s\x00", len(data), data)
	h.Write(base.text)
	folder, err := output.NewFolder(dest, output.Spec{Command: "experiment", Identity: "experiment-sha256:" + hex.EncodeToString(h.Sum(nil)), Force: cfg.Force,
		What: fmt.Sprintf("the result of another experiment (or of this one with another file or base than %s)", e.File)})
	if err != nil {
		return nil, &runner.InputError{Err: err}
	}
	dest = folder.Dest()
	committed := false
	defer func() {
		if !committed {
			folder.Abort()
		}
	}()
	say := func(format string, a ...any) {
		if cfg.Progress != nil {
			fmt.Fprintf(cfg.Progress, "experiment %s: "+format+"\n", append([]any{e.Name}, a...)...)
		}
	}
	n := len(e.Variants) + 1
	run := func(i int, r *resolved) (*runner.Outcome, error) {
		say("run %d of %d, %s", i+1, n, r.name)
		return runner.Run(ctx, runner.Config{Scenario: r.file, Out: filepath.Join(folder.Dir, r.name), Workers: cfg.Workers, Progress: cfg.Progress, NoPlots: cfg.NoPlots})
	}
	bo, err := run(0, base)
	if err != nil {
		return nil, err
	}
	out := &Outcome{Experiment: e, Base: p.base.Name, Runs: []string{Baseline}, Replications: len(bo.Results), Seed: bo.Scenario.Seed}
	var rank ranking
	selected := map[string][]int{}
	for i := range e.Variants {
		v := &e.Variants[i]
		if v.needsBaseline() && rank == nil {
			if rank, err = readRanking(filepath.Join(folder.Dir, Baseline)); err != nil {
				return nil, err
			}
		}
		r, err := p.ready[v.Name], error(nil)
		if r == nil {
			r, err = p.variant(v, rank)
		}
		if err != nil {
			var ps scenario.Problems
			if errors.As(err, &ps) {
				return nil, &runner.InputError{Err: err}
			}
			return nil, err
		}
		if _, err := run(i+1, r); err != nil {
			return nil, err
		}
		out.Runs = append(out.Runs, v.Name)
		selected[v.Name] = r.selected
	}
	dirs := make([]string, len(out.Runs))
	for i, name := range out.Runs {
		dirs[i] = filepath.Join(folder.Dir, name)
	}
	say("comparing and writing the briefing")
	// The comparison and the briefing lead with --region, else the
	// base's focus (which the runs carry); the briefing gives the file's
	// regions of interest after its key table.
	if err := compareInto(ctx, dirs, folder.Dir, cfg.Regions); err != nil {
		return nil, err
	}
	if _, err := runner.ReportInterest(ctx, dirs, filepath.Join(folder.Dir, "report.html"), cfg.Regions, e.Regions); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(folder.Dir, "experiment.yaml"), data, 0o666); err != nil {
		return nil, err
	}
	if out.Findings, err = findings(folder.Dir, e, out.Runs); err != nil {
		return nil, err
	}
	// The regions printed: --region, else the file's regions of
	// interest, else the base's focus.
	about := cfg.Regions
	if len(about) == 0 {
		about = e.Regions
	}
	if len(about) == 0 {
		about = p.base.Focus
	}
	if out.Regions, err = regionFindings(folder.Dir, about, e.Figures, out.Runs); err != nil {
		return nil, err
	}
	if out.Selections, err = selectionFindings(folder.Dir, p, e, selected); err != nil {
		return nil, err
	}
	out.Wrote = wrote(folder.Dir, out.Runs)
	out.Unpaired = runner.PairingProblem(dirs)
	if err := folder.Commit(); err != nil {
		return nil, err
	}
	committed = true
	out.Dir = dest
	out.Elapsed = time.Since(began)
	return out, nil
}

// wrote lists what dir holds for the closing line: the runs' folders in
// order, then the rest by name, folders with a slash (paired.csv is there
// only when the runs pair).
func wrote(dir string, runs []string) []string {
	var out []string
	isRun := map[string]bool{}
	for _, r := range runs {
		out = append(out, r+"/")
		isRun[r] = true
	}
	entries, _ := os.ReadDir(dir)
	for _, en := range entries {
		name := en.Name()
		if isRun[name] || strings.HasPrefix(name, ".") {
			continue
		}
		if en.IsDir() {
			name += "/"
		}
		out = append(out, name)
	}
	return out
}

// compareInto runs the comparison of dirs into a folder of its own
// inside dir and moves its files up: tables into dir, charts into
// dir/plots and their phone-sized copies into dir/plots/phone
// (regions-compare.csv among the tables).
func compareInto(ctx context.Context, dirs []string, dir string, regions []string) error {
	tmp := filepath.Join(dir, ".compare")
	if _, _, err := runner.Compare(ctx, dirs, tmp, false, regions...); err != nil {
		return err
	}
	entries, err := os.ReadDir(tmp)
	if err != nil {
		return err
	}
	plots := filepath.Join(dir, "plots")
	if err := os.MkdirAll(plots, 0o777); err != nil {
		return err
	}
	for _, en := range entries {
		name := en.Name()
		if name == output.Marker {
			continue
		}
		to := filepath.Join(dir, name)
		if ext := filepath.Ext(name); ext == ".png" || ext == ".svg" || name == "phone" && en.IsDir() {
			// The phone-sized charts go to plots/phone, as a run's do.
			to = filepath.Join(plots, name)
		}
		if err := os.Rename(filepath.Join(tmp, name), to); err != nil {
			return err
		}
	}
	return os.RemoveAll(tmp)
}

// readRanking reads every region's figures from a result's summary.json.
func readRanking(dir string) (ranking, error) {
	regions, err := regionFigures(dir)
	if err != nil {
		return nil, err
	}
	rank := ranking{}
	for _, f := range Figures() {
		rank[f] = map[string]float64{}
		for name, figs := range regions {
			rank[f][name] = figs[f]
		}
	}
	return rank, nil
}

// regionFigures reads the numeric figures of every region from a result
// folder's summary.json (NaN where null).
func regionFigures(dir string) (map[string]map[string]float64, error) {
	data, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		return nil, err
	}
	var s struct {
		Regions map[string]map[string]json.RawMessage `json:"regions"`
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "summary.json"), err)
	}
	out := map[string]map[string]float64{}
	for name, figs := range s.Regions {
		out[name] = map[string]float64{}
		for _, f := range Figures() {
			v := math.NaN()
			if raw, ok := figs[f]; ok {
				if x, err := strconv.ParseFloat(string(raw), 64); err == nil {
					v = x
				}
			}
			out[name][f] = v
		}
	}
	return out, nil
}

// checkRegions refuses --region names that are not regions of the base
// scenario sc, with the closest.
func checkRegions(sc *scenario.Scenario, names []string) error {
	if len(names) == 0 {
		return nil
	}
	s := &results.Summary{Regions: map[string]map[string]json.RawMessage{}}
	for _, r := range sc.Regions {
		s.Regions[r.Name] = nil
	}
	return runner.CheckRegions(s, names, "the experiment's base "+sc.Name)
}
