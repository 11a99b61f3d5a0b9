package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ektpsim/ektpsim/sim/results"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// The README's "Start from a known state" commands run as shown, with its
// observed.csv, and write what it says.
func TestREADMESnapshotCommands(t *testing.T) {
	readme := string(read(t, "../../README.md"))
	_, section, ok := strings.Cut(readme, "### Start from a known state\n")
	if !ok {
		t.Fatal("README has no section Start from a known state")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	sh := regexp.MustCompile("(?s)```sh\n(.*?)```").FindStringSubmatch(section)
	csv := regexp.MustCompile("(?s)```csv\n(.*?)```").FindStringSubmatch(section)
	if sh == nil || csv == nil {
		t.Fatal("the section lacks its sh or csv block")
	}
	t.Chdir(t.TempDir())
	if err := os.WriteFile("observed.csv", []byte(csv[1]), 0o644); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, line := range strings.Split(strings.TrimSpace(sh[1]), "\n") {
		words := splitLine(line)
		code, out, errs := ektp(t, words[1:]...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s%s", line, code, out, errs)
		}
		lines = append(lines, out)
	}
	for _, f := range []string{"results/binjai/snapshot-2017-09-29.yaml", "observed-2017-09-30.yaml"} {
		sc, err := scenario.Load(f, scenario.Options{})
		if err != nil {
			t.Fatalf("%s does not load: %v", f, err)
		}
		if sc.Start.String() != "2017-09-30" {
			t.Errorf("%s starts %s, want 2017-09-30", f, sc.Start)
		}
	}
	if !strings.Contains(lines[0], "snapshot-2017-09-29.yaml") {
		t.Errorf("run --snapshot does not list the snapshot: %s", lines[0])
	}
	if !strings.Contains(lines[1], "binjai-2017-from-2017-09-30") || !strings.Contains(lines[1], "91 day(s)") {
		t.Errorf("the run of the snapshot: %s", lines[1])
	}
	if !strings.Contains(lines[2], "wrote observed-2017-09-30.yaml") {
		t.Errorf("snapshot --from-csv: %s", lines[2])
	}
	obs, _ := scenario.Load("observed-2017-09-30.yaml", scenario.Options{})
	if b := obs.Regions[0]; b.Backlog.PrintReady.Total() != 12000 || b.Blanks.Stock.N != 8000 || *b.Ribbons.Cards != 5000 {
		t.Errorf("observed Kota Binjai: backlog %+v, blanks %+v", b.Backlog, b.Blanks.Stock)
	}
	// The section's sentence: Binjai's cards with the upgrade, and
	// without it (the snapshot as it is).
	if code, out, errs := ektp(t, "run", "results/binjai/snapshot-2017-09-29.yaml", "--out", "plain", "--no-plots"); code != 0 {
		t.Fatalf("the snapshot as it is: %s%s", out, errs)
	}
	for _, c := range []struct{ dir, words string }{{"results/binjai-upgrade", "print %s cards"}, {"plain", "instead of %s"}} {
		var s struct {
			Regions map[string]map[string]any `json:"regions"`
		}
		if err := json.Unmarshal(read(t, filepath.Join(c.dir, "summary.json")), &s); err != nil {
			t.Fatal(err)
		}
		n, _ := s.Regions["Kota Binjai"]["printed_total"].(float64)
		if want := fmt.Sprintf(c.words, results.Thousands(int64(n))); !strings.Contains(strings.Join(strings.Fields(section), " "), want) {
			t.Errorf("the README says nothing like %q", want)
		}
	}
	if !strings.Contains(errsOf(t, "snapshot", "--from-csv", "observed.csv", "--base", "binjai-2017", "--date", "2017-09-30", "--out", "again.yaml"), "warning: 1 of 2 region(s) have no row in observed.csv") {
		t.Error("snapshot does not warn of the region without a row")
	}
	// The same snapshot again replaces its file; another (or one edited
	// by hand) only with --force.
	before := read(t, "again.yaml")
	if code, _, errs := ektp(t, "snapshot", "--from-csv", "observed.csv", "--base", "binjai-2017", "--date", "2017-09-30", "--out", "again.yaml"); code != 0 {
		t.Errorf("the same snapshot again: %s", errs)
	}
	if code, _, errs := ektp(t, "snapshot", "--from-csv", "observed.csv", "--base", "binjai-2017", "--date", "2017-10-02", "--out", "again.yaml"); code != 1 || !strings.Contains(errs, "give --force") {
		t.Errorf("another snapshot over the file: exit %d, %s", code, errs)
	}
	if !bytes.Equal(read(t, "again.yaml"), before) {
		t.Error("a refused snapshot changed the file")
	}
	if code, _, errs := ektp(t, "snapshot", "--from-csv", "observed.csv", "--base", "binjai-2017", "--date", "2017-10-02", "--out", "again.yaml", "--force"); code != 0 {
		t.Errorf("--force: %s", errs)
	}
}

// errsOf runs ektpsim with args and returns what it wrote on stderr.
func errsOf(t *testing.T, args ...string) string {
	t.Helper()
	_, _, errs := ektp(t, args...)
	return errs
}

// --snapshot takes a comma list and repeats; a date outside the run is
// refused before anything runs, and nothing is written.
func TestRunSnapshotFlag(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "a")
	code, stdout, errs := ektp(t, "run", example, "--set", "end=2017-03-31", "--no-plots", "--out", out, "--snapshot", "2017-01-31,2017-02-28", "--snapshot", "2017-03-15")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, d := range []string{"2017-01-31", "2017-02-28", "2017-03-15"} {
		if !strings.Contains(stdout, "snapshot-"+d+".yaml") {
			t.Errorf("stdout does not list snapshot-%s.yaml: %s", d, stdout)
		}
		text := string(read(t, filepath.Join(out, "snapshot-"+d+".yaml")))
		if !strings.HasPrefix(text, "# Snapshot by ektpsim: the state of example-2017") {
			t.Errorf("snapshot-%s.yaml header: %.200s", d, text)
		}
	}
	bad := filepath.Join(dir, "b")
	code, _, errs = ektp(t, "run", example, "--set", "end=2017-03-31", "--no-plots", "--out", bad, "--snapshot", "2017-03-31")
	if code != 1 || !strings.Contains(errs, "--snapshot 2017-03-31: not a day of the run before its last (2017-01-02 to 2017-03-30)") {
		t.Errorf("a snapshot on the last day: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(bad); err == nil {
		t.Error("a refused --snapshot left a folder")
	}
}
