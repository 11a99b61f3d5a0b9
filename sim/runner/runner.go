// Package runner carries out the commands of the ektpsim tool: it loads a
// scenario, runs its replications on several goroutines, and writes the
// output folder. The command in cmd/ektpsim only parses flags and calls it.
package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ektpsim/ektpsim/scenarios"
	"github.com/ektpsim/ektpsim/sim/chart"
	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/output"
	schema "github.com/ektpsim/ektpsim/sim/results"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// Config is what `ektpsim run` was asked to do.
type Config struct {
	Scenario     string // file; empty for the embedded default scenario
	Out          string // output folder; empty for results/<scenario name>
	Seed         string // overrides the scenario's seed when not empty
	Replications int    // overrides the scenario's when > 0
	Set          []string
	Workers      int       // goroutines; 0 means one per CPU
	Progress     io.Writer // where progress goes; nil for none
	NoPlots      bool      // skip drawing the charts
	// RegionBands adds every region's rows to bands.csv, holding at most
	// RegionBandsMemory bytes of series at once (0: 256 MiB).
	RegionBands       bool
	RegionBandsMemory int
	// SpoolMemory is the memory the replications' national series and
	// region figures may take before they go to a file in the output
	// folder (0: output.SpoolBudget).
	SpoolMemory int64
	// Shard "I/N" runs only the replications of shard I of N (those whose
	// index is I-1 modulo N) into a shard folder for Merge.
	Shard string
	// Name is the run's name (its folder under results/, its chart titles,
	// its column in compare); "" derives one: the scenario's own name, or,
	// when --set, --seed or --replications change the resolved scenario,
	// that name with the overrides appended.
	Name string
	// Force allows replacing a result folder that holds a run of a
	// different resolved scenario.
	Force bool
	// Regions, when given, replace the scenario's focus (--region): the
	// regions the printed summary, charts and briefing lead with.
	Regions []string
	// Snapshots are dates (each a date or a comma list) at whose 24:00
	// replication 0's state is written as snapshot-DATE.yaml, a scenario
	// starting the next day (--snapshot).
	Snapshots []string
	snapDays  map[int]scenario.Date // parsed from Snapshots by Run
}

// InputError is a problem with what the user gave (exit status 1), as
// opposed to a failure of the machine.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// Load reads the scenario of cfg with its overrides applied.
func Load(cfg Config) (*scenario.Scenario, error) {
	var opt scenario.Options
	for _, s := range cfg.Set {
		o, err := scenario.ParseOverride(s)
		if err != nil {
			return nil, &InputError{err}
		}
		opt.Set = append(opt.Set, o)
	}
	if cfg.Seed != "" {
		opt.Set = append(opt.Set, scenario.Override{Path: "seed", Value: cfg.Seed})
	}
	if cfg.Replications > 0 {
		opt.Set = append(opt.Set, scenario.Override{Path: "replications", Value: strconv.Itoa(cfg.Replications)})
	}
	file, embedded := Resolve(cfg.Scenario)
	if embedded {
		opt.FS = scenarios.FS
	}
	sc, err := scenario.Load(file, opt)
	if err != nil {
		return nil, &InputError{err}
	}
	if err := model.CheckSize(sc); err != nil {
		return nil, &InputError{err}
	}
	if len(cfg.Regions) > 0 {
		if err := setFocus(sc, cfg.Regions); err != nil {
			return nil, err
		}
	}
	return sc, nil
}

// setFocus makes regions (--region) the focus of sc, refusing a name
// that is none of its regions (with the closest) and dropping repeats.
func setFocus(sc *scenario.Scenario, regions []string) error {
	names := make([]string, len(sc.Regions))
	for i, r := range sc.Regions {
		names[i] = r.Name
	}
	var focus []string
	for _, n := range regions {
		if !slices.Contains(names, n) {
			msg := fmt.Sprintf("--region %q: %s has no region of that name", n, sc.Name)
			if c := closestName(n, names); c != "" {
				msg += fmt.Sprintf("; did you mean %q?", c)
			}
			return &InputError{errors.New(msg)}
		}
		if !slices.Contains(focus, n) {
			focus = append(focus, n)
		}
	}
	sc.Focus = focus
	return nil
}

// withoutFocus is the resolved scenario sc without its focus, which
// changes what a run leads with, not what it computes: a run's identity
// and derived name do not depend on it.
func withoutFocus(sc *scenario.Scenario) ([]byte, error) {
	c := *sc
	c.Focus = nil
	return scenario.Marshal(&c)
}

// Resolve says where a scenario named on the command line is read from: no
// name is the embedded default; a name that is not a file here but is one
// of the shipped scenarios (with or without .yaml) is read from the
// binary, so `ektpsim run palembang-2017` works anywhere.
func Resolve(name string) (file string, embedded bool) {
	if name == "" {
		return scenarios.Default, true
	}
	// A folder is never a scenario: results/binjai-2017 is a run's, so
	// `ektpsim run binjai-2017` inside results/ still means the shipped one.
	if st, err := os.Stat(name); err == nil && !st.IsDir() || strings.ContainsAny(name, `/\`) {
		return name, false
	}
	for _, n := range []string{name, name + ".yaml"} {
		if _, err := fs.Stat(scenarios.FS, n); err == nil {
			return n, true
		}
	}
	return name, false
}

// Shipped lists the scenarios embedded in the binary.
func Shipped() []string {
	names, _ := fs.Glob(scenarios.FS, "*.yaml")
	return names
}

// Outcome is what a run produced.
type Outcome struct {
	Scenario *scenario.Scenario
	Dir      string
	Results  []*model.Result
	Charts   []chart.Chart
	// Run is what the charts were drawn from, built in memory as the
	// run went (nil with --no-plots or for a shard).
	Run     *schema.Run
	Shard   Shard
	Elapsed time.Duration
	// Summary is the run's summary.json (empty for a shard).
	Summary schema.Summary
	// Snapshots are the snapshot files written, in date order.
	Snapshots []string
}

// DrawCharts draws the charts of the result folder dir into dir/plots,
// from its files, stopping between charts once ctx is cancelled.
func DrawCharts(ctx context.Context, dir string) ([]chart.Chart, error) {
	r, err := chart.ReadRun(dir, chart.Keep)
	if err != nil {
		return nil, err
	}
	if err := stopped(ctx); err != nil {
		return nil, err
	}
	return drawInto(ctx, r, filepath.Join(dir, "plots"))
}

// drawInto draws the charts of r into plots and lists them there in
// index.json (for report, which then need not draw them again).
func drawInto(ctx context.Context, r *schema.Run, plots string) ([]chart.Chart, error) {
	charts, err := chart.DrawContext(ctx, r, plots)
	if charts, err = stoppedOr(ctx, charts, err); err != nil {
		return nil, err
	}
	return charts, writeIndex(plots, charts)
}

// stopped returns an error wrapping context.Canceled (or the deadline)
// once ctx is done, nil before.
func stopped(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("stopped: %w", err)
	}
	return nil
}

// stoppedOr returns what a step returned, or the stop if ctx was
// cancelled meanwhile (the step's error is then a consequence of it).
func stoppedOr[T any](ctx context.Context, v T, err error) (T, error) {
	if serr := stopped(ctx); serr != nil {
		var zero T
		return zero, serr
	}
	return v, err
}

// writeFile creates file and writes it with write.
func writeFile(file string, write func(io.Writer) error) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// runOwns says which files of a run's folder ektpsim writes there: run's
// files, a shard's, report's briefing and the charts of run and plot
// (plots/, its phone/ copies and index.json). A re-run refuses, without
// --force, to replace a folder that holds any other (output.Spec.Owns).
func runOwns(rel string) bool {
	switch rel {
	case "scenario.yaml", "daily.csv", "summary.json", "regions.csv", "replications.csv",
		schema.RegionReplicationsFile, "bands.csv", shardFile, "report.html", "plots/" + indexFile:
		return true
	}
	dir, name := path.Split(rel)
	chart := path.Ext(name) == ".png" || path.Ext(name) == ".svg"
	return isSnapshotFile(rel) || chart && (dir == "plots/" || dir == "plots/phone/")
}

// isSnapshotFile reports whether rel is one of run --snapshot's files,
// which a user may edit (output.Spec.Guarded).
func isSnapshotFile(rel string) bool {
	return !strings.Contains(rel, "/") && strings.HasPrefix(rel, "snapshot-") && strings.HasSuffix(rel, ".yaml")
}

// Run loads the scenario, runs every replication and writes the output
// folder. The folder appears whole or not at all: on any error, or when ctx
// is cancelled, nothing is left behind.
func Run(ctx context.Context, cfg Config) (*Outcome, error) {
	began := time.Now()
	sc, err := Load(cfg)
	if err != nil {
		return nil, err
	}
	if sc.Name, err = runName(cfg, sc); err != nil {
		return nil, err
	}
	shard, err := ParseShard(cfg.Shard, int(sc.Replications))
	if err != nil {
		return nil, &InputError{err}
	}
	if cfg.snapDays, err = snapshotDays(sc, cfg.Snapshots); err != nil {
		return nil, err
	}
	if len(cfg.snapDays) > 0 && shard.N > 1 {
		return nil, &InputError{fmt.Errorf("--snapshot works on whole runs only (a snapshot is replication 0's state): run without --shard to write it")}
	}
	if cfg.RegionBands && shard.N > 1 {
		return nil, &InputError{fmt.Errorf("--region-bands works on whole runs only: shards keep the nation's series, not every region's")}
	}
	dest := cfg.Out
	if dest == "" {
		if err := CheckName(sc.Name); err != nil {
			return nil, &InputError{fmt.Errorf("scenario name %q cannot name its folder under results/; give --out DIR or --name NAME", sc.Name)}
		}
		dest = filepath.Join("results", sc.Name)
	}
	resolved, err := scenario.Marshal(sc)
	if err != nil {
		return nil, err
	}
	// The identity leaves the focus out; without one it is the resolved
	// scenario itself, not written twice (70 ms for the nation's).
	unfocused := resolved
	if len(sc.Focus) > 0 {
		if unfocused, err = withoutFocus(sc); err != nil {
			return nil, err
		}
	}
	folder, err := output.NewFolder(dest, output.Spec{Command: "run", Identity: output.ScenarioIdentity(unfocused), Force: cfg.Force,
		Owns: runOwns, Guarded: isSnapshotFile,
		What: fmt.Sprintf("a run of a different scenario (its scenario.yaml differs from this run's %s)", sc.Name)})
	if err != nil {
		return nil, &InputError{err}
	}
	dest = folder.Dest()
	committed := false
	defer func() {
		if !committed {
			folder.Abort()
		}
	}()
	if err := checkSpoolDisk(sc, cfg, folder.Dir, filepath.Dir(dest)); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(folder.Dir, "scenario.yaml"), resolved, 0o666); err != nil {
		return nil, err
	}
	rep, err := replicate(ctx, sc, folder.Dir, cfg, shard)
	if err != nil {
		return nil, err
	}
	defer rep.close()
	results := rep.results
	var charts []chart.Chart
	var run *schema.Run
	if shard.N > 1 {
		if err := writeShard(folder.Dir, sc, resolved, shard, rep); err != nil {
			return nil, err
		}
	} else {
		// Region bands complete bands.csv before the charts read it.
		extra := cfg.RegionBands && len(results) > 1
		// Region bands go into bands.csv after the nation's, which is
		// all the charts read of it: they are drawn after, from memory.
		if run, err = finish(ctx, folder.Dir, sc, rep); err != nil {
			return nil, err
		}
		if extra {
			if err := regionBands(ctx, folder.Dir, sc, cfg); err != nil {
				return nil, err
			}
		}
		if !cfg.NoPlots {
			if charts, err = drawRun(ctx, run, folder.Dir); err != nil {
				return nil, err
			}
		}
	}
	var summary schema.Summary
	if shard.N <= 1 {
		data, err := os.ReadFile(filepath.Join(folder.Dir, "summary.json"))
		if err == nil {
			summary, err = schema.ParseSummary(data)
		}
		if err != nil {
			return nil, err
		}
	}
	// The spools' files are in the folder: they go before it moves.
	if err := rep.close(); err != nil {
		return nil, err
	}
	if err := folder.Commit(); err != nil {
		var refused *output.RefusedError
		if errors.As(err, &refused) {
			return nil, &InputError{err}
		}
		return nil, err
	}
	committed = true
	return &Outcome{Scenario: sc, Dir: dest, Results: results, Charts: charts, Run: run, Shard: shard, Elapsed: time.Since(began), Summary: summary, Snapshots: snapshotFiles(cfg.snapDays)}, nil
}

// regionBudget is the memory region bands may hold at once; more regions
// than fit are done in further passes over the replications.
const regionBudget = 256 << 20

// regionBands appends every region's rows to bands.csv. Holding every
// replication's series of every region at once would take regions x days
// x metrics x replications x 8 bytes (2.4 GB for the nation and 20
// replications), so the regions are taken in chunks that fit in
// regionBudget, re-running the replications for each chunk: they are
// deterministic, so every pass sees the same histories.
func regionBands(ctx context.Context, dir string, sc *scenario.Scenario, cfg Config) error {
	days := int(sc.End.Days()-sc.Start.Days()) + 1
	reps := int(sc.Replications)
	per := days * len(output.BandMetricsFor(sc)) * 8 * reps
	budget := cfg.RegionBandsMemory
	if budget <= 0 {
		budget = regionBudget
	}
	chunk := max(1, budget/per)
	names := make([]string, len(sc.Regions))
	for i, r := range sc.Regions {
		names[i] = r.Name
	}
	f, err := os.OpenFile(filepath.Join(dir, "bands.csv"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	for lo := 0; lo < len(sc.Regions); lo += chunk {
		hi := min(lo+chunk, len(sc.Regions))
		series := make([]*output.RegionSeries, reps)
		for i := range series {
			series[i] = output.NewRegionSeriesFor(lo, hi, days, sc)
		}
		rep, err := replicateWith(ctx, sc, dir, cfg, Shard{1, 1}, func(i int) model.Observer { return series[i] })
		if err == nil {
			err = rep.close()
		}
		if err != nil {
			f.Close()
			return err
		}
		if err := output.WriteRegionBands(f, sc.Start, names, series); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}

// drawRun draws the charts of run into dir/plots: from memory if the run
// was collected as it went, else from the folder's files (a merge of
// shards).
func drawRun(ctx context.Context, run *schema.Run, dir string) ([]chart.Chart, error) {
	if run == nil {
		return DrawCharts(ctx, dir)
	}
	return drawInto(ctx, run, filepath.Join(dir, "plots"))
}

// finish writes what follows from all the replications' results: bands,
// replications.csv, summary.json and regions.csv, and returns the run for its charts
// when rep collected replication 0's days (nil otherwise). A run and a
// merge of its shards both end here, so they write the same bytes.
func finish(ctx context.Context, dir string, sc *scenario.Scenario, rep *replicated) (*schema.Run, error) {
	results := rep.results
	if err := stopped(ctx); err != nil {
		return nil, err
	}
	var bands map[string]schema.Band
	if len(results) > 1 {
		if err := writeFile(filepath.Join(dir, "bands.csv"), func(w io.Writer) (err error) {
			bands, err = output.WriteBandsFor(w, sc, rep.series)
			return err
		}); err != nil {
			return nil, err
		}
	}
	if err := stopped(ctx); err != nil {
		return nil, err
	}
	if err := writeFile(filepath.Join(dir, "replications.csv"), func(w io.Writer) error {
		return output.WriteReplications(w, sc, results)
	}); err != nil {
		return nil, err
	}
	if err := stopped(ctx); err != nil {
		return nil, err
	}
	summary, err := output.Summary(sc, results, rep.regions)
	if err != nil {
		return nil, err
	}
	if err := stopped(ctx); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "summary.json"), summary, 0o666); err != nil {
		return nil, err
	}
	if err := writeFile(filepath.Join(dir, "regions.csv"), func(w io.Writer) error {
		return schema.WriteRegionsCSV(w, sc, summary)
	}); err != nil {
		return nil, err
	}
	if len(results) > 1 {
		n := schema.RecordLen()
		rec := make([]float64, n*len(sc.Regions))
		var buf []byte
		if err := writeFile(filepath.Join(dir, schema.RegionReplicationsFile), func(w io.Writer) error {
			return schema.WriteRegionReplications(w, sc, len(results), func(i int) (fs []model.Figures, err error) {
				if buf, err = rep.regions.Get(i, 0, rec, buf); err != nil {
					return nil, err
				}
				return schema.FromRecord(rec), nil
			})
		}); err != nil {
			return nil, err
		}
	}
	if rep.collected == nil {
		return nil, nil
	}
	return rep.collected.Finish(dir, summary, bands, results, chart.Keep)
}

// replicate runs the replications on cfg.Workers goroutines. Replication i
// draws only from streams of (seed, i), and results are kept by index, so
// the output does not depend on the number of workers. Replication 0 also
// writes daily.csv.
func replicate(ctx context.Context, sc *scenario.Scenario, dir string, cfg Config, shard Shard) (*replicated, error) {
	return replicateWith(ctx, sc, dir, cfg, shard, nil)
}

// replicated is what a run keeps of its replications once they have run.
// What grows with every replication beyond its headline figures, the
// nation's days and the regions' figures, is in spools, which spill to a
// file in the run's folder when large, so that memory stays bounded
// however many replications there are.
type replicated struct {
	results []*model.Result // Regions moved to regions
	series  *output.Spool   // NationSeries values; nil with one replication or an observer
	regions *output.Spool   // FiguresRecord of every replication
	// collected holds replication 0's days for the charts, if drawn.
	collected *schema.Collector
}

func newReplicated(dir string, sc *scenario.Scenario, series bool, budget int64) (*replicated, error) {
	if budget <= 0 {
		budget = output.SpoolBudget
	}
	n := int(sc.Replications)
	days := int(sc.End.Days()-sc.Start.Days()) + 1
	rep := &replicated{results: make([]*model.Result, n)}
	var err error
	if rep.regions, err = output.NewSpool(dir, n, len(sc.Regions)*output.FigureValues(), budget); err != nil {
		return nil, err
	}
	if series && n > 1 {
		if rep.series, err = output.NewSpool(dir, n, days*len(output.BandMetricsFor(sc)), budget); err != nil {
			rep.close()
			return nil, err
		}
	}
	return rep, nil
}

// put keeps replication i's result, and its national series if any.
func (rep *replicated) put(i int, res *model.Result, series []float64) error {
	if err := rep.regions.Put(i, output.FiguresRecord(res.Regions)); err != nil {
		return err
	}
	if rep.series != nil {
		if err := rep.series.Put(i, series); err != nil {
			return err
		}
	}
	kept := *res
	kept.Regions = nil
	if i > 0 {
		kept.Waves = nil // h17: summary.json's allocations are replication 0's
	}
	rep.results[i] = &kept
	return nil
}

// full returns replication i's result with its regions' figures, and its
// national series (nil without).
func (rep *replicated) full(i int) (*model.Result, []float64, error) {
	rec, err := rep.regions.Record(i)
	if err != nil {
		return nil, nil, err
	}
	res := *rep.results[i]
	res.Regions = output.FiguresOf(rec)
	var series []float64
	if rep.series != nil {
		if series, err = rep.series.Record(i); err != nil {
			return nil, nil, err
		}
	}
	return &res, series, nil
}

func (rep *replicated) close() error {
	err := rep.regions.Close()
	if rep.series != nil {
		err = errors.Join(err, rep.series.Close())
	}
	return err
}

// replicateWith is replicate with, if observe is set, an observer of its
// own for every replication instead of the national series.
func replicateWith(ctx context.Context, sc *scenario.Scenario, dir string, cfg Config, shard Shard, observe func(i int) model.Observer) (*replicated, error) {
	n := int(sc.Replications)
	mine := shard.Replications(n)
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	workers = min(workers, len(mine))
	rep, err := newReplicated(dir, sc, observe == nil, cfg.SpoolMemory)
	if err != nil {
		return nil, err
	}
	if dir != "" && observe == nil && !cfg.NoPlots && shard.N <= 1 {
		rep.collected = schema.NewCollector(sc, chart.RegionMetrics())
	}
	errs := make([]error, n)
	days := int(sc.End.Days()-sc.Start.Days()) + 1
	var next, done, day0 atomic.Int64
	stop := func() bool { return ctx.Err() != nil }
	prog := startProgress(cfg.Progress, len(mine), int(sc.End.Days()-sc.Start.Days())+1, &done, &day0)
	defer prog.stop()

	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1) - 1)
				if k >= len(mine) || ctx.Err() != nil {
					return
				}
				i := mine[k]
				opt := model.Options{Replication: i, Stop: stop}
				var m *model.Model
				var snapErr error
				var daily *output.Daily
				var async *output.Async
				var f *os.File
				// Only the run's own pass writes daily.csv: a pass with
				// observers of its own (region bands) re-runs the
				// replications for other figures and must not touch it.
				if i == 0 && dir != "" && observe == nil {
					var err error
					if f, err = os.Create(filepath.Join(dir, "daily.csv")); err != nil {
						errs[i] = err
						return
					}
					if daily, err = output.NewDailyFor(f, sc); err != nil { // h17: allocation columns
						errs[i] = err
						f.Close()
						return
					}
					// Replication 0's rows are written on another
					// goroutine, overlapping the simulation.
					async = output.NewAsync(daily, 8)
					opt.Observer = async
					if rep.collected != nil {
						rep.collected.Next = async
						opt.Observer = rep.collected
					}
					opt.DayDone = func(d int) { day0.Store(int64(d + 1)) }
					if len(cfg.snapDays) > 0 {
						opt.DayDone = snapshotter(dir, sc, cfg.snapDays, &m, &snapErr, opt.DayDone)
					}
				}
				// With several replications every one keeps its national
				// rows for bands.csv until they go to the spool.
				var series *output.NationSeries
				if observe != nil {
					opt.Observer = observe(i)
				} else if rep.series != nil {
					series = output.NewNationSeriesFor(days, sc)
					series.Next = opt.Observer
					opt.Observer = series
				}
				var res *model.Result
				m = model.New(sc, opt)
				res, errs[i] = m.Run()
				if errs[i] == nil && snapErr != nil {
					errs[i] = snapErr
				}
				if f != nil {
					if err := async.Close(); err != nil && errs[i] == nil {
						errs[i] = err
					}
					if err := daily.Flush(); err != nil && errs[i] == nil {
						errs[i] = err
					}
					if err := f.Close(); err != nil && errs[i] == nil {
						errs[i] = err
					}
				}
				if errs[i] == nil {
					var values []float64
					if series != nil {
						values = series.Values
					}
					errs[i] = rep.put(i, res, values)
				}
				done.Add(1)
			}
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		rep.close()
		return nil, fmt.Errorf("stopped: %w", ctx.Err())
	}
	for i, err := range errs {
		if err != nil {
			rep.close()
			if errors.Is(err, model.ErrStopped) {
				return nil, fmt.Errorf("stopped: %w", context.Canceled)
			}
			return nil, fmt.Errorf("replication %d: %w", i, err)
		}
	}
	return rep, nil
}

// progress prints a line that rewrites itself on a terminal, once the run
// has taken more than a second.
type progress struct {
	quit chan struct{}
	wg   sync.WaitGroup
}

func startProgress(w io.Writer, reps, days int, done, day0 *atomic.Int64) *progress {
	p := &progress{quit: make(chan struct{})}
	if w == nil {
		return p
	}
	began := time.Now()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		shown := false
		for {
			select {
			case <-p.quit:
				if shown {
					fmt.Fprint(w, "\r\033[K")
				}
				return
			case <-tick.C:
				el := time.Since(began)
				if el < time.Second {
					continue
				}
				shown = true
				var frac float64
				var what string
				if reps == 1 {
					frac = float64(day0.Load()) / float64(days)
					what = fmt.Sprintf("day %d/%d", day0.Load(), days)
				} else {
					frac = float64(done.Load()) / float64(reps)
					what = fmt.Sprintf("replication %d/%d", done.Load(), reps)
				}
				rest := "?"
				if frac > 0 {
					rest = (time.Duration(float64(el)/frac) - el).Round(time.Second).String()
				}
				fmt.Fprintf(w, "\r\033[K%s, %s elapsed, about %s left", what, el.Round(time.Second), rest)
			}
		}
	}()
	return p
}

func (p *progress) stop() {
	close(p.quit)
	p.wg.Wait()
}
