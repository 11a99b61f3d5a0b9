package runner

import (
	"context"
	"encoding/csv"
	"encoding/gob"
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
	Figure string // the headline figure charted against each key
	Force  bool   // allow replacing a result of a different sweep (STUB: unused)
}

// Variant is one point of the grid and the results of its replications.
type Variant struct {
	Values  []string // one per Vary, in order
	Results []*model.Result
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
		cfg.Figure = "backlog_end"
	}
	known := false
	for _, h := range chart.Headlines() {
		known = known || (h.Key == cfg.Figure && !h.Date)
	}
	if !known {
		return "", nil, &InputError{fmt.Errorf("--figure %q: choose one of printed_total, backlog_end, peak_backlog, mean_wait_days, p95_wait_days, blanks_stockout_days, renewals_total, lost_hours", cfg.Figure)}
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
	var variants []Variant
	var sc0 *scenario.Scenario
	var index []int
	for v, values := range grid {
		c := cfg.Config
		c.Shard = ""
		c.Set = append([]string(nil), cfg.Set...)
		for k, vy := range cfg.Vary {
			c.Set = append(c.Set, vy.Key+"="+values[k])
		}
		sc, err := Load(c)
		if err != nil {
			return "", nil, fmt.Errorf("variant %s: %w", label(cfg.Vary, values), err)
		}
		if sc0 == nil {
			sc0 = sc
		}
		if !slices.Contains(shard.Replications(len(grid)), v) {
			continue
		}
		rep, err := replicate(ctx, sc, "", c, Shard{1, 1})
		if err != nil {
			return "", nil, err
		}
		// A sweep reads the nation's figures only.
		if err := rep.close(); err != nil {
			return "", nil, err
		}
		variants = append(variants, Variant{Values: values, Results: rep.results})
		index = append(index, v)
	}
	out := cfg.Out
	if out == "" {
		out = filepath.Join("results", "sweep-"+sc0.Name)
		if shard.N > 1 {
			out += fmt.Sprintf("-shard-%d-of-%d", shard.I, shard.N)
		}
	}
	err = intoFolder(out, func(dir string) error {
		if shard.N > 1 {
			return writeSweepShard(dir, cfg, sc0.Name, shard, len(grid), index, variants)
		}
		return finishSweep(dir, cfg, sc0.Name, variants)
	})
	return out, variants, err
}

// finishSweep writes sweep.csv and the charts of a whole sweep.
func finishSweep(dir string, cfg SweepConfig, name string, variants []Variant) error {
	if err := writeSweep(dir, cfg, variants); err != nil {
		return err
	}
	if cfg.NoPlots {
		return nil
	}
	return chart.SweepCharts(dir, name, cfg.Figure, keys(cfg.Vary), valuesOf(variants), figureOf(variants, cfg.Figure))
}

// sweepShardFile holds a sweep shard's variants for Merge.
const sweepShardFile = "sweep-shard.gob"

type sweepShard struct {
	I, N, Variants int
	Name, Figure   string
	Vary           []Vary
	Set            []string
	Seed           string
	Scenario       string
	Replications   int
	Index          []int
	Results        []Variant
	NoPlots        bool
}

func writeSweepShard(dir string, cfg SweepConfig, name string, s Shard, n int, index []int, vs []Variant) error {
	d := sweepShard{I: s.I, N: s.N, Variants: n, Name: name, Figure: cfg.Figure, Vary: cfg.Vary, Set: cfg.Set,
		Seed: cfg.Seed, Scenario: cfg.Scenario, Replications: cfg.Replications, Index: index, Results: vs, NoPlots: cfg.NoPlots}
	return writeFile(filepath.Join(dir, sweepShardFile), func(w io.Writer) error { return gob.NewEncoder(w).Encode(d) })
}

// mergeSweep combines the shards of one sweep into out: the same
// sweep.csv and charts as the sweep without shards.
func mergeSweep(dirs []string, out string, noPlots bool) (string, error) {
	var first *sweepShard
	all := map[int]Variant{}
	seen := shardsSeen{}
	for _, dir := range dirs {
		f, err := os.Open(filepath.Join(dir, sweepShardFile))
		if err != nil {
			return "", &InputError{fmt.Errorf("%s is not a sweep shard (no %s)", dir, sweepShardFile)}
		}
		var d sweepShard
		err = gob.NewDecoder(f).Decode(&d)
		f.Close()
		if err != nil {
			return "", &InputError{fmt.Errorf("%s: %w", dir, err)}
		}
		if first == nil {
			first = &d
		} else if d.N != first.N || d.Variants != first.Variants || d.Scenario != first.Scenario || d.Seed != first.Seed ||
			d.Replications != first.Replications || d.Figure != first.Figure || fmt.Sprint(d.Vary) != fmt.Sprint(first.Vary) || fmt.Sprint(d.Set) != fmt.Sprint(first.Set) {
			return "", &InputError{fmt.Errorf("%s and %s are shards of different sweeps (scenario, seed, replications, --set or --vary differ)", dirs[0], dir)}
		}
		if err := seen.add(d.I, d.N, dir); err != nil {
			return "", err
		}
		for k, v := range d.Index {
			all[v] = d.Results[k]
		}
	}
	if err := seen.complete(first.N); err != nil {
		return "", err
	}
	variants := make([]Variant, first.Variants)
	for i := range variants {
		variants[i] = all[i]
	}
	if out == "" {
		out = filepath.Join("results", "sweep-"+first.Name)
	}
	cfg := SweepConfig{Vary: first.Vary, Figure: first.Figure}
	cfg.NoPlots = noPlots
	return out, intoFolder(out, func(dir string) error { return finishSweep(dir, cfg, first.Name, variants) })
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

// figureValue reads a headline figure of the nation from a result.
func figureValue(r *model.Result, key string) float64 {
	f := r.Nation
	switch key {
	case "printed_total":
		return float64(f.PrintedTotal)
	case "backlog_end":
		return float64(f.BacklogEnd)
	case "peak_backlog":
		return float64(f.PeakBacklog)
	case "blanks_stockout_days":
		return float64(f.StockoutDays)
	case "mean_wait_days":
		return f.MeanWait
	case "p95_wait_days":
		return f.P95Wait
	case "renewals_total":
		return float64(f.RenewalsTotal)
	case "lost_hours":
		return f.LostHours
	}
	return math.NaN()
}

// figureOf is each variant's values of the figure, one per replication.
func figureOf(vs []Variant, key string) [][]float64 {
	out := make([][]float64, len(vs))
	for i, v := range vs {
		for _, r := range v.Results {
			out[i] = append(out[i], figureValue(r, key))
		}
	}
	return out
}

// sweepFigures are the figures of sweep.csv.
func sweepFigures() []string {
	return []string{"printed_total", "backlog_end", "peak_backlog", "mean_wait_days", "blanks_stockout_days", "lost_hours"}
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
	for _, fig := range sweepFigures() {
		head = append(head, fig, fig+"_p05", fig+"_p95", fig+"_ci95_low", fig+"_ci95_high",
			fig+"_diff", fig+"_diff_ci95_low", fig+"_diff_ci95_high")
	}
	w.Write(head)
	num := func(x float64) string {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return ""
		}
		return strconv.FormatFloat(math.Round(x*1000)/1000, 'f', -1, 64)
	}
	for _, v := range vs {
		row := append([]string(nil), v.Values...)
		for _, fig := range sweepFigures() {
			xs := figureOf([]Variant{v}, fig)[0]
			base := figureOf(vs[:1], fig)[0]
			sorted := append([]float64(nil), xs...)
			slices.Sort(sorted)
			m := stat.Mean(xs, nil)
			lo, hi := output.CI95(xs)
			d := make([]float64, len(xs))
			for i := range xs {
				d[i] = xs[i] - base[i]
			}
			dlo, dhi := output.CI95(d)
			row = append(row, num(m), num(stat.Quantile(0.05, stat.Empirical, sorted, nil)), num(stat.Quantile(0.95, stat.Empirical, sorted, nil)),
				num(lo), num(hi), num(stat.Mean(d, nil)), num(dlo), num(dhi))
		}
		w.Write(row)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
