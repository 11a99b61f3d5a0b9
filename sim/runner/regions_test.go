package runner

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ektpsim/ektpsim/sim/chart"
	schema "github.com/ektpsim/ektpsim/sim/results"
)

// readTable reads a CSV file into its header and rows keyed by the first
// column.
func readTable(t *testing.T, file string) ([]string, map[string]map[string]string, [][]string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]map[string]string{}
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, c := range rows[0] {
			m[c] = r[i]
		}
		by[r[0]] = m
	}
	return rows[0], by, rows[1:]
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return v
}

// regions.csv: the spec's first columns, then every region figure of the
// schema; Kota Binjai's row checked by hand against data/regions.csv (BPS
// code 12.75, Sumatera Utara, 270,926 people in 2017) and against its own
// daily.csv rows (cards printed add up the days; the backlog at the end is
// the last day's waiting stages); a region data/regions.csv does not
// list has no code, province or population.
func TestRegionsCSVRow(t *testing.T) {
	out := filepath.Join(t.TempDir(), "b")
	if _, err := Run(context.Background(), Config{Scenario: "binjai-2017", Out: out, NoPlots: true}); err != nil {
		t.Fatal(err)
	}
	head, by, rows := readTable(t, filepath.Join(out, "regions.csv"))
	if !slices.Equal(head[:4], []string{"region", "code", "province", "population"}) || !slices.Equal(head, schema.RegionsColumns(1)) {
		t.Fatalf("columns %v", head)
	}
	for _, f := range schema.Figures() {
		if has := slices.Contains(head, f.Key); has == (f.NationOnly || f.Detail) {
			t.Errorf("figure %s in the columns: %v", f.Key, has)
		}
	}
	if len(rows) != 2 || rows[0][0] != "Kota Binjai" || rows[1][0] != "Rest of Indonesia" {
		t.Fatalf("rows %v", rows)
	}
	b := by["Kota Binjai"]
	if b["code"] != "12.75" || b["province"] != "Sumatera Utara" || b["population"] != "270926" {
		t.Errorf("Kota Binjai's place: %s, %s, %s", b["code"], b["province"], b["population"])
	}
	if r := by["Rest of Indonesia"]; r["code"] != "" || r["province"] != "" || r["population"] != "" {
		t.Errorf("Rest of Indonesia has a place: %v", r)
	}
	_, _, daily := readTable(t, filepath.Join(out, "daily.csv"))
	dh, _, _ := readTable(t, filepath.Join(out, "daily.csv"))
	col := func(name string) int { return slices.Index(dh, name) }
	var printed float64
	var last []string
	for _, d := range daily {
		if d[1] == "Kota Binjai" {
			printed += num(t, d[col("printed")])
			last = d
		}
	}
	backlog := 0.0
	for _, c := range []string{"unsent", "awaiting_intake", "duplicates_pending", "in_verification", "print_ready"} {
		backlog += num(t, last[col(c)])
	}
	if num(t, b["printed_total"]) != printed || printed == 0 {
		t.Errorf("printed_total %s, the days add up to %v", b["printed_total"], printed)
	}
	if num(t, b["backlog_end"]) != backlog || backlog == 0 {
		t.Errorf("backlog_end %s, the last day waits %v", b["backlog_end"], backlog)
	}
	if b["peak_backlog_date"] == "" || b["clear_date"] != "" {
		t.Errorf("dates: peak %q, clear %q", b["peak_backlog_date"], b["clear_date"])
	}
}

// With replications each figure has its twins, the mean lies between the
// 5th and 95th percentiles and inside its 95% interval; regions.csv and
// regions-replications.csv of a merge of shards are the run's bytes, and
// the mean of a region's replications is regions.csv's mean.
func TestRegionsCSVReplicationsAndMerge(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	whole := smallRun(filepath.Join(dir, "whole"), 4)
	if _, err := Run(ctx, whole); err != nil {
		t.Fatal(err)
	}
	var parts []string
	for i := 1; i <= 2; i++ {
		c := whole
		c.Shard, c.Out = strconv.Itoa(i)+"/2", filepath.Join(dir, "s"+strconv.Itoa(i))
		if _, err := Run(ctx, c); err != nil {
			t.Fatal(err)
		}
		parts = append(parts, c.Out)
	}
	merged := filepath.Join(dir, "merged")
	if _, _, err := Merge(ctx, parts, merged, true, false); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"regions.csv", schema.RegionReplicationsFile} {
		a, _ := os.ReadFile(filepath.Join(whole.Out, f))
		b, _ := os.ReadFile(filepath.Join(merged, f))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s: the merge differs from the run (%d and %d bytes)", f, len(a), len(b))
		}
	}
	head, by, rows := readTable(t, filepath.Join(whole.Out, "regions.csv"))
	if !slices.Equal(head, schema.RegionsColumns(4)) || !slices.Contains(head, "backlog_end_ci95_high") || !slices.Contains(head, "clear_share") {
		t.Fatalf("columns %v", head)
	}
	rh, _, reps := readTable(t, filepath.Join(whole.Out, schema.RegionReplicationsFile))
	for _, r := range rows {
		m := by[r[0]]
		for _, f := range []string{"printed_total", "backlog_end", "mean_wait_days"} {
			if m[f] == "" {
				continue // no card printed: no wait
			}
			mean, lo, hi := num(t, m[f]), num(t, m[f+"_p05"]), num(t, m[f+"_p95"])
			clo, chi := num(t, m[f+"_ci95_low"]), num(t, m[f+"_ci95_high"])
			if lo > mean || mean > hi || clo > mean || mean > chi {
				t.Errorf("%s %s: mean %v, 5-95%% %v-%v, interval %v-%v", r[0], f, mean, lo, hi, clo, chi)
			}
			var sum float64
			n := 0
			for _, x := range reps {
				if x[1] == r[0] {
					sum += num(t, x[slices.Index(rh, f)])
					n++
				}
			}
			if n != 4 || math.Abs(sum/4-mean) > 0.001 {
				t.Errorf("%s %s: %d replications averaging %v, regions.csv %v", r[0], f, n, sum/4, mean)
			}
		}
	}
}

// regions-compare.csv: each region's difference of a count, added up over
// the regions, is the nation's difference; the briefing's two sides add
// up to it too; with paired replications each difference has its
// interval, which holds the difference.
func TestRegionsCompareSums(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	a, b, _ := runPair(t, Config{Scenario: "example-2017", Replications: 3, Out: filepath.Join(dir, "a"), NoPlots: true}, "central.intake_per_day=120000")
	out, _, err := Compare(ctx, []string{a.Out, b.Out}, filepath.Join(dir, "cmp"), false)
	if err != nil {
		t.Fatal(err)
	}
	head, _, rows := readTable(t, filepath.Join(out, "regions-compare.csv"))
	runs := make([]*schema.Run, 2)
	for i, d := range []string{a.Out, b.Out} {
		if runs[i], err = schema.ReadRun(d, nil); err != nil {
			t.Fatal(err)
		}
	}
	if len(rows) != len(runs[0].Scenario.Regions) {
		t.Fatalf("%d rows for %d regions", len(rows), len(runs[0].Scenario.Regions))
	}
	for _, key := range []string{"printed_total", "backlog_end"} {
		d := key + ":" + runs[1].Name + " minus " + runs[0].Name
		i, lo, hi := slices.Index(head, d), slices.Index(head, d+" ci95_low"), slices.Index(head, d+" ci95_high")
		if i < 0 || lo < 0 || hi < 0 {
			t.Fatalf("no %q with its paired interval in %v", d, head)
		}
		var sum float64
		for _, r := range rows {
			x := num(t, r[i])
			sum += x
			if num(t, r[lo]) > x || x > num(t, r[hi]) {
				t.Errorf("%s %s: difference %v outside its paired interval %s to %s", r[0], key, x, r[lo], r[hi])
			}
		}
		na, _ := runs[0].Summary.Number("", key)
		nb, _ := runs[1].Summary.Number("", key)
		if math.Abs(sum-(nb-na)) > 0.01 {
			t.Errorf("%s: the regions' differences add up to %v, the nation's is %v", key, sum, nb-na)
		}
		better, worse, bs, ws := schema.GainsAndLosses(schema.RegionDifferences(runs[0], runs[1], key))
		if math.Abs(bs+ws-(nb-na)) > 0.01 {
			t.Errorf("%s: better off %v + worse off %v, the nation's %v", key, bs, ws, nb-na)
		}
		for _, g := range better {
			if g.Diff >= 0 {
				t.Errorf("%s better off by %v", g.Region, g.Diff)
			}
		}
		for _, g := range worse {
			if g.Diff <= 0 {
				t.Errorf("%s worse off by %v", g.Region, g.Diff)
			}
		}
		if key == "backlog_end" && (len(better) == 0 || len(worse) == 0) {
			t.Errorf("doubled intake: %d regions better off, %d worse off; the test wants both sides", len(better), len(worse))
		}
	}
}

// A sweep of a city's own setting reports the city's figures: its
// REGION:figure columns are what a run of each value says of the city
// (summary.json), and the city's blanks at the start change its rows.
func TestSweepRegionFigures(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	key := "regions[name=Kota Binjai].blanks.stock"
	values := []string{"0", "1000", "2000"}
	cfg := SweepConfig{Config: Config{Scenario: "binjai-2017", Out: filepath.Join(dir, "sweep"), NoPlots: true},
		Vary: []Vary{{Key: key, Values: values}}}
	out, _, err := Sweep(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	head, _, rows := readTable(t, filepath.Join(out, "sweep.csv"))
	seen := map[string]bool{}
	for i, v := range values {
		run := Config{Scenario: "binjai-2017", Set: []string{key + "=" + v}, Out: filepath.Join(dir, "run"+v), NoPlots: true}
		o, err := Run(ctx, run)
		if err != nil {
			t.Fatal(err)
		}
		var region []string
		for _, f := range []string{"backlog_end", "peak_backlog", "blanks_stockout_days", "mean_wait_days"} {
			want, _ := o.Summary.Number("Kota Binjai", f)
			got := num(t, rows[i][slices.Index(head, "Kota Binjai:"+f)])
			if got != want {
				t.Errorf("stock %s: Kota Binjai:%s %v in sweep.csv, %v in the run", v, f, got, want)
			}
			region = append(region, rows[i][slices.Index(head, "Kota Binjai:"+f)])
		}
		seen[strings.Join(region, ",")] = true
	}
	if len(seen) != 3 {
		t.Errorf("%d different rows of Kota Binjai's figures for 3 stocks", len(seen))
	}
	// --figure REGION:KEY on a scenario without a focus.
	cfg = SweepConfig{Config: Config{Scenario: "example-2017", Out: filepath.Join(dir, "ex"), NoPlots: true, Set: []string{"end=2017-03-31"}},
		Vary: []Vary{{Key: "regions[name=Kota Kupang].blanks.stock", Values: []string{"0", "5000"}}}, Figure: "Kota Kupang:blanks_stockout_days"}
	if out, _, err = Sweep(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	head, _, rows = readTable(t, filepath.Join(out, "sweep.csv"))
	i := slices.Index(head, "Kota Kupang:blanks_stockout_days")
	if i < 0 || rows[0][i] == rows[1][i] {
		t.Errorf("Kota Kupang's stock-out days with 0 and 5000 blanks: %v", head)
	}
}

// --region replaces the focus without changing what a run computes or
// its name: its folder's files are the same but for scenario.yaml's
// focus line, and a re-run with another focus replaces it without
// --force.
func TestRegionFlagOnlyFocus(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	a := Config{Scenario: "binjai-2017", Out: filepath.Join(dir, "a"), NoPlots: true}
	b := a
	b.Out, b.Regions = filepath.Join(dir, "b"), []string{"Rest of Indonesia"}
	oa, err := Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	ob, err := Run(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if oa.Scenario.Name != ob.Scenario.Name || !slices.Equal(ob.Scenario.Focus, b.Regions) {
		t.Errorf("names %q and %q, focus %v", oa.Scenario.Name, ob.Scenario.Name, ob.Scenario.Focus)
	}
	for _, f := range []string{"daily.csv", "summary.json", "regions.csv"} {
		x, _ := os.ReadFile(filepath.Join(a.Out, f))
		y, _ := os.ReadFile(filepath.Join(b.Out, f))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs with another focus", f)
		}
	}
	ya, _ := os.ReadFile(filepath.Join(a.Out, "scenario.yaml"))
	yb, _ := os.ReadFile(filepath.Join(b.Out, "scenario.yaml"))
	if !bytes.Equal(bytes.Replace(ya, []byte("focus: [Kota Binjai]"), []byte("focus: [Rest of Indonesia]"), 1), yb) {
		t.Error("scenario.yaml differs by more than the focus")
	}
	b.Out = a.Out
	if _, err := Run(ctx, b); err != nil {
		t.Errorf("re-run with another focus: %v", err)
	}
	var s struct {
		Regions map[string]json.RawMessage `json:"regions"`
	}
	data, _ := os.ReadFile(filepath.Join(a.Out, "summary.json"))
	if json.Unmarshal(data, &s) != nil || len(s.Regions) != 2 {
		t.Error("summary.json lost its regions")
	}
}

// A run with a focus draws its focus region's backlog first, captioned
// with the region's own peak, then its printing.
func TestFocusBacklogChartFirst(t *testing.T) {
	out := filepath.Join(t.TempDir(), "b")
	o, err := Run(context.Background(), Config{Scenario: "binjai-2017", Out: out})
	if err != nil {
		t.Fatal(err)
	}
	peak, _ := o.Summary.Number("Kota Binjai", "peak_backlog")
	if len(o.Charts) < 2 || o.Charts[0].File != "backlog_kota_binjai" || o.Charts[1].File != "printing_kota_binjai" ||
		!strings.Contains(o.Charts[0].Caption, "peaks at "+schema.Thousands(int64(peak))+" on ") {
		t.Errorf("charts %v", o.Charts)
	}
	if _, err := os.Stat(filepath.Join(out, "plots", "phone", "backlog_kota_binjai.png")); err != nil {
		t.Error(err)
	}
}

// compare with a focus (the runs' own, or --region in its place) adds the
// focus regions' figures to compare.csv and paired.csv as REGION:KEY
// rows, equal to the runs' summaries and to regions-compare.csv, and
// overlays each focus region's backlog.
func TestCompareFocus(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	a, b, sums := runPair(t, Config{Scenario: "binjai-2017", Replications: 2, Out: filepath.Join(dir, "a"), NoPlots: true}, "regions[name=Kota Binjai].blanks.stock=4000")
	for _, c := range []struct {
		regions []string
		want    string // the focus region, "" for none
	}{{nil, "Kota Binjai"}, {[]string{"Rest of Indonesia"}, "Rest of Indonesia"}} {
		out := filepath.Join(dir, "cmp"+fmt.Sprint(len(c.regions)))
		_, charts, err := Compare(ctx, []string{a.Out, b.Out}, out, false, c.regions...)
		if err != nil {
			t.Fatal(err)
		}
		head, _, rows := readTable(t, filepath.Join(out, "compare.csv"))
		var regionRows int
		for _, r := range rows {
			region, key, ok := strings.Cut(r[0], ":")
			if !ok {
				continue
			}
			regionRows++
			if region != c.want {
				t.Errorf("compare.csv has a row of %s; the focus is %s", region, c.want)
			}
			if key == "mean_wait_days" {
				oa, _ := sums[0].Number(region, key)
				ob, _ := sums[1].Number(region, key)
				if num(t, r[1]) != oa || num(t, r[2]) != ob || math.Abs(num(t, r[3])-(ob-oa)) > 1e-9 {
					t.Errorf("%s: %v in compare.csv, %v and %v in the runs", r[0], r, oa, ob)
				}
			}
		}
		if regionRows == 0 || len(head) != 4 {
			t.Errorf("compare.csv: %d rows of %s, head %v", regionRows, c.want, head)
		}
		_, _, prows := readTable(t, filepath.Join(out, "paired.csv"))
		_, _, rc := readTable(t, filepath.Join(out, "regions-compare.csv"))
		found := false
		for _, p := range prows {
			if p[0] != c.want+":backlog_end" {
				continue
			}
			found = true
			for _, r := range rc {
				if r[0] == c.want && r[len(r)-1] == "" {
					t.Errorf("regions-compare.csv has no interval for %s", c.want)
				}
			}
		}
		if !found {
			t.Errorf("paired.csv has no row %s:backlog_end", c.want)
		}
		slug := strings.ToLower(strings.ReplaceAll(c.want, " ", "_"))
		if !slices.ContainsFunc(charts, func(ch chart.Chart) bool { return ch.File == "compare_backlog_"+slug }) {
			t.Errorf("no compare_backlog_%s among %v", slug, charts)
		}
	}
}

// A re-run replaces its folder whole, but not what it would lose: a file
// ektpsim did not write there (notes at the top, hidden, or among the
// charts; a snapshot of its own making), or a snapshot changed since it
// was written (whether or not the re-run writes it again), is refused
// without Force, the folder left as it was; what ektpsim wrote into it
// (the report's briefing, snapshots, charts, a killed plot's temporary
// folder) does not stop a re-run, nor does another focus, and Force
// replaces everything.
func TestRerunKeepsWhatItDidNotWrite(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	out := filepath.Join(dir, "three")
	cfg := Config{Scenario: "binjai-2017", Replications: 2, Snapshots: []string{"2017-09-29"}, Out: out}
	if _, err := Run(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := Report(ctx, []string{out}, ""); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(out, "plots", ".plots.tmp-123"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(out, "plots", ".plots.tmp-123", "backlog.png"), []byte("half"), 0o644)
	focused := cfg
	focused.Regions = []string{"Rest of Indonesia"} // the snapshot then says focus: too
	for _, c := range []Config{cfg, focused, cfg} {
		if _, err := Run(ctx, c); err != nil {
			t.Fatalf("a re-run over its own files (briefing, killed plot, focus %v): %v", c.Regions, err)
		}
	}
	snap := filepath.Join(out, "snapshot-2017-09-29.yaml")
	without := cfg
	without.Snapshots = nil
	edit := func() error {
		f, err := os.OpenFile(snap, os.O_APPEND|os.O_WRONLY, 0)
		if err == nil {
			_, err = f.WriteString("# my edit\n")
			f.Close()
		}
		return err
	}
	for _, c := range []struct {
		what  string
		spoil func() error
		undo  string // the file to remove afterwards
		run   Config
		want  string
	}{
		{"notes", func() error { return os.WriteFile(filepath.Join(out, "NOTES.txt"), []byte("mine"), 0o644) }, "NOTES.txt", cfg, "files ektpsim did not write (NOTES.txt)"},
		{"hidden notes", func() error { return os.WriteFile(filepath.Join(out, ".mine"), []byte("mine"), 0o644) }, ".mine", cfg, "files ektpsim did not write (.mine)"},
		{"notes among the charts", func() error { return os.WriteFile(filepath.Join(out, "plots", "mine.txt"), []byte("mine"), 0o644) }, "plots/mine.txt", cfg, "files ektpsim did not write (plots/mine.txt)"},
		{"a snapshot of one's own", func() error { return os.WriteFile(filepath.Join(out, "snapshot-mine.yaml"), []byte("x"), 0o644) }, "snapshot-mine.yaml", cfg, "files ektpsim did not write (snapshot-mine.yaml)"},
		{"an edited snapshot", edit, "", cfg, "files changed since ektpsim wrote them (snapshot-2017-09-29.yaml)"},
		{"an edited snapshot, re-run without it", func() error { return nil }, "", without, "files changed since ektpsim wrote them (snapshot-2017-09-29.yaml)"},
	} {
		if err := c.spoil(); err != nil {
			t.Fatal(err)
		}
		before, _ := os.ReadFile(snap)
		_, err := Run(ctx, c.run)
		var in *InputError
		if err == nil || !errors.As(err, &in) || !strings.Contains(err.Error(), c.want) {
			t.Fatalf("%s: %v, want a refusal naming %s", c.what, err, c.want)
		}
		if after, _ := os.ReadFile(snap); !bytes.Equal(before, after) {
			t.Errorf("%s: the refused re-run changed the folder", c.what)
		}
		if c.undo != "" {
			os.Remove(filepath.Join(out, filepath.FromSlash(c.undo)))
		}
	}
	forced := cfg
	forced.Force = true
	if _, err := Run(ctx, forced); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(snap); strings.Contains(string(b), "my edit") {
		t.Error("--force kept the edited snapshot")
	}
}

// runPair runs a, then b: a with the overrides set added, into a's folder
// with "b" in place of "a"; it returns both configurations and summaries.
func runPair(t *testing.T, a Config, set ...string) (Config, Config, [2]schema.Summary) {
	t.Helper()
	b := a
	b.Out, b.Set = filepath.Join(filepath.Dir(a.Out), "b"), append(slices.Clip(a.Set), set...)
	var sums [2]schema.Summary
	for i, c := range []Config{a, b} {
		o, err := Run(context.Background(), c)
		if err != nil {
			t.Fatal(err)
		}
		sums[i] = o.Summary
	}
	return a, b, sums
}
