package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ektpsim/ektpsim/sim/runner"
	"github.com/ektpsim/ektpsim/sim/scenario"
	"github.com/ektpsim/ektpsim/sim/snapshot"
)

// builtCommand builds the command once for the tests that exec it.
var builtCommand = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "ektpsim-bin-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "ektpsim")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		return "", fmt.Errorf("%v\n%s", err, out)
	}
	return bin, nil
})

func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the command")
	}
	bin, err := builtCommand()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bin, err := builtCommand(); err == nil && bin != "" {
		os.RemoveAll(filepath.Dir(bin))
	}
	os.Exit(code)
}

// Every subcommand's --help and -h (and `ektpsim help NAME`) print that
// subcommand's own usage on stdout, headed by its name and listing its own
// flags, write nothing and exit 0.
func TestHelpOfEverySubcommand(t *testing.T) {
	t.Chdir(t.TempDir())
	flagsOf := map[string][]string{
		"run":        {"--out", "--seed", "--replications", "--workers", "--set", "--name", "--force", "--shard", "--no-plots", "--region-bands", "--snapshot"},
		"snapshot":   {"--from-csv", "--base", "--date", "--out"},
		"sweep":      {"--vary", "--figure", "--out", "--seed", "--replications", "--set", "--force", "--shard"},
		"compare":    {"--out"},
		"report":     {"--out"},
		"merge":      {"--out", "--no-plots"},
		"validate":   nil,
		"plot":       nil,
		"experiment": {"--out", "--replications", "--workers", "--no-plots", "--force"},
		"serve":      {"--addr", "--workers"},
		"optimize":   {"--figure", "--replications", "--evaluations", "--workers", "--seed", "--set"},
	}
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	if len(names) != len(flagsOf) {
		t.Fatalf("subcommands %v; the table knows %d", names, len(flagsOf))
	}
	for _, name := range names {
		for _, args := range [][]string{{name, "--help"}, {name, "-h"}, {"help", name}, {name, "x", "--help"}} {
			code, out, errs := ektp(t, args...)
			if code != 0 || errs != "" {
				t.Errorf("%v: exit %d, stderr %q", args, code, errs)
			}
			if want := "Usage: ektpsim " + name + " "; !strings.HasPrefix(out, want) {
				t.Errorf("%v: usage starts %q, want %q", args, strings.SplitN(out, "\n", 2)[0], want)
			}
			for _, f := range flagsOf[name] {
				if !strings.Contains(out, "\n  "+f+" ") && !strings.Contains(out, "\n  "+f+"\n") {
					t.Errorf("%v: usage does not list %s:\n%s", args, f, out)
				}
			}
			if flagsOf[name] == nil && strings.Contains(out, "Flags:") {
				t.Errorf("%v lists flags it does not have:\n%s", args, out)
			}
		}
	}
	if code, out, _ := ektp(t, "--help"); code != 0 || !strings.Contains(out, "ektpsim sweep") || !strings.Contains(out, "130 interrupted") {
		t.Errorf("ektpsim --help: exit %d\n%s", code, out)
	}
	if code, out, errs := ektp(t, "help", "frobnicate"); code != 2 || out != "" || !strings.HasPrefix(errs, `ektpsim help: unknown command "frobnicate"`) {
		t.Errorf("help of an unknown command: exit %d, %q %q", code, out, errs)
	}
	if entries, _ := os.ReadDir("."); len(entries) != 0 {
		t.Errorf("--help wrote %d entries", len(entries))
	}
}

// Flag values are checked when the command line is parsed: exit 2, the
// flag named as --NAME with what a valid value is, nothing run.
func TestBadFlagValues(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--replications", "0"}, "ektpsim run: --replications 0: must be at least 1"},
		{[]string{"run", "--replications", "-3"}, "ektpsim run: --replications -3: must be at least 1"},
		{[]string{"run", "--replications=x"}, "ektpsim run: --replications x: not a whole number"},
		{[]string{"sweep", "--replications", "0", "--vary", "seed=1,2"}, "ektpsim sweep: --replications 0: must be at least 1"},
		{[]string{"run", "--workers", "-1"}, "ektpsim run: --workers -1: must be at least 1"},
		{[]string{"run", "--workers", "0"}, "ektpsim run: --workers 0: must be at least 1"},
		{[]string{"run", "--seed", "abc"}, "ektpsim run: --seed abc: a seed is a whole number from 0 to 18446744073709551615"},
		{[]string{"run", "--seed", "-1"}, "--seed -1: a seed is a whole number"},
		{[]string{"run", "--seed", "18446744073709551616"}, "--seed 18446744073709551616: a seed is a whole number"},
		{[]string{"run", "--no-such-flag"}, "ektpsim run: unknown flag --no-such-flag"},
		{[]string{"run", "--out"}, "ektpsim run: a value is missing after --out"},
		{[]string{"merge", "--no-plots=maybe", "a"}, "--no-plots=maybe: a switch is given alone"},
		{[]string{"run", "a.yaml", "b.yaml"}, "ektpsim run: one scenario at a time, got 2"},
		{[]string{"validate"}, "ektpsim validate: give one scenario, got 0"},
		{[]string{"validate", "--x", "a.yaml"}, "ektpsim validate: unknown flag --x"},
		{[]string{"plot"}, "ektpsim plot: give one result folder, got 0"},
		{[]string{"sweep"}, "ektpsim sweep: give at least one --vary"},
	} {
		code, out, errs := ektp(t, c.args...)
		if code != 2 || !strings.Contains(errs, c.want) || out != "" {
			t.Errorf("%v: exit %d, %q; want 2 and %q", c.args, code, errs, c.want)
		}
		if !strings.Contains(errs, "--help for more") {
			t.Errorf("%v does not point to --help: %q", c.args, errs)
		}
	}
	if entries, _ := os.ReadDir("."); len(entries) != 0 {
		t.Errorf("refused command lines wrote %d entries", len(entries))
	}
}

// A flag left out keeps the scenario's value; one given is used as given,
// the largest seed included; --name and --force reach the runner.
func TestFlagValuesReachTheRunner(t *testing.T) {
	var errs bytes.Buffer
	cfg, code, ok := parseRun([]string{"example-2017", "--seed", "18446744073709551615", "--replications", "7", "--workers", "3", "--name", "trial", "--force"}, &errs, &errs)
	if !ok || code != 0 || cfg.Seed != "18446744073709551615" || cfg.Replications != 7 || cfg.Workers != 3 || cfg.Name != "trial" || !cfg.Force || cfg.Scenario != "example-2017" {
		t.Errorf("run: %v %d %+v %s", ok, code, cfg, errs.String())
	}
	cfg, _, ok = parseRun(nil, &errs, &errs)
	if !ok || cfg.Replications != 0 || cfg.Seed != "" || cfg.Workers != 0 || cfg.Force || cfg.Name != "" {
		t.Errorf("run with no flags: %+v", cfg)
	}
	sw, _, ok := parseSweep([]string{"--vary", "seed=1,2", "--force", "--replications", "2"}, &errs, &errs)
	if !ok || !sw.Force || !sw.Config.Force || sw.Replications != 2 || len(sw.Vary) != 1 {
		t.Errorf("sweep: %v %+v", ok, sw)
	}
	// A run without --replications has the scenario's.
	dir := t.TempDir()
	if code, _, errs := ektp(t, "run", "binjai-2017", "--out", dir+"/r", "--no-plots", "--set", "end=2017-05-31", "--set", "replications=3"); code != 0 {
		t.Fatal(errs)
	}
	if s := string(read(t, dir+"/r/summary.json")); !strings.Contains(s, `"replications": 3,`) {
		t.Errorf("the scenario's replications were not kept: %.300s", s)
	}
}

// A scenario that is neither a file nor a shipped name is refused with
// exit 1, the closest shipped names and the list of all of them.
func TestUnknownScenarioSuggestsShippedNames(t *testing.T) {
	t.Chdir(t.TempDir())
	all := "shipped scenarios: " + strings.Join(shippedNames(), ", ") + "\n"
	if !strings.Contains(all, "palembang-2017, ") {
		t.Fatalf("shipped names: %s", all)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "palembang"}, `ektpsim run: no such file or shipped scenario "palembang"; did you mean palembang-2017?` + "\n"},
		{[]string{"run", "kupang-2017"}, `ektpsim run: no such file or shipped scenario "kupang-2017"; did you mean kupang-2018?` + "\n"},
		{[]string{"validate", "Binjai-2017.yaml"}, `did you mean binjai-2017?`},
		{[]string{"sweep", "tanjungpinang", "--vary", "seed=1,2"}, `ektpsim sweep: no such file or shipped scenario "tanjungpinang"; did you mean tanjungpinang-2017?`},
		{[]string{"run", "nationl"}, `did you mean national-2016-2018, national-allocation-equal or national-allocation-need?`},
		{[]string{"run", "scenarios/palembang.yaml"}, `ektpsim run: scenarios/palembang.yaml: no such file; did you mean palembang-2017?`},
		{[]string{"run", "zzzzzzzz"}, `ektpsim run: no such file or shipped scenario "zzzzzzzz"` + "\n"},
	} {
		code, _, errs := ektp(t, c.args...)
		if code != 1 || !strings.Contains(errs, c.want) || !strings.HasSuffix(errs, all) {
			t.Errorf("%v: exit %d, %q; want 1, %q and the shipped names", c.args, code, errs, c.want)
		}
	}
	// A file of that name is the file, not a shipped scenario.
	os.WriteFile("palembang", []byte("start: 2017-01-02\nend: 2017-01-31\nregions: [{name: A, sites: [{name: s, printers: 1, cards_per_printer_per_day: 10}]}]\n"), 0o644)
	if code, out, errs := ektp(t, "validate", "palembang"); code != 0 || !strings.Contains(out, "palembang: ok") {
		t.Errorf("validate of a file named palembang: %d %q %q", code, out, errs)
	}
}

func TestClosest(t *testing.T) {
	names := []string{"binjai-2017", "kupang-2018", "national-2016-2018", "national-ups", "palembang-2017"}
	for s, want := range map[string][]string{
		"palembang":      {"palembang-2017"},
		"palembang-2016": {"palembang-2017"},
		"plembang-2017":  {"palembang-2017"},
		"national":       {"national-2016-2018", "national-ups"},
		"kupang-2017":    {"kupang-2018"},
		"x":              nil,
		"":               nil,
		"bandung":        nil,
	} {
		if got := closest(s, names); !slices.Equal(got, want) {
			t.Errorf("closest(%q) = %v, want %v", s, got, want)
		}
	}
	for _, c := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"palembang", "palembang-2017", 5}} {
		if d := scenario.EditDistance(c.a, c.b); d != c.d {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", c.a, c.b, d, c.d)
		}
	}
}

// fail maps errors to exit statuses: an interruption (wrapped or not) is
// 130, a problem with the input 1 (located problems as they are, any
// other refusal after the command's name), any other failure 1 saying
// which command failed.
func TestExitStatusOfErrors(t *testing.T) {
	for _, c := range []struct {
		err  error
		code int
		want string
	}{
		{context.Canceled, 130, "ektpsim run: interrupted; nothing was written\n"},
		{fmt.Errorf("writing daily.csv: %w", context.Canceled), 130, "ektpsim run: interrupted; nothing was written\n"},
		{&runner.InputError{Err: scenario.Problems{{Loc: scenario.Loc{File: "a.yaml", Line: 3, Col: 4}, Key: "end", Msg: "bad"}}}, 1, "a.yaml:3:4: end: bad\n"},
		{&runner.InputError{Err: snapshot.Problems{"o.csv:2: column \"blanks\": bad", "o.csv:3: column \"region\": bad"}}, 1, "o.csv:2: column \"blanks\": bad\no.csv:3: column \"region\": bad\n"},
		{fmt.Errorf("at merge: %w", &runner.InputError{Err: errors.New("s1/shard.gob: damaged")}), 1, "ektpsim run: at merge: s1/shard.gob: damaged\n"},
		{&runner.InputError{Err: errors.New("ektpsim run: no such file")}, 1, "ektpsim run: no such file\n"},
		{errors.New("write r/daily.csv: no space left on device"), 1, "ektpsim run failed: write r/daily.csv: no space left on device\n"},
	} {
		var b bytes.Buffer
		if code := fail(&b, "run", c.err); code != c.code || b.String() != c.want {
			t.Errorf("%v: exit %d, %q; want %d, %q", c.err, code, b.String(), c.code, c.want)
		}
	}
}

// An interrupted validate returns at once with 130, even while loading.
func TestInterruptedValidate(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	if code := ektpsim(ctx, []string{"validate", "national-2016-2018"}, &out, &errb); code != 130 || errb.String() != "ektpsim validate: interrupted\n" || out.Len() != 0 {
		t.Errorf("exit %d, %q %q", code, out.String(), errb.String())
	}
}

// readmeSets returns every `--set ...` example of the README, unquoted.
func readmeSets(t *testing.T) []string {
	t.Helper()
	readme := string(read(t, "../../README.md"))
	re := regexp.MustCompile("--set (\"[^\"]+\"|[^\\s`\"]+)")
	var sets []string
	for _, m := range re.FindAllStringSubmatch(readme, -1) {
		s := strings.Trim(m[1], `"`)
		if strings.HasPrefix(s, "KEY=") { // the syntax, not an example
			continue
		}
		sets = append(sets, s)
	}
	return sets
}

// Every --set example of the README works on the default scenario and
// changes the resolved scenario.
func TestREADMESetExamplesWorkOnTheDefaultScenario(t *testing.T) {
	dir := t.TempDir()
	short := []string{"--set", "end=2016-01-10", "--no-plots"}
	base := filepath.Join(dir, "base")
	if code, _, errs := ektp(t, append([]string{"run", "--out", base}, short...)...); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	sets := readmeSets(t)
	if len(sets) < 3 {
		t.Fatalf("found only %v in the README", sets)
	}
	for i, s := range sets {
		out := filepath.Join(dir, fmt.Sprint(i))
		code, _, errs := ektp(t, append([]string{"run", "--out", out, "--set", s}, short...)...)
		if code != 0 {
			t.Errorf("README example --set %q on the default scenario: exit %d: %s", s, code, errs)
			continue
		}
		if bytes.Equal(read(t, filepath.Join(out, "scenario.yaml")), read(t, filepath.Join(base, "scenario.yaml"))) {
			t.Errorf("README example --set %q changes nothing in the default scenario", s)
		}
	}
}

// README lines of the form `ektpsim CMD ...` in its code blocks parse with
// CMD's flags, so the README does not show a flag that does not exist.
func TestREADMECommandLinesParse(t *testing.T) {
	readme := string(read(t, "../../README.md"))
	blocks := regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(readme, -1)
	n := 0
	for _, b := range blocks {
		for _, line := range strings.Split(b[1], "\n") {
			line, _, _ = strings.Cut(line, "#")
			f := strings.Fields(strings.NewReplacer("[", " ", "]", " ", "...", " ").Replace(line))
			if len(f) < 2 || f[0] != "ektpsim" || f[1] == "COMMAND" {
				continue
			}
			if _, ok := lookup(f[1]); !ok {
				t.Errorf("README: %q: no command %s", line, f[1])
				continue
			}
			_, usage, _ := ektp(t, f[1], "--help")
			for _, a := range f[2:] {
				if !strings.HasPrefix(a, "--") {
					continue
				}
				if !strings.Contains(usage, "\n  "+a+" ") && !strings.Contains(usage, "\n  "+a+"\n") {
					t.Errorf("README: %q: %s has no flag %s", line, f[1], a)
				}
				n++
			}
		}
	}
	if n < 10 {
		t.Errorf("checked only %d flags of README command lines", n)
	}
}

// tree lists every path under dir, hidden ones included.
func tree(t *testing.T, dir string) []string {
	t.Helper()
	var paths []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && p != dir {
			paths = append(paths, strings.TrimPrefix(p, dir+"/"))
		}
		return nil
	})
	return paths
}

// bigScenario writes a scenario of the national one's regions nine times
// over (4,626 regions), which takes about a second to validate.
func bigScenario(t *testing.T, file string) {
	t.Helper()
	nat := string(read(t, "../../scenarios/national-2016-2018.yaml"))
	head, regions, ok := strings.Cut(nat, "\nregions:\n")
	if !ok {
		t.Fatal("no regions: in the national scenario")
	}
	regions = regexp.MustCompile(`(?m)^    code: .*\n`).ReplaceAllString(regions, "")
	var b strings.Builder
	b.WriteString(head + "\nregions:\n" + regions)
	for k := 2; k <= 9; k++ {
		b.WriteString(regexp.MustCompile(`(?m)^  - name: (.*)$`).ReplaceAllString(regions, fmt.Sprintf("  - name: $1 %d", k)))
	}
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A real SIGINT (or SIGTERM) to the built command while it is busy stops
// every command within a second with exit status 130 and "interrupted" on
// stderr, leaving nothing: no output folder, no temporary folder or .part
// file beside it or in TMPDIR. Inputs are national-sized so each command
// is still working when the signal comes. (The limit asserted is 3 s, to
// allow for a loaded machine; the test logs what it measured.)
func TestSignalStopsEveryCommand(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	tmp := filepath.Join(t.TempDir(), "tmp") // the children's TMPDIR
	os.Mkdir(tmp, 0o755)
	env := append(os.Environ(), "TMPDIR="+tmp)
	// The inputs, made when a case first needs them: two national
	// results, the two shards of a run of 4 replications, and a scenario
	// of nine times the national regions.
	inputs := map[string][]string{
		"a":  {"run", "--out", "a", "--no-plots"},
		"b":  {"run", "--out", "b", "--no-plots", "--seed", "2", "--set", "name=national-seed-2"},
		"s1": {"run", "--out", "s1", "--no-plots", "--replications", "4", "--shard", "1/2"},
		"s2": {"run", "--out", "s2", "--no-plots", "--replications", "4", "--shard", "2/2"},
	}
	prepare := func(t *testing.T, name string) {
		t.Helper()
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return
		}
		if name == "big.yaml" {
			bigScenario(t, filepath.Join(dir, name))
			return
		}
		cmd := exec.Command(bin, inputs[name]...)
		cmd.Dir, cmd.Env = dir, env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", inputs[name], err, out)
		}
	}
	type when struct {
		after time.Duration // signal this long after the start,
		glob  string        // or once this glob (under dir) matches
	}
	for _, c := range []struct {
		name   string
		args   []string
		when   when
		sig    os.Signal
		runner bool // passes only with sim/runner's issue-13 work
	}{
		{"run", []string{"run", "--out", "r", "--replications", "4", "--workers", "1", "--no-plots"}, when{after: 700 * time.Millisecond}, os.Interrupt, false},
		{"run/SIGTERM", []string{"run", "--out", "r", "--replications", "4", "--workers", "1", "--no-plots"}, when{after: 700 * time.Millisecond}, syscall.SIGTERM, false},
		{"run/late", []string{"run", "--out", "late", "--replications", "2"}, when{glob: ".late.tmp-*/replications.csv"}, os.Interrupt, true},
		{"sweep", []string{"sweep", "--out", "sw", "--replications", "2", "--set", "end=2016-12-31", "--vary", "central.intake_per_day=50000,100000"}, when{after: 700 * time.Millisecond}, os.Interrupt, false},
		{"merge", []string{"merge", "s1", "s2", "--out", "m"}, when{glob: ".m.tmp-*"}, os.Interrupt, true},
		{"compare", []string{"compare", "a", "b", "--out", "c"}, when{after: 200 * time.Millisecond}, os.Interrupt, true},
		{"report", []string{"report", "a", "b", "--out", "brief.html"}, when{after: 300 * time.Millisecond}, os.Interrupt, true},
		{"plot", []string{"plot", "a"}, when{after: 150 * time.Millisecond}, os.Interrupt, true},
		{"validate", []string{"validate", "big.yaml"}, when{after: 150 * time.Millisecond}, os.Interrupt, false},
		{"experiment", []string{"experiment", "blanks-earlier", "--out", "ex", "--replications", "1", "--no-plots"}, when{after: 700 * time.Millisecond}, os.Interrupt, false},
		{"experiment/late", []string{"experiment", "blanks-earlier", "--out", "ex", "--replications", "1", "--no-plots"}, when{glob: ".ex.tmp-*/.blanks-90d-earlier.tmp-*"}, os.Interrupt, false},
		{"optimize", []string{"optimize", "national-allocation-waiting", "--replications", "2", "--evaluations", "6"}, when{after: 700 * time.Millisecond}, os.Interrupt, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, a := range c.args {
				if _, ok := inputs[a]; ok || a == "big.yaml" {
					prepare(t, a)
				}
			}
			before := tree(t, dir)
			cmd := exec.Command(bin, c.args...)
			cmd.Dir, cmd.Env = dir, env
			var errb bytes.Buffer
			cmd.Stderr = &errb
			started := time.Now()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			var ready <-chan time.Time
			if c.when.glob != "" {
				found := make(chan time.Time, 1)
				go func() {
					for time.Since(started) < time.Minute {
						if m, _ := filepath.Glob(filepath.Join(dir, c.when.glob)); len(m) > 0 {
							found <- time.Now()
							return
						}
						time.Sleep(time.Millisecond)
					}
				}()
				ready = found
			} else {
				ready = time.After(c.when.after)
			}
			select {
			case err := <-exited:
				t.Fatalf("finished after %v before the signal (%v): the input is too small to test an interrupt; %s", time.Since(started), err, errb.String())
			case <-ready:
			case <-time.After(time.Minute):
				t.Fatalf("never saw %s", c.when.glob)
			}
			signalled := time.Now()
			if err := cmd.Process.Signal(c.sig); err != nil {
				t.Fatal(err)
			}
			var err error
			select {
			case err = <-exited:
			case <-time.After(10 * time.Second):
				t.Fatalf("still running 10 s after %v", c.sig)
			}
			took := time.Since(signalled)
			t.Logf("%v after %v of work: exit in %v", c.sig, signalled.Sub(started).Round(time.Millisecond), took.Round(time.Millisecond))
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 130 {
				t.Errorf("%v: %v, want exit status 130; stderr %q", c.sig, err, errb.String())
			}
			if !strings.Contains(errb.String(), "ektpsim "+strings.Fields(c.args[0])[0]+": interrupted") {
				t.Errorf("stderr does not say it was interrupted: %q", errb.String())
			}
			if took > 3*time.Second {
				t.Errorf("took %v from the signal to the exit, want under a second", took)
			}
			if after := tree(t, dir); !slices.Equal(before, after) {
				t.Errorf("left behind or changed: %v", diff(before, after))
			}
			if left := tree(t, tmp); len(left) > 0 {
				t.Errorf("left in TMPDIR: %v", left)
			}
		})
	}
}

// diff lists the paths only in a (-) or only in b (+).
func diff(a, b []string) []string {
	var d []string
	for _, p := range a {
		if !slices.Contains(b, p) {
			d = append(d, "-"+p)
		}
	}
	for _, p := range b {
		if !slices.Contains(a, p) {
			d = append(d, "+"+p)
		}
	}
	return d
}

// A run with --set and no --out gets its own folder under results/, named
// from the overrides or by --name, and that name heads compare's column;
// replacing a result of a different resolved scenario needs --force and
// the refusal says so.
func TestNameAndForce(t *testing.T) {
	example := string(read(t, example))
	t.Chdir(t.TempDir())
	// example-2017 cut to January, as a file: a run of it has no overrides.
	short := regexp.MustCompile(`(?m)^end: .*$`).ReplaceAllString(example, "end: 2017-01-31")
	if err := os.WriteFile("example-2017.yaml", []byte(short), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (int, string, string) {
		t.Helper()
		return ektp(t, append([]string{"run", "example-2017.yaml", "--no-plots"}, args...)...)
	}
	if code, out, errs := run(); code != 0 || !strings.Contains(out, "wrote results/example-2017/") {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	code, out, errs := run("--set", "central.intake_per_day=100000")
	if code != 0 {
		t.Fatal(errs)
	}
	entries, _ := os.ReadDir("results")
	if len(entries) != 2 || !strings.Contains(out, "wrote results/") || strings.Contains(out, "wrote results/example-2017/") {
		t.Errorf("a run with --set went to %q; results/ holds %v", out, entries)
	}
	if code, _, errs := run("--set", "central.intake_per_day=100000", "--name", "double-intake"); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := ektp(t, "compare", "results/example-2017", "results/double-intake", "--out", "cmp"); code != 0 {
		t.Fatal(errs)
	}
	if csv := string(read(t, "cmp/compare.csv")); !strings.HasPrefix(csv, "figure,example-2017,double-intake,double-intake minus example-2017\n") {
		t.Errorf("compare.csv starts %.60q", csv)
	}
	before := read(t, "results/double-intake/summary.json")
	code, _, errs = run("--set", "central.intake_per_day=7", "--out", "results/double-intake")
	if code != 1 || !strings.Contains(errs, "--force") {
		t.Errorf("replacing a different scenario's result: exit %d, %q; want 1 and a word of --force", code, errs)
	}
	if !bytes.Equal(before, read(t, "results/double-intake/summary.json")) {
		t.Error("a refused run changed the result")
	}
	if code, _, errs := run("--set", "central.intake_per_day=7", "--out", "results/double-intake", "--force"); code != 0 {
		t.Errorf("--force: exit %d, %s", code, errs)
	}
	if bytes.Equal(before, read(t, "results/double-intake/summary.json")) {
		t.Error("--force did not replace the result")
	}
}
