// Command ektpsim simulates Indonesia's e-KTP card print capacity.
//
//	ektpsim run [SCENARIO] [--out DIR] [--seed N] [--replications N] [--workers N] [--set KEY=VALUE ...]
//	ektpsim validate SCENARIO.yaml
//	ektpsim experiment FILE.yaml [--out DIR] [--replications N] [--workers N]
//	ektpsim serve [SCENARIO] [--addr HOST:PORT]
//
// With no scenario, run uses the embedded default. Every subcommand's
// --help prints its usage. Exit status: 0 success, 1 a problem with the
// input (or a failure of the machine, said as such), 2 wrong usage, 130
// interrupted (SIGINT or SIGTERM; nothing half-written).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/ektpsim/ektpsim/sim/chart"
	"github.com/ektpsim/ektpsim/sim/experiment"
	"github.com/ektpsim/ektpsim/sim/runner"
	"github.com/ektpsim/ektpsim/sim/scenario"
	"github.com/ektpsim/ektpsim/sim/snapshot"
)

// Exit statuses.
const (
	exitOK          = 0
	exitInput       = 1   // a problem with the input, or the machine failed
	exitUsage       = 2   // wrong command line
	exitInterrupted = 130 // SIGINT or SIGTERM (128 + SIGINT, as shells report Ctrl-C)
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := ektpsim(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// command is a subcommand: its name, its usage and what it does.
type command struct {
	name     string
	synopsis string // the arguments, after "ektpsim NAME "
	summary  string // one line for the list of commands
	about    string // the paragraph --help shows under the synopsis
	run      func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

// commands lists the subcommands in the order of the overall usage.
func commands() []command {
	return []command{
		{"run", "[SCENARIO] [flags]", "run a scenario file, or a shipped one by name",
			"Runs SCENARIO (a file, or a shipped scenario by name; default the national scenario,\n" +
				"2016-2018) and writes results/<name>/ (or --out): scenario.yaml, daily.csv,\n" +
				"summary.json, regions.csv, with replications bands.csv and regions-replications.csv,\n" +
				"and the charts in plots/. A focus (focus: or --region) is printed first, then the nation.", runCmd},
		{"snapshot", "--from-csv FILE.csv --base SCENARIO --date DATE [--out FILE]", "a scenario starting from observed figures",
			"Writes a scenario that starts on DATE from the observed backlog and stocks of\n" +
				"FILE.csv (one row per region: region, print_ready, awaiting_intake, unsent,\n" +
				"blanks, ribbon_cards, ...; docs/snapshot.md), the rest from SCENARIO (a file or a\n" +
				"shipped name). Default file <name>-observed-DATE.yaml. (run --snapshot DATE\n" +
				"writes a run's own state.)", snapshotCmd},
		{"validate", "SCENARIO", "check a scenario and list every problem",
			"Checks SCENARIO (a file or a shipped name) and prints every problem as\n" +
				"FILE:LINE:COLUMN: key: message. Writes nothing.", validateCmd},
		{"plot", "DIR", "redraw the charts of a finished run into DIR/plots",
			"Redraws the charts of the finished run in DIR into DIR/plots, from its files.", plotCmd},
		{"compare", "DIR DIR... [--out DIR] [--region NAME]", "overlay runs: charts and compare.csv",
			"Overlays finished runs: charts, compare.csv, regions-compare.csv and, for runs of\n" +
				"the same seed and replications, paired.csv. Default folder results/compare-<a>-vs-<b>.", compareCmd},
		{"report", "DIR [DIR...] [--out FILE] [--region NAME]", "write the briefing (one HTML file)",
			"Writes the briefing of finished runs as one self-contained HTML file\n" +
				"(default DIR/report.html; several runs: results/report-<a>-vs-<b>.html),\n" +
				"leading with the runs' focus (or --region); of several runs, who gains and who loses.", reportCmd},
		{"merge", "SHARD_DIR... [--out DIR]", "combine the folders of run --shard I/N",
			"Combines the shard folders of one run or sweep (run --shard I/N) into the files\n" +
				"the whole would have written.", mergeCmd},
		{"experiment", "FILE.yaml [--out DIR] [--replications N] [--workers N]", "run a saved experiment: a baseline and its variants",
			"Runs the experiment FILE (a file, or a shipped experiment by name): its baseline\n" +
				"scenario and every variant (a list of edits of it), with the same seed and\n" +
				"replications, into results/experiment-<name>/ (or --out): each run's folder,\n" +
				"compare.csv, paired.csv, regions-compare.csv, plots/ and report.html, and prints\n" +
				"the findings.", experimentCmd},
		{"sweep", "[SCENARIO] --vary KEY=V1,V2,... [--vary ...] [flags]", "every combination, same seeds: sweep.csv and charts",
			"Runs every combination of the --vary values, each with the same seed and\n" +
				"replications, and writes results/sweep-<name>+<keys>/ (or --out): sweep.csv and a\n" +
				"chart of --figure (REGION:KEY for a region's) against each varied key; the focus\n" +
				"regions' figures follow the nation's in sweep.csv.", sweepCmd},
		{"serve", "[SCENARIO] [--addr HOST:PORT]", "the local what-if page: move levers, see the backlog move",
			"Serves a page on --addr (loopback by default) on which a planner moves the levers\n" +
				"of SCENARIO (default the national scenario; any shipped one can be chosen or one\n" +
				"uploaded) and sees the backlog against the baseline. Ctrl-C stops it.", serveCmd},
		{"optimize", "SCENARIO [--figure FIGURE] [flags]", "search the allocation blend that minimises a figure",
			"Searches the blend of the allocation policies population, equal, print_ready\n" +
				"and waiting that minimises --figure for SCENARIO (which needs a\n" +
				"central.blanks.allocation), every candidate on the same replications, and\n" +
				"prints the best blend against each pure policy with paired 95% intervals.", optimizeCmd},
	}
}

func lookup(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// ektpsim is the whole command, with its streams passed in for tests.
func ektpsim(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printUsage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && args[0] == "help" {
			c, ok := lookup(args[1])
			if !ok {
				fmt.Fprintf(stderr, "ektpsim help: unknown command %q\n\n", args[1])
				printUsage(stderr)
				return exitUsage
			}
			return c.run(ctx, []string{"--help"}, stdout, stderr)
		}
		printUsage(stdout)
		return exitOK
	}
	c, ok := lookup(args[0])
	if !ok {
		fmt.Fprintf(stderr, "ektpsim: unknown command %q\n\n", args[0])
		printUsage(stderr)
		return exitUsage
	}
	return c.run(ctx, args[1:], stdout, stderr)
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, "ektpsim: simulate e-KTP card printing\n\nUsage:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  ektpsim %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\n`ektpsim COMMAND --help` prints a command's arguments and flags.\n")
	fmt.Fprint(w, "Exit status: 0 success, 1 a problem with the input, 2 wrong usage, 130 interrupted.\n")
	fmt.Fprintln(w, "\nShipped scenarios (ektpsim run NAME):")
	for _, n := range shippedNames() {
		fmt.Fprintln(w, "  "+n)
	}
	fmt.Fprintln(w, "\nShipped experiments (ektpsim experiment NAME):")
	for _, n := range experiment.Shipped() {
		fmt.Fprintln(w, "  "+strings.TrimSuffix(n, ".yaml"))
	}
}

// shippedNames lists the shipped scenarios by the names `run` takes.
func shippedNames() []string {
	var names []string
	for _, n := range runner.Shipped() {
		names = append(names, strings.TrimSuffix(n, ".yaml"))
	}
	return names
}

// newFlags returns an empty flag set for the subcommand name. It prints
// nothing itself: parse prints the subcommand's own usage for --help
// (printCommandUsage: its synopsis, what it does and its flags) and
// reports wrong flags with usageError.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// printCommandUsage prints the usage of fs's subcommand to w.
func printCommandUsage(fs *flag.FlagSet, w io.Writer) {
	c, _ := lookup(fs.Name())
	fmt.Fprintf(w, "Usage: ektpsim %s %s\n\n%s\n", c.name, c.synopsis, c.about)
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return
	}
	fmt.Fprint(w, "\nFlags:\n")
	fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		if arg != "" {
			arg = " " + arg
		}
		if d := f.DefValue; d != "" && d != "false" && !strings.Contains(usage, "default") {
			usage += fmt.Sprintf(" (default %s)", d)
		}
		fmt.Fprintf(w, "  --%s%s\n        %s\n", f.Name, arg, strings.ReplaceAll(usage, "\n", "\n        "))
	})
}

// usageError reports a wrong command line of the subcommand fs and returns
// the exit status for it.
func usageError(fs *flag.FlagSet, stderr io.Writer, format string, a ...any) int {
	c, _ := lookup(fs.Name())
	fmt.Fprintf(stderr, "ektpsim %s: %s\nusage: ektpsim %s %s (ektpsim %s --help for more)\n",
		c.name, fmt.Sprintf(format, a...), c.name, c.synopsis, c.name)
	return exitUsage
}

// parse parses a subcommand's arguments, whose flags may come before or
// after the positional arguments, as in `ektpsim run scenario.yaml --out
// x`. When it returns ok false, the command ends with status code: 0 after
// --help (the usage went to stdout), 2 for a wrong flag (said on stderr).
func parse(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (pos []string, code int, ok bool) {
	pos, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		printCommandUsage(fs, stdout)
		return nil, exitOK, false
	}
	if err != nil {
		return nil, usageError(fs, stderr, "%s", flagMessage(err)), false
	}
	return pos, exitOK, true
}

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

// flagMessage says a flag package error with flags written as --name.
func flagMessage(err error) string {
	s := err.Error()
	for _, p := range []struct{ from, to string }{
		{"flag provided but not defined: -", "unknown flag --"},
		{"flag needs an argument: -", "a value is missing after --"},
	} {
		if rest, ok := strings.CutPrefix(s, p.from); ok {
			return p.to + rest
		}
	}
	// invalid value "V" for flag -NAME: MESSAGE
	if rest, ok := strings.CutPrefix(s, "invalid value "); ok {
		if i := strings.Index(rest, " for flag -"); i >= 0 {
			value, after := rest[:i], rest[i+len(" for flag -"):]
			if name, msg, ok := strings.Cut(after, ": "); ok {
				if strings.HasPrefix(msg, "--"+name) {
					return msg // it names the flag itself
				}
				return fmt.Sprintf("--%s %s: %s", name, plain(value), msg)
			}
		}
	}
	// invalid boolean value "V" for -NAME: parse error
	if rest, ok := strings.CutPrefix(s, "invalid boolean value "); ok {
		if i := strings.Index(rest, " for -"); i >= 0 {
			name, _, _ := strings.Cut(rest[i+len(" for -"):], ":")
			return fmt.Sprintf("--%s=%s: a switch is given alone (--%s), or as --%s=true or --%s=false", name, plain(rest[:i]), name, name, name)
		}
	}
	return s
}

// plain unquotes a value the flag package quoted, unless it needs the
// quotes to be seen (empty, or with spaces).
func plain(q string) string {
	v, err := strconv.Unquote(q)
	if err != nil || v == "" || strings.ContainsAny(v, " \t\n") {
		return q
	}
	return v
}

// atLeastOne is an int flag that must be 1 or more when given; left
// alone, it stays 0 (the default of what it sets).
type atLeastOne struct {
	p    *int
	what string // what it counts, for the message
	max  int    // the most it takes, 0 for no bound
}

// maxReplications is the most replications a scenario takes (its
// replications key, scenario.Scenario's max tag): a flag asking for more
// is refused as a flag, not blamed on the file.
const maxReplications = 100000

func (a atLeastOne) String() string {
	if a.p == nil || *a.p == 0 {
		return ""
	}
	return strconv.Itoa(*a.p)
}

func (a atLeastOne) Set(s string) error {
	n, err := strconv.Atoi(s)
	if errors.Is(err, strconv.ErrRange) {
		n, err = math.MaxInt, nil
		if strings.HasPrefix(s, "-") {
			n = math.MinInt
		}
	}
	if err != nil {
		return fmt.Errorf("not a whole number; it counts %s, 1 or more", a.what)
	}
	if n < 1 {
		return fmt.Errorf("must be at least 1; it counts %s", a.what)
	}
	if a.max > 0 && n > a.max {
		return fmt.Errorf("%s is more than %s, the most %s a run takes", s, chart.Thousands(int64(a.max)), a.what)
	}
	*a.p = n
	return nil
}

// seedFlag is a random seed: a whole number that fits in 64 bits.
type seedFlag struct{ p *string }

func (s seedFlag) String() string {
	if s.p == nil {
		return ""
	}
	return *s.p
}

func (s seedFlag) Set(v string) error {
	if _, err := strconv.ParseUint(v, 10, 64); err != nil {
		return fmt.Errorf("a seed is a whole number from 0 to %d", uint64(1<<64-1))
	}
	*s.p = v
	return nil
}

type setFlags []string

func (s *setFlags) String() string     { return "" }
func (s *setFlags) Set(v string) error { *s = append(*s, v); return nil }

// runFlags defines the flags run and sweep share.
func runFlags(fs *flag.FlagSet, cfg *runner.Config) {
	fs.StringVar(&cfg.Out, "out", "", "output `DIR` (default results/<name>)")
	fs.Var(seedFlag{&cfg.Seed}, "seed", "random `SEED`, a whole number 0 to 2^64-1 (default the scenario's)")
	fs.Var(atLeastOne{&cfg.Replications, "replications", maxReplications}, "replications", "`N` replications, 1 or more (default the scenario's)")
	fs.Var(atLeastOne{&cfg.Workers, "goroutines", 0}, "workers", "`N` goroutines running replications, 1 or more (default one per CPU)")
	fs.Var((*setFlags)(&cfg.Set), "set", "override a scenario key, `KEY=VALUE`, e.g. central.intake_per_day=100000 (repeatable)")
	fs.BoolVar(&cfg.Force, "force", false, "replace an existing result of a different scenario at the output folder")
	fs.BoolVar(&cfg.RegionBands, "region-bands", false, "with replications, add every region's rows to bands.csv (more passes over the replications when they do not fit in memory)")
	fs.StringVar(&cfg.Shard, "shard", "", "run only shard `I/N` of the replications (e.g. 3/10), for ektpsim merge")
	fs.BoolVar(&cfg.NoPlots, "no-plots", false, "do not draw the charts (faster; ektpsim plot DIR draws them later)")
	fs.Var((*setFlags)(&cfg.Regions), "region", "lead with region `NAME` (repeatable; replaces the scenario's focus:)")
}

// runFlagSet is run's flag set, filling cfg.
func runFlagSet(cfg *runner.Config) *flag.FlagSet {
	fs := newFlags("run")
	runFlags(fs, cfg)
	fs.Var((*setFlags)(&cfg.Snapshots), "snapshot", "also write snapshot-`DATE`.yaml: the state at 24:00 of DATE as a scenario starting the next day (repeatable or a comma list)")
	fs.StringVar(&cfg.Name, "name", "", "`NAME` of the result: its folder results/NAME, chart titles, compare columns\nand the briefing (default the scenario's name, or with --set one derived from the overrides)")
	return fs
}

// scenarioArg checks the scenario named on the command line of the
// subcommand name: a file, or a shipped scenario by name. For one that is
// neither, it says so on stderr with the closest shipped names and returns
// false.
func scenarioArg(stderr io.Writer, name, arg string) bool {
	file, embedded := runner.Resolve(arg)
	if embedded {
		return true
	}
	if _, err := os.Stat(file); !errors.Is(err, fs.ErrNotExist) {
		return true // the loader reports any other problem with the file
	}
	names := shippedNames()
	msg := fmt.Sprintf("no such file or shipped scenario %q", arg)
	if strings.ContainsAny(arg, `/\`) {
		msg = fmt.Sprintf("%s: no such file", arg)
	}
	if near := closest(strings.TrimSuffix(filepath.Base(arg), ".yaml"), names); len(near) > 0 {
		msg += "; did you mean " + orList(near) + "?"
	}
	fmt.Fprintf(stderr, "ektpsim %s: %s\nshipped scenarios: %s\n", name, msg, strings.Join(names, ", "))
	return false
}

// orList joins "a", "b", "c" as "a, b or c".
func orList(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// closest returns the names that begin with s (at most 3), or else those
// nearest to s by edit distance, measured against the whole name or its
// beginning of s's length (so "nationl" is near "national-2016-2018"), if
// that distance is at most a third of s's length, and at least 2. Names
// under 3 letters get no suggestion.
func closest(s string, names []string) []string {
	s = strings.ToLower(s)
	if len(s) < 3 {
		return nil
	}
	var prefixed []string
	for _, n := range names {
		if strings.HasPrefix(n, s) {
			prefixed = append(prefixed, n)
		}
	}
	if len(prefixed) > 0 {
		return prefixed[:min(len(prefixed), 3)]
	}
	best, limit := []string(nil), max(2, len(s)/3)
	for _, n := range names {
		d := min(scenario.EditDistance(s, n), scenario.EditDistance(s, n[:min(len(n), len(s))]))
		if d > limit {
			continue
		}
		if d < limit {
			best, limit = nil, d
		}
		best = append(best, n)
	}
	return best[:min(len(best), 3)]
}

// parseRun parses run's command line into its configuration.
func parseRun(args []string, stdout, stderr io.Writer) (cfg runner.Config, code int, ok bool) {
	fs := runFlagSet(&cfg)
	pos, code, ok := parse(fs, args, stdout, stderr)
	if !ok {
		return cfg, code, false
	}
	if len(pos) > 1 {
		return cfg, usageError(fs, stderr, "one scenario at a time, got %d: %s", len(pos), strings.Join(pos, " ")), false
	}
	if len(pos) == 1 {
		cfg.Scenario = pos[0]
		if !scenarioArg(stderr, "run", cfg.Scenario) {
			return cfg, exitInput, false
		}
	}
	return cfg, exitOK, true
}

func runCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, code, ok := parseRun(args, stdout, stderr)
	if !ok {
		return code
	}
	if isTerminal(stderr) {
		cfg.Progress = stderr
	}
	out, err := runner.Run(ctx, cfg)
	if err != nil {
		return fail(stderr, "run", err)
	}
	if out.Shard.N > 1 {
		fmt.Fprintf(stdout, "%s: shard %d/%d, %d of %d replication(s) in %.2fs\nwrote %s/ (merge all %d shards with ektpsim merge)\n",
			out.Scenario.Name, out.Shard.I, out.Shard.N, len(out.Shard.Replications(len(out.Results))), len(out.Results),
			out.Elapsed.Seconds(), out.Dir, out.Shard.N)
		return exitOK
	}
	for _, w := range out.Scenario.Warnings() {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	fmt.Fprintf(stdout, "%s: %d day(s), %d region(s), %d replication(s) in %.2fs\n",
		out.Scenario.Name, out.Scenario.End.Days()-out.Scenario.Start.Days()+1, len(out.Scenario.Regions), len(out.Results), out.Elapsed.Seconds())
	// The summary's figures: means over the replications when there are
	// several, and the line says so. The focus regions first, then the
	// nation as context.
	means := ""
	if len(out.Results) > 1 {
		means = fmt.Sprintf(" (means of %d replications)", len(out.Results))
	}
	if focus := out.Scenario.Focus; len(focus) > 0 {
		for _, r := range focus {
			fmt.Fprintf(stdout, "%s: %s%s\n", r, runner.Headline(&out.Summary, r), means)
		}
		fmt.Fprintf(stdout, "nation: %s%s\n", runner.Headline(&out.Summary, ""), means)
	} else {
		fmt.Fprintf(stdout, "%s%s\n", runner.Headline(&out.Summary, ""), means)
	}
	files := "scenario.yaml, daily.csv, summary.json, regions.csv"
	if len(out.Results) > 1 {
		files += ", regions-replications.csv, bands.csv"
	}
	if len(out.Charts) > 0 {
		files += fmt.Sprintf(", plots/ with %d charts", len(out.Charts))
	}
	for _, f := range out.Snapshots {
		files += ", " + f
	}
	fmt.Fprintf(stdout, "wrote %s/ (%s)\n", out.Dir, files)
	return exitOK
}

func plotCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("plot")
	pos, code, ok := parse(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return usageError(fs, stderr, "give one result folder, got %d", len(pos))
	}
	charts, err := runner.Plot(ctx, pos[0])
	if err != nil {
		return fail(stderr, "plot", err)
	}
	fmt.Fprintf(stdout, "drew %d charts in %s (PNG and SVG): %s\n", len(charts), filepath.Join(pos[0], "plots"), chartNames(charts))
	return exitOK
}

func chartNames(cs []chart.Chart) string {
	var names []string
	for _, c := range cs {
		names = append(names, c.File)
	}
	return strings.Join(names, ", ")
}

func compareCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("compare")
	out := fs.String("out", "", "output `DIR` (default results/compare-<names>)")
	force := fs.Bool("force", false, "replace a result other than this comparison's at the --out folder")
	var regions setFlags
	fs.Var(&regions, "region", "lead with region `NAME` (repeatable; replaces the runs' focus)")
	dirs, code, ok := parse(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	if len(dirs) < 2 {
		return usageError(fs, stderr, "give two result folders or more, got %d", len(dirs))
	}
	dest, charts, err := runner.Compare(ctx, dirs, *out, *force, regions...)
	if err != nil {
		return fail(stderr, "compare", err)
	}
	fmt.Fprintf(stdout, "wrote %s/ (compare.csv, regions-compare.csv, %d charts: %s)\n", dest, len(charts), chartNames(charts))
	if why := runner.PairingProblem(dirs); why != "" {
		fmt.Fprintf(stdout, "warning: %s\n", why)
	}
	return exitOK
}

type varyFlags []runner.Vary

func (v *varyFlags) String() string { return "" }
func (v *varyFlags) Set(s string) error {
	x, err := runner.ParseVary(s)
	if err != nil {
		return err
	}
	*v = append(*v, x)
	return nil
}

// parseSweep parses sweep's command line into its configuration.
func parseSweep(args []string, stdout, stderr io.Writer) (cfg runner.SweepConfig, code int, ok bool) {
	fs := newFlags("sweep")
	runFlags(fs, &cfg.Config)
	fs.Var((*varyFlags)(&cfg.Vary), "vary", "a key and the values to try, `KEY=V1,V2,...`, e.g. central.intake_per_day=50000,100000\n(repeatable: the grid is every combination)")
	fs.StringVar(&cfg.Figure, "figure", "backlog_end", "the headline `FIGURE` charted against each key (the first focus region's if any; REGION:FIGURE for a region's)")
	pos, code, ok := parse(fs, args, stdout, stderr)
	if !ok {
		return cfg, code, false
	}
	if len(pos) > 1 {
		return cfg, usageError(fs, stderr, "one scenario at a time, got %d: %s", len(pos), strings.Join(pos, " ")), false
	}
	if len(cfg.Vary) == 0 {
		return cfg, usageError(fs, stderr, "give at least one --vary KEY=V1,V2,..."), false
	}
	cfg.Force = cfg.Config.Force
	if len(pos) == 1 {
		cfg.Scenario = pos[0]
		if !scenarioArg(stderr, "sweep", cfg.Scenario) {
			return cfg, exitInput, false
		}
	}
	return cfg, exitOK, true
}

func sweepCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, code, ok := parseSweep(args, stdout, stderr)
	if !ok {
		return code
	}
	dest, variants, err := runner.Sweep(ctx, cfg)
	if err != nil {
		return fail(stderr, "sweep", err)
	}
	files := "sweep.csv and a chart per varied key"
	if cfg.NoPlots {
		files = "sweep.csv"
	}
	fmt.Fprintf(stdout, "%d variant(s) x %d replication(s); wrote %s/ (%s)\n", len(variants), len(variants[0].Results), dest, files)
	return exitOK
}

func mergeCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("merge")
	out := fs.String("out", "", "output `DIR` (default results/<scenario name>, or results/sweep-<name>+<keys> for a sweep)")
	noPlots := fs.Bool("no-plots", false, "do not draw the charts")
	force := fs.Bool("force", false, "replace a result of another scenario or sweep at the --out folder")
	dirs, code, ok := parse(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	if len(dirs) < 1 {
		return usageError(fs, stderr, "give the shard folders to merge")
	}
	dest, _, err := runner.Merge(ctx, dirs, *out, *noPlots, *force)
	if err != nil {
		return fail(stderr, "merge", err)
	}
	fmt.Fprintf(stdout, "merged %d shard(s) into %s/\n", len(dirs), dest)
	return exitOK
}

func reportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("report")
	out := fs.String("out", "", "the HTML `FILE` (default DIR/report.html)")
	var regions setFlags
	fs.Var(&regions, "region", "lead with region `NAME` (repeatable; replaces the runs' focus)")
	dirs, code, ok := parse(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	if len(dirs) < 1 {
		return usageError(fs, stderr, "give one result folder or more")
	}
	file, err := runner.Report(ctx, dirs, *out, regions...)
	if err != nil {
		return fail(stderr, "report", err)
	}
	fmt.Fprintf(stdout, "wrote %s\n", file)
	if why := runner.PairingProblem(dirs); why != "" {
		fmt.Fprintf(stdout, "warning: %s\n", why)
	}
	return exitOK
}

// validateCmd checks a scenario. Loading takes no context, but it writes
// nothing, so an interrupt ends the command at once and the load is
// abandoned with the process.
func snapshotCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("snapshot")
	var cfg runner.SnapshotConfig
	fs.StringVar(&cfg.CSV, "from-csv", "", "the observed figures, `FILE.csv`: a header, then one row per region")
	fs.StringVar(&cfg.Base, "base", "", "the `SCENARIO` everything not observed is taken from (a file or a shipped name)")
	fs.StringVar(&cfg.Date, "date", "", "the `DATE` the figures were observed, the new scenario's start")
	fs.StringVar(&cfg.Out, "out", "", "the `FILE` to write (default <base name>-observed-DATE.yaml)")
	fs.BoolVar(&cfg.Force, "force", false, "replace an existing snapshot file that differs (another, or one edited by hand)")
	pos, code, ok := parse(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	switch {
	case len(pos) > 0:
		return usageError(fs, stderr, "no arguments besides the flags, got %s", strings.Join(pos, " "))
	case cfg.CSV == "" || cfg.Base == "" || cfg.Date == "":
		return usageError(fs, stderr, "give --from-csv, --base and --date")
	}
	if !scenarioArg(stderr, "snapshot", cfg.Base) {
		return exitInput
	}
	o, err := runner.Snapshot(cfg)
	if err != nil {
		return fail(stderr, "snapshot", err)
	}
	if n := len(o.Unobserved); n > 0 {
		fmt.Fprintf(stderr, "ektpsim snapshot: warning: %d of %d region(s) have no row in %s and start as %s does on its first day, %s (stocks, backlog and server as then; dated items before %s dropped): %s\n",
			n, len(o.Scenario.Regions), cfg.CSV, cfg.Base, o.BaseStart, o.Scenario.Start, listNames(o.Unobserved, 5))
	}
	sc := o.Scenario
	fmt.Fprintf(stdout, "wrote %s (%s, %d region(s), %s to %s)\n", o.File, sc.Name, len(sc.Regions), sc.Start, sc.End)
	return exitOK
}

// listNames writes up to n names, then how many more.
func listNames(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:n], ", "), len(names)-n)
}

func validateCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("validate")
	pos, code, ok := parse(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return usageError(fs, stderr, "give one scenario, got %d", len(pos))
	}
	if !scenarioArg(stderr, "validate", pos[0]) {
		return exitInput
	}
	type loaded struct {
		what     string
		warnings []string
		err      error
	}
	done := make(chan loaded, 1)
	go func() {
		sc, err := runner.Load(runner.Config{Scenario: pos[0]})
		if err != nil {
			done <- loaded{err: err}
			return
		}
		done <- loaded{what: fmt.Sprintf("%s, %d region(s), %s to %s", sc.Name, len(sc.Regions), sc.Start, sc.End), warnings: sc.Warnings()}
	}()
	select {
	case <-ctx.Done():
		fmt.Fprintln(stderr, "ektpsim validate: interrupted")
		return exitInterrupted
	case l := <-done:
		if l.err != nil {
			return fail(stderr, "validate", l.err)
		}
		fmt.Fprintf(stdout, "%s: ok (%s)\n", pos[0], l.what)
		for _, w := range l.warnings {
			fmt.Fprintf(stderr, "warning: %s\n", w)
		}
		return exitOK
	}
}

// fail reports the error err of the subcommand name and returns the exit
// status: 130 for an interruption (the runner leaves nothing behind), 1
// for a problem with the input (its message names the file and key) and 1
// for a failure of the machine (disk full, permissions), said as such.
func fail(stderr io.Writer, name string, err error) int {
	var input *runner.InputError
	switch {
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(stderr, "ektpsim %s: interrupted; nothing was written\n", name)
		return exitInterrupted
	case errors.As(err, &input):
		// Problems located in a file read like a compiler's (FILE:LINE:
		// ...); any other refusal says which command refused.
		var located scenario.Problems
		var observed snapshot.Problems
		if msg := err.Error(); errors.As(err, &located) || errors.As(err, &observed) || strings.HasPrefix(msg, "ektpsim ") {
			fmt.Fprintln(stderr, msg)
		} else {
			fmt.Fprintf(stderr, "ektpsim %s: %s\n", name, msg)
		}
		return exitInput
	default:
		fmt.Fprintf(stderr, "ektpsim %s failed: %v\n", name, err)
		return exitInput
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
