package runner

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat"

	"github.com/ektpsim/ektpsim/sim/chart"
	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/output"
	"github.com/ektpsim/ektpsim/sim/results"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// Vary is one --vary KEY=V1,V2,...: a scenario key and the values a sweep
// tries for it.
type Vary struct {
	Key    string
	Values []string
}

// ParseVary reads KEY=V1,V2,...; commas inside (), [] or {} belong to a
// value ("uniform(1d, 3d)").
func ParseVary(s string) (Vary, error) {
	o, err := scenario.ParseOverride(s)
	if err != nil {
		return Vary{}, fmt.Errorf("--vary %q: write KEY=V1,V2,..., e.g. central.intake_per_day=50000,100000", s)
	}
	var vals []string
	depth, start := 0, 0
	for i, r := range o.Value {
		switch r {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case ',':
			if depth == 0 {
				vals = append(vals, strings.TrimSpace(o.Value[start:i]))
				start = i + 1
			}
		}
	}
	vals = append(vals, strings.TrimSpace(o.Value[start:]))
	for _, v := range vals {
		if v == "" {
			return Vary{}, fmt.Errorf("--vary %q: an empty value", s)
		}
	}
	return Vary{Key: o.Path, Values: vals}, nil
}

// SweepConfig is what `ektpsim sweep` was asked to do.
type SweepConfig struct {
	Config        // the scenario, seed, replications, --set, workers, output folder
	Vary   []Vary // the grid is every combination of their values
	// Figure is the headline figure charted against each key: a key
	// (backlog_end) of the first focus region if the scenario has a focus
	// (or --region), else of the nation; or REGION:KEY for a region's.
	Figure string
	// Force allows replacing a result folder that holds a different sweep.
	Force   bool
	regions []sweepRegion // set by Sweep
}

// Variant is one point of the grid and the results of its replications.
type Variant struct {
	Values  []string // one per Vary, in order
	Results []*model.Result
	// Regions are the figures of the sweep's regions (its focus and the
	// region of its figure), [replication][region].
	Regions [][]model.Figures
}

// Sweep runs the full grid of variants, each with the same seed and
// replications (so replication i of every variant shares its random numbers
// wherever the variants share a process), and writes sweep.csv and a chart
// of the figure against each varied key into the output folder (by default
// results/sweep-<scenario name>).
func Sweep(ctx context.Context, cfg SweepConfig) (string, []Variant, error) {
	if len(cfg.Vary) == 0 {
		return "", nil, &InputError{fmt.Errorf("sweep needs at least one --vary KEY=V1,V2 (the values to try)")}
	}
	if cfg.Figure == "" {
		cfg.Figure = results.BacklogEnd
	}
	figRegion, figKey, hasRegion := results.SplitRegionFigure(cfg.Figure)
	if hasRegion && strings.TrimSpace(figRegion) == "" {
		return "", nil, &InputError{fmt.Errorf("--figure %q: the region before the colon is empty; write REGION:%s, or %s for the nation", cfg.Figure, figKey, figKey)}
	}
	known := false
	for _, h := range sweepFigures() {
		known = known || h.Key == figKey && (figRegion == "" || !h.NationOnly)
	}
	if !known {
		var names []string
		for _, h := range sweepFigures() {
			names = append(names, h.Key)
		}
		if c := closestName(figKey, names); c != "" {
			return "", nil, &InputError{fmt.Errorf("--figure %q: %q is not a figure; did you mean %q? (the figures are %s)", cfg.Figure, figKey, c, strings.Join(names, ", "))}
		}
		return "", nil, &InputError{fmt.Errorf("--figure %q: choose one of %s", cfg.Figure, strings.Join(names, ", "))}
	}
	if err := checkGrid(cfg.Vary); err != nil {
		return "", nil, err
	}
	grid := [][]string{nil}
	for _, v := range cfg.Vary {
		var next [][]string
		for _, g := range grid {
			for _, val := range v.Values {
				next = append(next, append(append([]string(nil), g...), val))
			}
		}
		grid = next
	}
	shard, err := ParseShard(cfg.Shard, len(grid))
	if err != nil {
		return "", nil, &InputError{fmt.Errorf("sweep: %w (a sweep's shards split its %d variants)", err, len(grid))}
	}
	// The sweep's name and folder are settled, and the folder checked,
	// before anything runs.
	whole := cfg.Config
	whole.Shard = ""
	base, err := Load(whole)
	if err != nil {
		return "", nil, err
	}
	if total := int64(len(grid)) * int64(base.Replications); total > maxSweepReplications {
		return "", nil, &InputError{fmt.Errorf("sweep: %d variants x %d replications = %d replications, more than the %d a sweep may run; vary fewer values or run fewer --replications",
			len(grid), base.Replications, total, maxSweepReplications)}
	}
	name, err := runName(whole, base)
	if err != nil {
		return "", nil, err
	}
	base.Name = name
	regions, err := sweepRegions(base, figRegion, cfg.Figure)
	if err != nil {
		return "", nil, err
	}
	cfg.regions = regions
	resolved, err := scenario.Marshal(base)
	if err != nil {
		return "", nil, err
	}
	out := cfg.Out
	if out == "" {
		if err := CheckName(name); err != nil {
			return "", nil, &InputError{fmt.Errorf("scenario name %q cannot name its folder under results/; give --out DIR or --name NAME", name)}
		}
		out = sweepFolder(name, cfg.Vary)
		if shard.N > 1 {
			out += fmt.Sprintf("-shard-%d-of-%d", shard.I, shard.N)
		}
	}
	spec := sweepSpec(output.ScenarioIdentity(resolved), cfg.Vary, cfg.Figure, shard, cfg.Force)
	if out, err = output.Check(out, spec); err != nil {
		return "", nil, &InputError{err}
	}
	// A variant's replications spool to the temporary folder, one variant
	// at a time.
	if err := checkSpoolDisk(base, whole, os.TempDir(), os.TempDir()); err != nil {
		return "", nil, err
	}
	var variants []Variant
	var index []int
	for v, values := range grid {
		if !slices.Contains(shard.Replications(len(grid)), v) {
			continue
		}
		c := whole
		c.Set = append([]string(nil), cfg.Set...)
		for k, vy := range cfg.Vary {
			c.Set = append(c.Set, vy.Key+"="+values[k])
		}
		sc, err := Load(c)
		if err != nil {
			return "", nil, fmt.Errorf("variant %s: %w", label(cfg.Vary, values), err)
		}
		rep, err := replicate(ctx, sc, "", c, Shard{1, 1})
		if err != nil {
			return "", nil, err
		}
		// A sweep reads the nation's figures and its regions'.
		regs, err := regionFigures(rep, regions)
		if cerr := rep.close(); err == nil {
			err = cerr
		}
		if err != nil {
			return "", nil, err
		}
		for _, r := range rep.results {
			r.Waves = nil // h17: a sweep reads no allocation waves
		}
		variants = append(variants, Variant{Values: values, Results: rep.results, Regions: regs})
		index = append(index, v)
	}
	out, err = intoFolder(out, spec, func(dir string) error {
		if err := stopped(ctx); err != nil {
			return err
		}
		if shard.N > 1 {
			return writeSweepShard(dir, cfg, name, base, resolved, shard, len(grid), index, variants)
		}
		return finishSweep(ctx, dir, cfg, name, variants)
	})
	return out, variants, err
}

// maxVariants is the most variants a sweep's grid may have.
const maxVariants = 10_000

// maxSweepReplications bounds variants x replications: every one is a
// whole simulation.
const maxSweepReplications = 1_000_000

// checkGrid refuses, before the grid is built, one of more than
// maxVariants variants (the product of the numbers of values, computed
// without overflow).
func checkGrid(vary []Vary) error {
	var counts []string
	for _, v := range vary {
		counts = append(counts, strconv.Itoa(len(v.Values)))
	}
	n := 1
	for _, v := range vary {
		if len(v.Values) == 0 {
			return &InputError{fmt.Errorf("--vary %s: no values", v.Key)}
		}
		if n > maxVariants/len(v.Values) {
			return &InputError{fmt.Errorf("--vary: %d keys with %s values make more than %d variants (the limit of a sweep's grid, every combination being run); vary fewer keys or values, or sweep in parts",
				len(vary), strings.Join(counts, " x "), maxVariants)}
		}
		n *= len(v.Values)
	}
	return nil
}

// finishSweep writes sweep.csv and the charts of a whole sweep.
func finishSweep(ctx context.Context, dir string, cfg SweepConfig, name string, variants []Variant) error {
	if err := writeSweep(dir, cfg, variants); err != nil {
		return err
	}
	if err := stopped(ctx); err != nil {
		return err
	}
	if cfg.NoPlots {
		return nil
	}
	fig, ys := chartFigure(cfg, variants)
	return chart.SweepCharts(dir, name, fig, keys(cfg.Vary), valuesOf(variants), ys)
}

// sweepRegions are the regions whose figures a sweep writes: the
// scenario's focus (or --region), then the region of --figure if another,
// each refused with a suggestion if the scenario has none of that name.
func sweepRegions(sc *scenario.Scenario, figRegion, figure string) ([]sweepRegion, error) {
	var out []sweepRegion
	names := make([]string, len(sc.Regions))
	for i, r := range sc.Regions {
		names[i] = r.Name
	}
	add := func(n string) error {
		for _, r := range out {
			if r.Name == n {
				return nil
			}
		}
		i := slices.Index(names, n)
		if i < 0 {
			msg := fmt.Sprintf("--figure %q: %s has no region %q", figure, sc.Name, n)
			if c := closestName(n, names); c != "" {
				msg += fmt.Sprintf("; did you mean %q?", c)
			}
			return &InputError{errors.New(msg)}
		}
		out = append(out, sweepRegion{n, i})
		return nil
	}
	for _, n := range sc.Focus {
		if err := add(n); err != nil {
			return nil, err
		}
	}
	if figRegion != "" {
		if err := add(figRegion); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// sweepRegion is a region a sweep reports, with its index in the scenario.
type sweepRegion struct {
	Name  string
	Index int
}

// regionFigures reads the figures of regions out of a variant's
// replications.
func regionFigures(rep *replicated, regions []sweepRegion) ([][]model.Figures, error) {
	if len(regions) == 0 {
		return nil, nil
	}
	out := make([][]model.Figures, len(rep.results))
	n := results.RecordLen()
	part := make([]float64, n)
	for i := range out {
		for _, r := range regions {
			if _, err := rep.regions.Get(i, r.Index*n, part, nil); err != nil {
				return nil, err
			}
			out[i] = append(out[i], results.FromRecord(part)[0])
		}
	}
	return out, nil
}

// chartFigure is the figure the sweep's charts draw, as a label key, and
// its values: --figure's region, else the first focus region, else the
// nation.
func chartFigure(cfg SweepConfig, vs []Variant) (string, [][]float64) {
	region, key, _ := results.SplitRegionFigure(cfg.Figure)
	if region == "" && len(cfg.regions) > 0 {
		region = cfg.regions[0].Name
	}
	if region == "" {
		return key, figureOf(vs, key)
	}
	k := slices.IndexFunc(cfg.regions, func(r sweepRegion) bool { return r.Name == region })
	return results.RegionFigure(region, key), regionFigureOf(vs, k, key)
}

// regionFigureOf is each variant's values of a figure of its k-th region,
// one per replication.
func regionFigureOf(vs []Variant, k int, key string) [][]float64 {
	f, _ := results.FigureByKey(key)
	out := make([][]float64, len(vs))
	for i, v := range vs {
		for _, r := range v.Regions {
			out[i] = append(out[i], f.Value(&r[k]))
		}
	}
	return out
}

// sweepShardFile holds a sweep shard's variants for Merge: a
// sweepShardHeader, then a sweepRecord per variant of the shard, each a
// checksummed frame (frames.go).
const sweepShardFile = "sweep-shard.gob"

const sweepShardMagic = "ektpsim sweep shard 2\n"

type sweepShardHeader struct {
	I, N, Variants int
	Name, Figure   string
	Vary           []Vary
	Set            []string
	Seed           string
	Scenario       string // the scenario file as given
	Identity       string // output.ScenarioIdentity of the resolved base scenario
	Replications   int    // resolved
	Days           int
	Count          int // variants in this shard
	NoPlots        bool
	Regions        []sweepRegion // whose figures the records carry
}

type sweepRecord struct {
	Index   int
	Values  []string
	Results []*model.Result
	Regions [][]model.Figures
}

func writeSweepShard(dir string, cfg SweepConfig, name string, base *scenario.Scenario, resolved []byte, s Shard, n int, index []int, vs []Variant) error {
	h := sweepShardHeader{I: s.I, N: s.N, Variants: n, Name: name, Figure: cfg.Figure, Vary: cfg.Vary, Set: cfg.Set,
		Seed: cfg.Seed, Scenario: cfg.Scenario, Identity: output.ScenarioIdentity(resolved), Replications: int(base.Replications),
		Days: int(base.End.Days()-base.Start.Days()) + 1, Count: len(index), NoPlots: cfg.NoPlots, Regions: cfg.regions}
	return writeFile(filepath.Join(dir, sweepShardFile), func(w io.Writer) error {
		fw, err := newFrameWriter(w, sweepShardMagic)
		if err != nil {
			return err
		}
		if err := fw.put(h); err != nil {
			return err
		}
		for k, v := range vs {
			if err := fw.put(sweepRecord{Index: index[k], Values: v.Values, Results: v.Results, Regions: v.Regions}); err != nil {
				return err
			}
		}
		return nil
	})
}

// gridValues is the values of variant v of the grid of vary (the last key
// varies fastest, as Sweep builds it).
func gridValues(vary []Vary, v int) []string {
	out := make([]string, len(vary))
	for k := len(vary) - 1; k >= 0; k-- {
		n := len(vary[k].Values)
		out[k] = vary[k].Values[v%n]
		v /= n
	}
	return out
}

// decodeSweepShard reads a sweep shard file: its header, checked for
// bounds and consistency, then every variant, checked against it, into
// put. Nothing is allocated before the count that sizes it is checked.
func decodeSweepShard(r io.Reader, put func(sweepRecord) error) (sweepShardHeader, error) {
	var h sweepShardHeader
	fr, err := newFrameReader(r, sweepShardMagic)
	if err != nil {
		return h, err
	}
	if err := fr.next(&h, maxHeaderFrame, "the header"); err != nil {
		return h, err
	}
	if len(h.Vary) == 0 {
		return h, fmt.Errorf("the header has no --vary")
	}
	if err := checkGrid(h.Vary); err != nil {
		return h, fmt.Errorf("the header's grid: %v", err)
	}
	grid := 1
	for _, v := range h.Vary {
		grid *= len(v.Values)
	}
	switch {
	case h.Variants != grid:
		return h, fmt.Errorf("the header claims %d variants, its --vary make %d", h.Variants, grid)
	case h.N < 1 || h.N > h.Variants || h.I < 1 || h.I > h.N:
		return h, fmt.Errorf("the header claims shard %d/%d of %d variants", h.I, h.N, h.Variants)
	case h.Replications < 1 || h.Replications > maxShardReplications:
		return h, fmt.Errorf("the header claims %d replications, want 1 to %d", h.Replications, maxShardReplications)
	case h.Days < 1 || h.Days > maxShardDays:
		return h, fmt.Errorf("the header claims %d days, want 1 to %d", h.Days, maxShardDays)
	case int64(h.Variants)*int64(h.Replications) > maxSweepReplications:
		return h, fmt.Errorf("the header claims %d variants x %d replications, more than %d", h.Variants, h.Replications, maxSweepReplications)
	}
	due := Shard{h.I, h.N}.Replications(h.Variants)
	if h.Count != len(due) {
		return h, fmt.Errorf("the header claims %d variants in shard %d/%d, which has %d", h.Count, h.I, h.N, len(due))
	}
	if put == nil {
		return h, nil
	}
	limit := resultFrameLimit(h.Replications, 0, 0) + maxHeaderFrame
	for k := 0; ; k++ {
		var rec sweepRecord
		what := fmt.Sprintf("variant record %d", k+1)
		err := fr.next(&rec, limit, what)
		if err == errEnd {
			if k == len(due) {
				return h, nil
			}
			return h, fmt.Errorf("%d of its %d variants", k, len(due))
		}
		if err != nil {
			return h, err
		}
		if k >= len(due) {
			return h, fmt.Errorf("%s: more variants than the %d of shard %d/%d", what, len(due), h.I, h.N)
		}
		if rec.Index != due[k] {
			return h, fmt.Errorf("%s: variant %d where variant %d of shard %d/%d was due", what, rec.Index, due[k], h.I, h.N)
		}
		if !slices.Equal(rec.Values, gridValues(h.Vary, rec.Index)) {
			return h, fmt.Errorf("%s: values %q, variant %d of the grid is %q", what, rec.Values, rec.Index, gridValues(h.Vary, rec.Index))
		}
		if len(rec.Results) != h.Replications {
			return h, fmt.Errorf("%s: %d replications, the header %d", what, len(rec.Results), h.Replications)
		}
		for i, res := range rec.Results {
			if res == nil {
				return h, fmt.Errorf("%s: replication %d has no result", what, i)
			}
			if err := checkFigures(&res.Nation, h.Days, fmt.Sprintf("%s: replication %d", what, i)); err != nil {
				return h, err
			}
		}
		if err := put(rec); err != nil {
			return h, err
		}
	}
}

// sameSweep says whether two sweep shard headers are of one sweep.
func sameSweep(a, b *sweepShardHeader) bool {
	return a.N == b.N && a.Variants == b.Variants && a.Scenario == b.Scenario && a.Identity == b.Identity && a.Seed == b.Seed &&
		a.Replications == b.Replications && a.Days == b.Days && a.Figure == b.Figure && a.Name == b.Name &&
		fmt.Sprintf("%q", a.Vary) == fmt.Sprintf("%q", b.Vary) && fmt.Sprintf("%q", a.Set) == fmt.Sprintf("%q", b.Set)
}

// mergeSweep combines the shards of one sweep into out: the same
// sweep.csv and charts as the sweep without shards.
func mergeSweep(ctx context.Context, dirs []string, out string, noPlots, force bool) (string, error) {
	var first *sweepShardHeader
	seen := shardsSeen{}
	// First every header, so that nothing is read from a set that is not
	// one sweep.
	for _, dir := range dirs {
		h, err := openSweepShard(dir, nil)
		if err != nil {
			return "", err
		}
		if first == nil {
			first = &h
		} else if !sameSweep(first, &h) {
			return "", &InputError{fmt.Errorf("%s and %s are shards of different sweeps (scenario, its contents, seed, replications, --set or --vary differ)", dirs[0], dir)}
		}
		if err := seen.add(h.I, h.N, dir); err != nil {
			return "", err
		}
	}
	if first == nil {
		return "", &InputError{fmt.Errorf("merge needs the shard folders to merge")}
	}
	if err := seen.complete(first.N); err != nil {
		return "", err
	}
	variants := make([]Variant, first.Variants)
	for _, dir := range dirs {
		if _, err := openSweepShard(dir, func(r sweepRecord) error {
			if err := stopped(ctx); err != nil {
				return err
			}
			variants[r.Index] = Variant{Values: r.Values, Results: r.Results, Regions: r.Regions}
			return nil
		}); err != nil {
			return "", err
		}
	}
	if out == "" {
		out = sweepFolder(first.Name, first.Vary)
	}
	cfg := SweepConfig{Vary: first.Vary, Figure: first.Figure, regions: first.Regions}
	cfg.NoPlots = noPlots
	if err := notAnInput(out, dirs); err != nil {
		return "", err
	}
	// The merged sweep is the whole sweep's result, with its identity.
	spec := sweepSpec(first.Identity, first.Vary, first.Figure, Shard{1, 1}, force)
	out, err := intoFolder(out, spec, func(dir string) error { return finishSweep(ctx, dir, cfg, first.Name, variants) })
	return out, err
}

// sweepFolder is a sweep's default folder: results/sweep-NAME+KEY+KEY...,
// named by the scenario and the keys it varies, so that sweeps of one
// scenario over other keys do not meet in one folder.
func sweepFolder(name string, vary []Vary) string {
	keys := make([]string, len(vary))
	for i, v := range vary {
		keys[i] = v.Key
	}
	return filepath.Join("results", derivedName("sweep-"+name, keys))
}

// sweepSpec is the output folder's spec of a sweep of the scenario of
// identity scenarioID (or of its shard): a folder holding another sweep
// is replaced only with force.
func sweepSpec(scenarioID string, vary []Vary, figure string, shard Shard, force bool) output.Spec {
	id := sha256.New()
	fmt.Fprintf(id, "%s\x00%q\x00%s\x00%v\x00", scenarioID, vary, figure, shard)
	return output.Spec{Command: "sweep", Identity: "sweep-sha256:" + hex.EncodeToString(id.Sum(nil)), Force: force,
		What: "a result other than this sweep's (another scenario, --set, --vary, --figure or shard)"}
}

// openSweepShard reads the sweep shard of dir, its records into put if
// set.
func openSweepShard(dir string, put func(sweepRecord) error) (sweepShardHeader, error) {
	file := filepath.Join(dir, sweepShardFile)
	f, err := os.Open(file)
	if err != nil {
		return sweepShardHeader{}, &InputError{fmt.Errorf("%s is not a sweep shard (no %s)", dir, sweepShardFile)}
	}
	defer f.Close()
	h, err := decodeSweepShard(f, put)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return h, err
		}
		return h, &InputError{fmt.Errorf("%s: %w; the shard is cut short or damaged: run it again", file, err)}
	}
	return h, nil
}

func keys(vs []Vary) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Key)
	}
	return out
}

func valuesOf(vs []Variant) [][]string {
	var out [][]string
	for _, v := range vs {
		out = append(out, v.Values)
	}
	return out
}

func label(vary []Vary, values []string) string {
	var parts []string
	for k, v := range vary {
		parts = append(parts, v.Key+"="+values[k])
	}
	return strings.Join(parts, " ")
}

// figureOf is each variant's values of the figure, one per replication.
func figureOf(vs []Variant, key string) [][]float64 {
	f, _ := results.FigureByKey(key)
	out := make([][]float64, len(vs))
	for i, v := range vs {
		for _, r := range v.Results {
			out[i] = append(out[i], f.Value(&r.Nation))
		}
	}
	return out
}

// sweepFigures are the figures of sweep.csv: the headline figures that
// are numbers (not dates).
func sweepFigures() []results.Figure {
	var out []results.Figure
	for _, f := range results.Headlines() {
		if f.Format != results.Date {
			out = append(out, f)
		}
	}
	return out
}

// writeSweep writes sweep.csv: a row per variant with the varied values,
// then for every figure its mean, 5th and 95th percentiles and the 95%
// interval of the mean, and the paired difference from the first variant
// with its 95% interval (replication i against replication i).
func writeSweep(dir string, cfg SweepConfig, vs []Variant) error {
	f, err := os.Create(filepath.Join(dir, "sweep.csv"))
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	head := keys(cfg.Vary)
	for _, f := range sweepFigures() {
		fig := f.Key
		head = append(head, fig, fig+"_p05", fig+"_p95", fig+"_ci95_low", fig+"_ci95_high",
			fig+"_diff", fig+"_diff_ci95_low", fig+"_diff_ci95_high")
	}
	// Then the same of each region the sweep reports, REGION:figure.
	for _, r := range cfg.regions {
		for _, f := range sweepFigures() {
			if f.NationOnly {
				continue
			}
			fig := results.RegionFigure(r.Name, f.Key)
			head = append(head, fig, fig+"_p05", fig+"_p95", fig+"_ci95_low", fig+"_ci95_high",
				fig+"_diff", fig+"_diff_ci95_low", fig+"_diff_ci95_high")
		}
	}
	w.Write(output.SafeCells(head))
	num := func(x float64) string {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return ""
		}
		return strconv.FormatFloat(math.Round(x*1000)/1000, 'f', -1, 64)
	}
	for vi, v := range vs {
		row := append([]string(nil), v.Values...)
		type column struct {
			xs, base []float64
		}
		var cols []column
		for _, f := range sweepFigures() {
			cols = append(cols, column{figureOf([]Variant{v}, f.Key)[0], figureOf(vs[:1], f.Key)[0]})
		}
		for k := range cfg.regions {
			for _, f := range sweepFigures() {
				if !f.NationOnly {
					cols = append(cols, column{regionFigureOf(vs[vi:vi+1], k, f.Key)[0], regionFigureOf(vs[:1], k, f.Key)[0]})
				}
			}
		}
		for _, c := range cols {
			xs, base := c.xs, c.base
			sorted := append([]float64(nil), xs...)
			slices.Sort(sorted)
			m := stat.Mean(xs, nil)
			lo, hi := results.CI95(xs)
			d := make([]float64, len(xs))
			for i := range xs {
				d[i] = xs[i] - base[i]
			}
			dlo, dhi := results.CI95(d)
			row = append(row, num(m), num(stat.Quantile(0.05, stat.Empirical, sorted, nil)), num(stat.Quantile(0.95, stat.Empirical, sorted, nil)),
				num(lo), num(hi), num(stat.Mean(d, nil)), num(dlo), num(dhi))
		}
		w.Write(output.SafeCells(row))
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
