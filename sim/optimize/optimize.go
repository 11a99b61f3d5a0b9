// Package optimize searches the blend of allocation policies
// (central.blanks.allocation, policy blend) that minimises a headline
// figure of a scenario, with common random numbers: every candidate runs
// the same replications 0..n-1, so two candidates differ by their blend
// alone. The search is gonum's Nelder-Mead over four numbers x, the blend
// weights being x_k^2 / sum x^2 (any x is a valid blend), starting from
// the simplex of the equal mix and the four policies pure; the best blend
// is then compared with each pure policy, paired replication by
// replication.
package optimize

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"sync"

	"gonum.org/v1/gonum/optimize"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/output"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// Figures are the figures Optimize can minimise, each the nation's, the
// mean over replications.
var Figures = map[string]func(model.Figures) float64{
	"mean_wait_days":              func(f model.Figures) float64 { return f.MeanWait },
	"p95_wait_days":               func(f model.Figures) float64 { return f.P95Wait },
	"backlog_end":                 func(f model.Figures) float64 { return float64(f.BacklogEnd) },
	"renewals_total":              func(f model.Figures) float64 { return float64(f.RenewalsTotal) },
	"blanks_stockout_region_days": func(f model.Figures) float64 { return float64(f.StockoutRegionDays) },
	"lost_hours":                  func(f model.Figures) float64 { return f.LostHours },
}

// FigureNames lists Figures in the order messages give them.
var FigureNames = []string{"mean_wait_days", "p95_wait_days", "backlog_end", "renewals_total", "blanks_stockout_region_days", "lost_hours"}

// Config is one search.
type Config struct {
	Figure       string // one of FigureNames
	Replications int    // per candidate, at least 2 (for the intervals)
	Evaluations  int    // candidates the search may try, at least 6: the first are the equal mix and each policy pure
	Workers      int    // goroutines running replications; 0 one per CPU
	// Progress, if set, is called after every candidate with the count
	// so far and the best value.
	Progress func(done, budget int, best float64)
}

// Row is one policy against the best blend.
type Row struct {
	Policy string         // "blend" for the best blend, or a pure policy
	Blend  scenario.Blend // with Policy "blend"
	Mean   float64        // the figure, mean over replications
	Diff   float64        // mean of (this policy - best blend), replication by replication
	Lo, Hi float64        // 95% interval of Diff (Student's t)
	Values []float64      // the figure of each replication
}

// Result is the best blend found and the comparison.
type Result struct {
	Best        scenario.Blend
	Evaluations int   // candidates evaluated
	Rows        []Row // the best blend first, then each pure policy
}

// pure are the policies the best blend is compared with, as their own
// allocation (a blend of one policy is that policy).
var pure = []string{scenario.AllocRequests, scenario.AllocPopulation, scenario.AllocEqual, scenario.AllocPrintReady, scenario.AllocWaiting, scenario.AllocNeed}

// Optimize searches the blend for sc, which must have been loaded by
// package scenario with central.blanks.allocation of a policy that
// allocates: its schedule, box, reserve and the regions' fetch times are
// kept, and only the policy changes.
func Optimize(ctx context.Context, sc *scenario.Scenario, cfg Config) (*Result, error) {
	of, ok := Figures[cfg.Figure]
	if !ok {
		return nil, fmt.Errorf("--figure %q is not a figure optimize can minimise; use one of %v", cfg.Figure, FigureNames)
	}
	a := sc.Central.Blanks.Allocation
	if a == nil || a.Policy == scenario.AllocRequests {
		return nil, errors.New("the scenario has no central.blanks.allocation that shares the store out; give one (e.g. {policy: population, every: 2w, box: 2000}) to optimise its blend")
	}
	if cfg.Replications < 2 || cfg.Evaluations < 6 {
		return nil, errors.New("optimize needs at least 2 replications and 6 evaluations")
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	eval := func(policy string, b scenario.Blend) ([]float64, error) {
		c := *sc
		alloc := *a
		alloc.Policy = policy
		alloc.Blend = nil
		if policy == scenario.AllocBlend {
			alloc.Blend = &b
		}
		c.Central.Blanks.Allocation = &alloc
		return replicate(ctx, &c, cfg.Replications, workers, of)
	}
	var (
		best     = math.Inf(1)
		bestX    []float64
		bestVals []float64
		done     int
		evalErr  error
		problem  optimize.Problem
		// Figures of whole cards and days are flat between steps, which
		// would look converged: the budget of candidates ends the search.
		settings = &optimize.Settings{FuncEvaluations: cfg.Evaluations, Concurrent: 1, Converger: optimize.NeverTerminate{}}
	)
	problem.Func = func(x []float64) float64 {
		if evalErr != nil {
			return math.Inf(1)
		}
		vals, err := eval(scenario.AllocBlend, blendOf(x))
		if err != nil {
			evalErr = err
			return math.Inf(1)
		}
		m := mean(vals)
		if math.IsNaN(m) {
			m = math.Inf(1) // nothing printed: no wait to speak of
		}
		done++
		if m < best || bestX == nil {
			best, bestX, bestVals = m, append([]float64(nil), x...), vals
		}
		if cfg.Progress != nil {
			cfg.Progress(done, cfg.Evaluations, best)
		}
		return m
	}
	// The first simplex is the equal mix of the four and each of them
	// pure, so the best blend is never worse than a pure proportional
	// policy on these replications.
	vertices := [][]float64{{0.5, 0.5, 0.5, 0.5}, {1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}
	values := make([]float64, len(vertices))
	for i, v := range vertices {
		values[i] = problem.Func(v)
	}
	if evalErr != nil {
		return nil, evalErr
	}
	settings.FuncEvaluations = max(cfg.Evaluations-len(vertices), 1)
	settings.InitValues = &optimize.Location{F: values[0]}
	_, err := optimize.Minimize(problem, vertices[0], settings, &optimize.NelderMead{InitialVertices: vertices, InitialValues: values})
	if evalErr != nil {
		return nil, evalErr
	}
	if err != nil && bestX == nil {
		return nil, fmt.Errorf("optimize: %v", err)
	}
	res := &Result{Best: blendOf(bestX), Evaluations: done}
	base := bestVals
	res.Rows = append(res.Rows, Row{Policy: scenario.AllocBlend, Blend: res.Best, Mean: mean(base), Values: base})
	for _, p := range pure {
		vals, err := eval(p, scenario.Blend{})
		if err != nil {
			return nil, err
		}
		d := make([]float64, len(vals))
		for i := range vals {
			d[i] = vals[i] - base[i]
		}
		lo, hi := output.CI95(d)
		res.Rows = append(res.Rows, Row{Policy: p, Mean: mean(vals), Diff: mean(d), Lo: lo, Hi: hi, Values: vals})
	}
	return res, nil
}

// blendOf maps any four numbers to blend weights x_k^2 / sum x^2, rounded
// to 4 decimals (a scenario file can say them exactly); all zero is the
// equal mix.
func blendOf(x []float64) scenario.Blend {
	var s float64
	for _, v := range x {
		s += v * v
	}
	w := func(v float64) float64 {
		if s == 0 {
			return 0.25
		}
		return math.Round(v*v/s*1e4) / 1e4
	}
	return scenario.Blend{Population: w(x[0]), Equal: w(x[1]), PrintReady: w(x[2]), Waiting: w(x[3])}
}

// replicate runs replications 0..n-1 of sc and returns each one's figure.
func replicate(ctx context.Context, sc *scenario.Scenario, n, workers int, of func(model.Figures) float64) ([]float64, error) {
	vals := make([]float64, n)
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if ctx.Err() != nil {
					continue // interrupted: the rest are not started
				}
				res, err := model.New(sc, model.Options{Replication: i, Stop: func() bool { return ctx.Err() != nil }}).Run()
				if err != nil {
					errs[i] = err
					continue
				}
				vals[i] = of(res.Nation)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return vals, errors.Join(errs...)
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// WriteTable writes res for people: the best blend, then the figure of
// every policy with its paired difference from the best blend.
func WriteTable(w io.Writer, res *Result, figure string, replications int) error {
	b := res.Best
	fmt.Fprintf(w, "best blend after %d candidates (%d replications each, common random numbers):\n", res.Evaluations, replications)
	fmt.Fprintf(w, "  blend: {population: %g, equal: %g, print_ready: %g, waiting: %g}\n\n", b.Population, b.Equal, b.PrintReady, b.Waiting)
	fmt.Fprintf(w, "%-12s %16s %34s\n", "policy", figure, "minus the best blend [95% interval]")
	for i, r := range res.Rows {
		diff := ""
		if i > 0 {
			diff = fmt.Sprintf("%+.4g [%.4g, %.4g]", r.Diff, r.Lo, r.Hi)
		}
		if _, err := fmt.Fprintf(w, "%-12s %16.6g %34s\n", r.Policy, r.Mean, diff); err != nil {
			return err
		}
	}
	return nil
}
