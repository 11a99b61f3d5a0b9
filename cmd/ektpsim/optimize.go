package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/ektpsim/ektpsim/sim/optimize"
	"github.com/ektpsim/ektpsim/sim/runner"
)

// optimizeCmd searches the allocation blend (issue 17): flags only, the
// work is package optimize's.
func optimizeCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("optimize")
	var load runner.Config
	var cfg optimize.Config
	fs.Var(seedFlag{&load.Seed}, "seed", "random `SEED`, a whole number 0 to 2^64-1 (default the scenario's)")
	fs.Var((*setFlags)(&load.Set), "set", "override a scenario key, `KEY=VALUE` (repeatable)")
	fs.StringVar(&cfg.Figure, "figure", "mean_wait_days", "the national `FIGURE` to minimise: "+strings.Join(optimize.FigureNames, ", "))
	cfg.Replications, cfg.Evaluations = 5, 40
	fs.IntVar(&cfg.Replications, "replications", 5, "`N` replications of every candidate, 2 or more")
	fs.IntVar(&cfg.Evaluations, "evaluations", 40, "`N` candidate blends the search may try, 6 or more (the first: the equal mix and each policy pure)")
	fs.Var(atLeastOne{&cfg.Workers, "goroutines", 0}, "workers", "`N` goroutines running replications, 1 or more (default one per CPU)")
	pos, code, ok := parse(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return usageError(fs, stderr, "give one scenario, got %d", len(pos))
	}
	if cfg.Replications < 2 || cfg.Evaluations < 6 {
		return usageError(fs, stderr, "--replications must be 2 or more and --evaluations 6 or more")
	}
	load.Scenario = pos[0]
	if !scenarioArg(stderr, "optimize", load.Scenario) {
		return exitInput
	}
	sc, err := runner.Load(load)
	if err != nil {
		return fail(stderr, "optimize", err)
	}
	if isTerminal(stderr) {
		cfg.Progress = func(done, budget int, best float64) {
			fmt.Fprintf(stderr, "\rcandidate %d of at most %d, best %s %.6g ", done, budget, cfg.Figure, best)
		}
	}
	res, err := optimize.Optimize(ctx, sc, cfg)
	if cfg.Progress != nil {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		if ctx.Err() != nil {
			return fail(stderr, "optimize", ctx.Err())
		}
		return fail(stderr, "optimize", &runner.InputError{Err: err})
	}
	if err := optimize.WriteTable(stdout, res, cfg.Figure, cfg.Replications); err != nil {
		return fail(stderr, "optimize", err)
	}
	return exitOK
}
