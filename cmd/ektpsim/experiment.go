package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strings"

	"github.com/ektpsim/ektpsim/sim/chart"
	"github.com/ektpsim/ektpsim/sim/experiment"
	"github.com/ektpsim/ektpsim/sim/runner"
)

// experimentCmd runs a saved experiment: a baseline and named variants in
// one folder with their comparison and one briefing.
func experimentCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("experiment")
	var cfg experiment.Config
	fs.StringVar(&cfg.Out, "out", "", "output `DIR` (default results/experiment-<name>)")
	fs.Var(atLeastOne{&cfg.Replications, "replications", maxReplications}, "replications", "`N` replications of every run, 1 or more (default the experiment's)")
	fs.Var(atLeastOne{&cfg.Workers, "goroutines", 0}, "workers", "`N` goroutines running replications, 1 or more (default one per CPU)")
	fs.BoolVar(&cfg.NoPlots, "no-plots", false, "no charts in each run's folder (faster; the briefing and the comparison still have theirs)")
	fs.BoolVar(&cfg.Force, "force", false, "replace an existing result of a different experiment at the output folder")
	fs.Var((*setFlags)(&cfg.Regions), "region", "lead the comparison and the briefing with region `NAME` (repeatable)")
	pos, code, ok := parse(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return usageError(fs, stderr, "give one experiment file or shipped experiment, got %d", len(pos))
	}
	cfg.File = pos[0]
	if file, shipped := experiment.Resolve(cfg.File); !shipped && !exists(file) {
		var names []string
		for _, n := range experiment.Shipped() {
			names = append(names, strings.TrimSuffix(n, ".yaml"))
		}
		msg := fmt.Sprintf("no such file or shipped experiment %q", cfg.File)
		if _, scenario := runner.Resolve(cfg.File); scenario {
			fmt.Fprintf(stderr, "ektpsim experiment: %q is a shipped scenario, not an experiment: run it with ektpsim run %s, or write an experiment file with base: %s and its variants\nshipped experiments: %s\n",
				cfg.File, cfg.File, cfg.File, strings.Join(names, ", "))
			return exitInput
		}
		if near := closest(strings.TrimSuffix(strings.TrimSuffix(cfg.File, ".yaml"), ".experiment"), names); len(near) > 0 {
			msg += "; did you mean " + orList(near) + "?"
		}
		fmt.Fprintf(stderr, "ektpsim experiment: %s\nshipped experiments: %s\n", msg, strings.Join(names, ", "))
		return exitInput
	}
	if isTerminal(stderr) {
		cfg.Progress = stderr
	}
	out, err := experiment.Run(ctx, cfg)
	if err != nil {
		return fail(stderr, "experiment", err)
	}
	printExperiment(stdout, out)
	return exitOK
}

// printExperiment prints the findings: each figure of interest in the
// baseline and its change in every variant, with the paired 95% interval
// when there are replications.
func printExperiment(w io.Writer, o *experiment.Outcome) {
	e := o.Experiment
	fmt.Fprintf(w, "experiment %s: %s and %d variant(s) of %s, %d replication(s) each, seed %d, in %.1fs\n",
		e.Name, "baseline", len(e.Variants), o.Base, o.Replications, o.Seed, o.Elapsed.Seconds())
	last := ""
	for _, f := range o.Findings {
		if f.Figure != last {
			fmt.Fprintf(w, "%s: baseline %s\n", f.Figure, amount(f.Baseline))
			last = f.Figure
		}
		fmt.Fprintf(w, "  %-28s %s", f.Variant, signed(f.Difference))
		if f.Paired {
			fmt.Fprintf(w, " (95%% interval %s to %s, %d paired replications)", signed(f.Lo), signed(f.Hi), f.N)
		}
		fmt.Fprintln(w)
	}
	for _, s := range o.Selections {
		fmt.Fprintf(w, "%s, %s: the %d selected region(s) %s, the other %d %s (sum of the regions' mean changes)\n",
			s.Variant, s.Figure, s.Selected, signed(s.SelectedDiff), s.Others, signed(s.OtherDiff))
	}
	last = ""
	for _, r := range o.Regions {
		if r.Run == "baseline" {
			if r.Region != last {
				fmt.Fprintf(w, "%s:\n", r.Region)
				last = r.Region
			}
			fmt.Fprintf(w, "  %s: baseline %s", r.Figure, amount(r.Value))
			continue
		}
		fmt.Fprintf(w, ", %s %s", r.Run, signed(r.Value-r.Baseline))
		if r.Run == o.Runs[len(o.Runs)-1] {
			fmt.Fprintln(w)
		}
	}
	fmt.Fprintf(w, "wrote %s/ (%s)\n", o.Dir, strings.Join(o.Wrote, ", "))
	if o.Unpaired != "" {
		fmt.Fprintf(w, "warning: %s\n", o.Unpaired)
	}
}

// amount writes a figure: whole numbers with thousands separators, others
// with one decimal.
func amount(v float64) string {
	switch {
	case math.IsNaN(v):
		return "n/a"
	case v != math.Trunc(v) && math.Abs(v) < 1000:
		return fmt.Sprintf("%.1f", v)
	}
	return chart.Thousands(int64(math.Round(v)))
}

func signed(v float64) string {
	s := amount(v)
	if s == "-0.0" || s == "0.0" {
		return "0.0" // a change under the last digit, either way
	}
	if v > 0 || v == 0 && !math.Signbit(v) {
		return "+" + s
	}
	return s
}

// exists reports whether a path names something (the reader reports
// anything wrong with it).
func exists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}
