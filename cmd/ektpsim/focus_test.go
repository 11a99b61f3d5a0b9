package main

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ektpsim/ektpsim/sim/results"
)

// run binjai-2017 prints Kota Binjai's figures first (its focus), then the
// nation's, each as its summary.json has them; --region puts another
// region first.
func TestRunPrintsFocusFirst(t *testing.T) {
	out := filepath.Join(t.TempDir(), "b")
	code, stdout, stderr := ektp(t, "run", "binjai-2017", "--no-plots", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	s, err := results.ParseSummary(read(t, filepath.Join(out, "summary.json")))
	if err != nil {
		t.Fatal(err)
	}
	line := func(region string) string {
		n := func(k string) string { v, _ := s.Number(region, k); return results.Thousands(int64(math.Round(v))) }
		return "printed " + n("printed_total") + " cards; backlog at the end " + n("backlog_end") +
			" (peak " + n("peak_backlog") + " on " + s.Text(region, "peak_backlog_date") + ")"
	}
	lines := strings.Split(stdout, "\n")
	if len(lines) < 4 || lines[1] != "Kota Binjai: "+line("Kota Binjai") || lines[2] != "nation: "+line("") {
		t.Errorf("stdout:\n%s\nwant Kota Binjai: %s\nthen nation: %s", stdout, line("Kota Binjai"), line(""))
	}
	if v, _ := s.Number("Kota Binjai", "backlog_end"); v >= 1e5 {
		t.Errorf("Kota Binjai's backlog %v is the nation's size", v)
	}
	if !strings.Contains(stdout, "regions.csv") {
		t.Errorf("stdout does not name regions.csv:\n%s", stdout)
	}
	if _, err := os.Stat(filepath.Join(out, "regions.csv")); err != nil {
		t.Error(err)
	}
	code, stdout, stderr = ektp(t, "run", "binjai-2017", "--no-plots", "--out", out, "--region", "Rest of Indonesia")
	if code != 0 || !strings.HasPrefix(strings.Split(stdout, "\n")[1], "Rest of Indonesia: "+line("Rest of Indonesia")) {
		t.Errorf("--region: exit %d\n%s%s", code, stdout, stderr)
	}
}

// With replications the printed figures are summary.json's means, and the
// line says so (before, a run without a focus printed the first
// replication's figures beside the means it wrote).
func TestRunPrintsMeansOfReplications(t *testing.T) {
	out := filepath.Join(t.TempDir(), "e")
	code, stdout, stderr := ektp(t, "run", "example-2017", "--no-plots", "--replications", "3", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	s, err := results.ParseSummary(read(t, filepath.Join(out, "summary.json")))
	if err != nil {
		t.Fatal(err)
	}
	n := func(k string) string { v, _ := s.Number("", k); return results.Thousands(int64(math.Round(v))) }
	want := "printed " + n("printed_total") + " cards; backlog at the end " + n("backlog_end") +
		" (peak " + n("peak_backlog") + " on " + s.Text("", "peak_backlog_date") + ") (means of 3 replications)"
	if lines := strings.Split(stdout, "\n"); len(lines) < 3 || lines[1] != want {
		t.Errorf("stdout:\n%s\nwant line 2:\n%s", stdout, want)
	}
}

// A population-weighted allocation with a region that has no population
// runs, and says on stderr that the region gets no share (example-2017's
// Rest of Indonesia); validate says it too.
func TestRunWarnsOfRegionsWithoutPopulation(t *testing.T) {
	out := filepath.Join(t.TempDir(), "p")
	code, _, stderr := ektp(t, "run", "example-2017", "--no-plots", "--set", "central.blanks.allocation.policy=population", "--out", out)
	if code != 0 || !strings.Contains(stderr, `warning: central.blanks.allocation.policy population weighs population, but "Rest of Indonesia" has no population`) {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = ektp(t, "run", "example-2017", "--no-plots", "--out", out+"2")
	if code != 0 || strings.Contains(stderr, "warning") {
		t.Errorf("without allocation: exit %d, stderr %q", code, stderr)
	}
}
