// Command ektpsim simulates Indonesia's e-KTP card print capacity.
//
//	ektpsim run [SCENARIO] [--out DIR] [--seed N] [--replications N] [--workers N] [--set KEY=VALUE ...]
//	ektpsim validate SCENARIO.yaml
//
// With no scenario, run uses the embedded default. Exit status: 0 success,
// 1 a problem with the input, 2 usage.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/ektpsim/ektpsim/sim/chart"
	"github.com/ektpsim/ektpsim/sim/runner"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := ektpsim(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `ektpsim: simulate e-KTP card printing

Usage:
  ektpsim run [SCENARIO] [flags]        run a scenario file, or a shipped one by name
                                        (default: the national scenario, 2016-2018)
  ektpsim validate SCENARIO.yaml        check a scenario and list every problem
  ektpsim plot DIR                      redraw the charts of a finished run into DIR/plots
  ektpsim compare DIR DIR... [--out D]  overlay runs: charts and compare.csv
  ektpsim report DIR [DIR...] [--out F] write the briefing (one HTML file)
  ektpsim merge SHARD... [--out DIR]    combine the folders of run --shard I/N
  ektpsim sweep [SCENARIO] --vary KEY=V1,V2,... [--vary ...] [--figure F]
                                        every combination, same seeds: sweep.csv and charts

Flags of run:
`

// ektpsim is the whole command, with its streams passed in for tests.
func ektpsim(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printUsage(stderr)
		return 2
	}
	switch args[0] {
	case "run":
		return run(ctx, args[1:], stdout, stderr)
	case "validate":
		return validate(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		printUsage(stdout)
		return 0
	case "plot":
		return plotCmd(args[1:], stdout, stderr)
	case "compare":
		return compareCmd(args[1:], stdout, stderr)
	case "report":
		return reportCmd(args[1:], stdout, stderr)
	case "merge":
		return mergeCmd(args[1:], stdout, stderr)
	case "sweep":
		return sweepCmd(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "ektpsim: unknown command %q\n\n%s", args[0], usage)
	return 2
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, usage)
	runFlags(&runner.Config{}, w).PrintDefaults()
	fmt.Fprintln(w, "\nShipped scenarios (ektpsim run NAME):")
	for _, n := range runner.Shipped() {
		fmt.Fprintln(w, "  "+strings.TrimSuffix(n, ".yaml"))
	}
}

type setFlags []string

func (s *setFlags) String() string     { return fmt.Sprint(*s) }
func (s *setFlags) Set(v string) error { *s = append(*s, v); return nil }

func runFlags(cfg *runner.Config, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&cfg.Out, "out", "", "output folder (default results/<scenario name>)")
	fs.StringVar(&cfg.Seed, "seed", "", "random seed (default the scenario's)")
	fs.IntVar(&cfg.Replications, "replications", 0, "number of replications (default the scenario's)")
	fs.IntVar(&cfg.Workers, "workers", 0, "goroutines running replications (default one per CPU)")
	fs.Var((*setFlags)(&cfg.Set), "set", "override a scenario key, e.g. central.intake_per_day=100000 (repeatable)")
	fs.BoolVar(&cfg.RegionBands, "region-bands", false, "with replications, add every region's rows to bands.csv (more passes over the replications when they do not fit in memory)")
	fs.StringVar(&cfg.Shard, "shard", "", "run only shard I/N of the replications (e.g. 3/10), for ektpsim merge")
	fs.BoolVar(&cfg.NoPlots, "no-plots", false, "do not draw the charts (faster; ektpsim plot DIR draws them later)")
	return fs
}

// parseInterspersed parses flags that may come before or after the
// positional arguments, as in `ektpsim run scenario.yaml --out x`.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var cfg runner.Config
	fs := runFlags(&cfg, stderr)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(pos) > 1 {
		fmt.Fprintf(stderr, "ektpsim run: one scenario at a time, got %d\n", len(pos))
		return 2
	}
	if len(pos) == 1 {
		cfg.Scenario = pos[0]
	}
	if isTerminal(stderr) {
		cfg.Progress = stderr
	}
	out, err := runner.Run(ctx, cfg)
	if err != nil {
		return fail(stderr, err)
	}
	if out.Shard.N > 1 {
		fmt.Fprintf(stdout, "%s: shard %d/%d, %d of %d replication(s) in %.2fs\nwrote %s/ (merge all %d shards with ektpsim merge)\n",
			out.Scenario.Name, out.Shard.I, out.Shard.N, len(out.Shard.Replications(len(out.Results))), len(out.Results),
			out.Elapsed.Seconds(), out.Dir, out.Shard.N)
		return 0
	}
	n := out.Results[0].Nation
	fmt.Fprintf(stdout, "%s: %d day(s), %d region(s), %d replication(s) in %.2fs\n",
		out.Scenario.Name, out.Scenario.End.Days()-out.Scenario.Start.Days()+1, len(out.Scenario.Regions), len(out.Results), out.Elapsed.Seconds())
	fmt.Fprintf(stdout, "printed %s cards; backlog at the end %s (peak %s on %s)\n",
		chart.Thousands(n.PrintedTotal), chart.Thousands(n.BacklogEnd), chart.Thousands(n.PeakBacklog), out.Scenario.Start.AddDays(int64(n.PeakDay)))
	files := "scenario.yaml, daily.csv, summary.json"
	if len(out.Results) > 1 {
		files += ", bands.csv"
	}
	if len(out.Charts) > 0 {
		files += fmt.Sprintf(", plots/ with %d charts", len(out.Charts))
	}
	fmt.Fprintf(stdout, "wrote %s/ (%s)\n", out.Dir, files)
	return 0
}

func plotCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: ektpsim plot DIR")
		return 2
	}
	charts, err := runner.Plot(context.Background(), args[0])
	if err != nil {
		return fail(stderr, err)
	}
	fmt.Fprintf(stdout, "drew %d charts in %s (PNG and SVG): %s\n", len(charts), filepath.Join(args[0], "plots"), chartNames(charts))
	return 0
}

func chartNames(cs []chart.Chart) string {
	var names []string
	for _, c := range cs {
		names = append(names, c.File)
	}
	return strings.Join(names, ", ")
}

func compareCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "output folder (default results/compare-<names>)")
	dirs, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(dirs) < 2 {
		fmt.Fprintln(stderr, "usage: ektpsim compare DIR DIR... [--out DIR]")
		return 2
	}
	dest, charts, err := runner.Compare(context.Background(), dirs, *out)
	if err != nil {
		return fail(stderr, err)
	}
	fmt.Fprintf(stdout, "wrote %s/ (compare.csv, %d charts: %s)\n", dest, len(charts), chartNames(charts))
	return 0
}

type varyFlags []runner.Vary

func (v *varyFlags) String() string { return fmt.Sprint(*v) }
func (v *varyFlags) Set(s string) error {
	x, err := runner.ParseVary(s)
	if err != nil {
		return err
	}
	*v = append(*v, x)
	return nil
}

func sweepCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var cfg runner.SweepConfig
	fs := runFlags(&cfg.Config, stderr)
	fs.Var((*varyFlags)(&cfg.Vary), "vary", "a key and the values to try, e.g. central.intake_per_day=50000,100000 (repeatable: the grid is every combination)")
	fs.StringVar(&cfg.Figure, "figure", "backlog_end", "the headline figure charted against each key")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(pos) > 1 || len(cfg.Vary) == 0 {
		fmt.Fprintln(stderr, "usage: ektpsim sweep [SCENARIO] --vary KEY=V1,V2,... [--vary ...] [--replications N] [--figure F] [--out DIR]")
		return 2
	}
	if len(pos) == 1 {
		cfg.Scenario = pos[0]
	}
	dest, variants, err := runner.Sweep(ctx, cfg)
	if err != nil {
		return fail(stderr, err)
	}
	fmt.Fprintf(stdout, "%d variant(s) x %d replication(s); wrote %s/ (sweep.csv and a chart per varied key)\n", len(variants), len(variants[0].Results), dest)
	return 0
}

func mergeCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "output folder (default results/<scenario name>)")
	noPlots := fs.Bool("no-plots", false, "do not draw the charts")
	dirs, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(dirs) < 1 {
		fmt.Fprintln(stderr, "usage: ektpsim merge SHARD_DIR... [--out DIR]")
		return 2
	}
	dest, _, err := runner.Merge(context.Background(), dirs, *out, *noPlots)
	if err != nil {
		return fail(stderr, err)
	}
	fmt.Fprintf(stdout, "merged %d shard(s) into %s/\n", len(dirs), dest)
	return 0
}

func reportCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "the HTML file (default DIR/report.html)")
	dirs, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(dirs) < 1 {
		fmt.Fprintln(stderr, "usage: ektpsim report DIR [DIR...] [--out FILE]")
		return 2
	}
	file, err := runner.Report(context.Background(), dirs, *out)
	if err != nil {
		return fail(stderr, err)
	}
	fmt.Fprintf(stdout, "wrote %s\n", file)
	return 0
}

func validate(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: ektpsim validate SCENARIO.yaml")
		return 2
	}
	sc, err := runner.Load(runner.Config{Scenario: args[0]})
	if err != nil {
		return fail(stderr, err)
	}
	fmt.Fprintf(stdout, "%s: ok (%s, %d region(s), %s to %s)\n", args[0], sc.Name, len(sc.Regions), sc.Start, sc.End)
	return 0
}

// fail reports err. Input problems, interruptions and failures of the
// machine (disk full, permissions) all exit with 1; usage errors exit with
// 2 before getting here.
func fail(stderr io.Writer, err error) int {
	fmt.Fprintln(stderr, err)
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "ektpsim: interrupted; no output was written")
	}
	return 1
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
