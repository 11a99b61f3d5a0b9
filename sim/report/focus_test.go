package report_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ektpsim/ektpsim/sim/chart"
	"github.com/ektpsim/ektpsim/sim/report"
	"github.com/ektpsim/ektpsim/sim/results"
	"github.com/ektpsim/ektpsim/sim/runner"
)

// A briefing with a focus leads with it: the first findings are the focus
// region's, the nation's are folded below as context, and so are the
// nation's rows of the key table.
func TestBriefingLeadsWithFocus(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "r")
	cfg := runner.Config{Scenario: "example-2017", Set: []string{"end=2017-06-30"}, Out: out, NoPlots: true, Regions: []string{"Kota Kupang"}}
	if _, err := runner.Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	r, err := chart.ReadRun(out, chart.Keep)
	if err != nil {
		t.Fatal(err)
	}
	got := report.Findings(r)
	if len(got) < 3 || !strings.HasPrefix(got[0], "In Kota Kupang the backlog peaks at ") || !strings.Contains(strings.Join(got, "\n"), "The national backlog") {
		t.Errorf("findings:\n%s", strings.Join(got, "\n"))
	}
	file, err := runner.Report(context.Background(), []string{out}, "")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(file)
	html := string(data)
	nation := strings.Index(html, `<details class="nation"><summary>The nation, for context`)
	if nation < 0 || strings.Index(html, "The national backlog") < nation || strings.Index(html, "In Kota Kupang the backlog") > nation {
		t.Error("the nation's findings are not folded after Kota Kupang's")
	}
	key := strings.Index(html, `<details class="nation"><summary>The nation's figures, for context`)
	if key < 0 || strings.Index(html, "<td>Kota Kupang: cards printed</td>") > key || !strings.Contains(html[key:], "<td>nation: cards printed</td>") {
		t.Error("the key table does not lead with Kota Kupang and fold the nation's rows")
	}
}

// The briefing of two runs says who gains and who loses on the end
// backlog: each side's count and sum, adding up to the nation's
// difference, and the regions listed on each side moved that way.
func TestBriefingWhoGains(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	a := runner.Config{Scenario: "example-2017", Out: filepath.Join(dir, "a"), NoPlots: true}
	b := a
	b.Out, b.Set = filepath.Join(dir, "b"), []string{"central.intake_per_day=120000"}
	runs := runBoth(t, a, b)
	g := report.WhoGains(runs[0], runs[1], results.BacklogEnd, 10)
	if g == nil {
		t.Fatal("no gains or losses")
	}
	_, _, bs, ws := results.GainsAndLosses(results.RegionDifferences(runs[0], runs[1], results.BacklogEnd))
	na, _ := runs[0].Summary.Number("", results.BacklogEnd)
	nb, _ := runs[1].Summary.Number("", results.BacklogEnd)
	if bs+ws != nb-na {
		t.Errorf("sides %v + %v, the nation's difference %v", bs, ws, nb-na)
	}
	f, _ := results.FigureByKey(results.BacklogEnd)
	for _, want := range []string{
		fmt.Sprintf("better off, their backlog at the end down by %s in all", f.Text(math.Abs(bs))),
		fmt.Sprintf("worse off, up by %s in all", f.Text(ws)),
		fmt.Sprintf("Together that is %+d, the nation's difference (%s against %s).", int64(nb-na), f.Text(nb), f.Text(na)),
	} {
		if !strings.Contains(g.Sentence, want) {
			t.Errorf("%q lacks %q", g.Sentence, want)
		}
	}
	for _, r := range g.Better.Rows {
		if !strings.HasPrefix(r.Cells[2], "-") {
			t.Errorf("better off %s by %s", r.Label, r.Cells[2])
		}
	}
	for _, r := range g.Worse.Rows {
		if !strings.HasPrefix(r.Cells[2], "+") {
			t.Errorf("worse off %s by %s", r.Label, r.Cells[2])
		}
	}
	// Listing no region, every one is counted in a sentence.
	better, worse, _, _ := results.GainsAndLosses(results.RegionDifferences(runs[0], runs[1], results.BacklogEnd))
	one := report.WhoGains(runs[0], runs[1], results.BacklogEnd, 0)
	var more []string
	for _, side := range []struct {
		n    int
		word string
	}{{len(better), "better"}, {len(worse), "worse"}} {
		switch {
		case side.n == 1:
			more = append(more, "1 more region is "+side.word+" off")
		case side.n > 1:
			more = append(more, fmt.Sprintf("%d more regions are %s off", side.n, side.word))
		}
	}
	if len(more) == 0 {
		t.Fatal("example-2017: no region better or worse off")
	}
	if want := "Not shown above: " + strings.Join(more, "; ") + " ("; !strings.HasPrefix(one.More, want) {
		t.Errorf("%q, want it to begin %q", one.More, want)
	}
	file, err := runner.Report(ctx, []string{a.Out, b.Out}, filepath.Join(dir, "two.html"))
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(file)
	if !strings.Contains(string(data), "<h2>Who gains and who loses: ") {
		t.Error("the briefing has no who gains and who loses")
	}
}

// A comparison of runs with a focus leads with the focus region: its
// sentences are the region's figures (as the key table writes them, the
// paired intervals included), the nation's sentences are folded as
// context, and the region's rows of the key table carry their paired
// intervals (from regions-replications.csv).
func TestComparisonLeadsWithFocus(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	a := runner.Config{Scenario: "binjai-2017", Replications: 3, Out: filepath.Join(dir, "a"), NoPlots: true}
	b := a
	b.Out, b.Set = filepath.Join(dir, "b"), []string{"regions[name=Kota Binjai].blanks.stock=4000"}
	runs := runBoth(t, a, b)
	lead, nation := report.Differences(runs)
	ps := results.RegionPairedDifferences(runs[0], runs[1], "Kota Binjai")
	var wait results.Paired
	for _, p := range ps {
		if p.Figure == results.MeanWait {
			wait = p
		}
	}
	if wait.N != 3 || wait.Hi >= 0 {
		t.Fatalf("Kota Binjai's paired mean wait %+v: want 3 pairs, clear below zero (4,000 blanks at the start)", wait)
	}
	wb, _ := runs[0].Summary.Number("Kota Binjai", results.MeanWait)
	wv, _ := runs[1].Summary.Number("Kota Binjai", results.MeanWait)
	if math.Abs(wait.Mean-(wv-wb)) > 0.01 { // summary.json rounds means to 3 decimals
		t.Errorf("paired mean %v, difference of the means %v", wait.Mean, wv-wb)
	}
	text := strings.Join(lead, "\n")
	want := fmt.Sprintf("mean wait (days) by %.1f (%.1f to %.1f)", wait.Mean, wait.Lo, wait.Hi)
	if len(lead) < 2 || !strings.HasPrefix(lead[0], "In Kota Binjai, compared with ") || !strings.Contains(text, "in Kota Binjai ") || !strings.Contains(text, want) {
		t.Errorf("the leading sentences are not Kota Binjai's (want %q):\n%s", want, text)
	}
	if strings.Contains(text, "with a region out of blanks") || strings.Contains(text, "7,0") {
		t.Errorf("a leading sentence uses the nation's words or figures:\n%s", text)
	}
	if len(nation) == 0 || !strings.HasPrefix(nation[0], "For the nation, compared with ") {
		t.Errorf("the nation's sentences: %q", nation)
	}
	file, err := runner.Report(ctx, []string{a.Out, b.Out}, filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(file)
	html := string(data)
	row := strings.Index(html, "<td>Kota Binjai: mean wait (days)</td>")
	if row < 0 {
		t.Fatal("no row of Kota Binjai's mean wait")
	}
	end := row + strings.Index(html[row:], "</tr>")
	if cell := fmt.Sprintf("%.1f to %.1f", wait.Lo, wait.Hi); !strings.Contains(html[row:end], cell) {
		t.Errorf("Kota Binjai's mean wait row lacks its paired interval %s: %s", cell, html[row:end])
	}
	if fold := strings.Index(html, `<details class="nation"><summary>The nation, for context`); fold < 0 || fold < strings.Index(html, "In Kota Binjai, compared with") {
		t.Error("the comparison's nation sentences are not folded after Kota Binjai's")
	}
}

// Regions of interest (an experiment's regions:) are given after the key
// table, with their paired intervals, while the nation still leads: its
// sentences and rows are not folded.
func TestBriefingRegionsOfInterest(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	a := runner.Config{Scenario: "example-2017", Set: []string{"end=2017-03-31"}, Replications: 2, Out: filepath.Join(dir, "a"), NoPlots: true}
	b := a
	b.Out, b.Set = filepath.Join(dir, "b"), []string{"end=2017-03-31", "regions[name=Kota Kupang].blanks.stock=5000"}
	for _, c := range []runner.Config{a, b} {
		if _, err := runner.Run(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	file, err := runner.ReportInterest(ctx, []string{a.Out, b.Out}, filepath.Join(dir, "r.html"), nil, []string{"Kota Kupang"})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(file)
	html := string(data)
	interest := strings.Index(html, "<h3>Regions of interest</h3>")
	row := strings.Index(html, "<td>Kota Kupang: days out of blanks</td>")
	if interest < 0 || row < interest || strings.Index(html, "<td>cards printed</td>") > interest {
		t.Fatal("no table of Kota Kupang after the key table, or the nation's rows are not first")
	}
	if strings.Contains(html, "The nation's figures, for context") || !strings.Contains(html, "<li>Compared with ") {
		t.Error("the nation does not lead")
	}
	end := row + strings.Index(html[row:], "</tr>")
	if cells := strings.Count(html[row:end], "<td"); cells != 5 || strings.Contains(html[row:end], `"></td>`) {
		t.Errorf("Kota Kupang's row: %s", html[row:end])
	}
}

// runBoth runs a and b and reads their results back.
func runBoth(t *testing.T, cfgs ...runner.Config) []*chart.Run {
	t.Helper()
	var runs []*chart.Run
	for _, c := range cfgs {
		if _, err := runner.Run(context.Background(), c); err != nil {
			t.Fatal(err)
		}
		r, err := chart.ReadRun(c.Out, chart.Keep)
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, r)
	}
	return runs
}

// A comparison is about the first run's focus whatever the others' own:
// its region's figures are read from every run's summary. When no other
// run has the region, the nation's sentences lead, unfolded.
func TestComparisonFocusOfTheFirstRun(t *testing.T) {
	dir := t.TempDir()
	a := runner.Config{Scenario: "example-2017", Set: []string{"end=2017-03-31"}, Replications: 2, Out: filepath.Join(dir, "a"), NoPlots: true, Regions: []string{"Kota Binjai"}}
	b := a
	b.Out, b.Regions = filepath.Join(dir, "b"), []string{"Kota Kupang"}
	b.Set = append(b.Set, "central.intake_per_day=100000")
	c := runner.Config{Scenario: "kupang-2018", Set: []string{"end=2018-06-30"}, Replications: 2, Out: filepath.Join(dir, "c"), NoPlots: true}
	runs := runBoth(t, a, b, c)
	lead, _ := report.Differences(runs[:2])
	if len(lead) == 0 || !strings.HasPrefix(lead[0], "In Kota Binjai, compared with ") {
		t.Errorf("a run focused on Kota Kupang against one on Kota Binjai: %q", lead)
	}
	other := []*chart.Run{runs[0], runs[2]} // kupang-2018 has no Kota Binjai
	lead, nation := report.Differences(other)
	if len(lead) == 0 || !strings.HasPrefix(lead[0], "Compared with ") && !strings.HasPrefix(lead[0], "For the nation") || len(nation) != 0 {
		t.Errorf("no run but the first has Kota Binjai: lead %q, folded %q", lead, nation)
	}
}
