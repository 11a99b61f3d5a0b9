package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// pairedRow returns the paired difference of figure between the baseline
// and run, from an experiment's paired.csv: mean, low, high.
func pairedRow(t *testing.T, dir, figure, run string) (mean, lo, hi float64) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "paired.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		if r[0] == figure && r[1] == "baseline" && r[2] == run {
			num := func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }
			return num(r[3]), num(r[4]), num(r[5])
		}
	}
	t.Fatalf("no %s of %s in paired.csv", figure, run)
	return
}

// The two shipped experiments of the README run by name from an empty
// folder and answer their questions (with 2 replications here; the
// README's figures are of 10): blanks earlier cut the final backlog, the
// paired interval below zero; kecamatan printing in the 20 worst regions
// helps them and costs the other 494, the two sides adding up to the
// nation's change.
func TestShippedExperiments(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the national scenario six times")
	}
	t.Chdir(t.TempDir())
	code, out, errs := ektp(t, "experiment", "blanks-earlier", "--replications", "2", "--no-plots")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	dir := "results/experiment-blanks-earlier"
	if !strings.HasPrefix(out, "experiment blanks-earlier: baseline and 2 variant(s) of national-2016-2018, 2 replication(s) each, seed 2016") ||
		!strings.Contains(out, "wrote "+dir+"/ (baseline/, blanks-90d-earlier/, blanks-45d-earlier/, compare.csv, experiment.yaml, paired.csv, plots/, regions-compare.csv, report.html)") {
		t.Errorf("stdout:\n%s", out)
	}
	for _, run := range []string{"blanks-90d-earlier", "blanks-45d-earlier"} {
		if m, _, hi := pairedRow(t, dir, "backlog_end", run); !(m < 0 && hi < 0) {
			t.Errorf("%s: backlog_end changes by %v (up to %v); earlier blanks should cut it", run, m, hi)
		}
	}
	m90, _, _ := pairedRow(t, dir, "mean_wait_days", "blanks-90d-earlier")
	m45, _, _ := pairedRow(t, dir, "mean_wait_days", "blanks-45d-earlier")
	if !(m90 < m45 && m45 < 0) {
		t.Errorf("mean wait changes by %v (90 days earlier) and %v (45 days): want both shorter, 90 days more so", m90, m45)
	}
	sc := string(read(t, filepath.Join(dir, "blanks-90d-earlier", "scenario.yaml")))
	if !strings.Contains(sc, "- date: \"2016-01-04\"\n        amount: 4000000\n      - date: \"2016-07-05\"") {
		t.Errorf("the 90-day variant's deliveries are not the national ones moved 90 days (the first on the start)")
	}

	code, out, errs = ektp(t, "experiment", "district-printing-worst-20", "--replications", "2", "--no-plots", "--workers", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	dir = "results/experiment-district-printing-worst-20"
	m := regexp.MustCompile(`district-printing-top-20, backlog_end: the 20 selected region\(s\) (-[\d,]+), the other 494 \+([\d,]+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no split of the top 20 from the others:\n%s", out)
	}
	num := func(s string) float64 { v, _ := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64); return v }
	nation, lo, hi := pairedRow(t, dir, "backlog_end", "district-printing-top-20")
	if d := num(m[1]) + num(m[2]) - nation; d > 2 || d < -2 || hi >= 0 || lo > nation {
		t.Errorf("the 20 (%s) and the others (+%s) do not add up to the nation's paired change %v (%v to %v)", m[1], m[2], nation, lo, hi)
	}
	count := func(run string) int {
		return strings.Count(string(read(t, filepath.Join(dir, run, "scenario.yaml"))), "name: kecamatan offices")
	}
	if got := count("district-printing-top-20") - count("baseline"); got != 20 { // Palembang has them already
		t.Errorf("%d regions got kecamatan offices, want 20", got)
	}
}
