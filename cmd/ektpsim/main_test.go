package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"github.com/ektpsim/ektpsim/sim/runner"
	"gopkg.in/yaml.v3"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// ektp runs the command in-process and returns its exit status and output.
func ektp(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := ektpsim(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// example is the small example scenario most tests run.
const example = "../../scenarios/example-2017.yaml"

// The README's first command: `go run ./cmd/ektpsim run` in a fresh
// checkout writes results/<scenario name>/ with the three files.
func TestRunDefaultScenario(t *testing.T) {
	t.Chdir(t.TempDir())
	code, out, errs := ektp(t, "run")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	dir := filepath.Join("results", "national-2016-2018")
	for _, f := range []string{"scenario.yaml", "daily.csv", "summary.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("missing %s: %v", f, err)
		}
	}
	if !strings.Contains(out, "wrote results/national-2016-2018/") {
		t.Errorf("output does not say where it wrote: %q", out)
	}
	header := strings.SplitN(string(read(t, filepath.Join(dir, "daily.csv"))), "\n", 2)[0]
	want := "date,region,recorded,unsent,awaiting_intake,duplicates_pending,print_ready,printed,printed_cum,blanks,ribbon_cards,renewals_cum,print_hours,lost_hours"
	if !strings.HasPrefix(header, want) {
		t.Errorf("daily.csv header %q does not start with the columns of CLI.md", header)
	}
	var sum map[string]any
	if err := json.Unmarshal(read(t, filepath.Join(dir, "summary.json")), &sum); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"scenario", "seed", "replications", "start", "end", "printed_total", "backlog_end",
		"peak_backlog", "peak_backlog_date", "blanks_stockout_days", "mean_wait_days", "p95_wait_days", "clear_date", "regions"} {
		if _, ok := sum[k]; !ok {
			t.Errorf("summary.json lacks %q", k)
		}
	}
	// Leftovers of the atomic write would show as hidden folders.
	entries, _ := os.ReadDir("results")
	if len(entries) != 1 {
		t.Errorf("results/ holds %d entries, want just the result", len(entries))
	}
}

// Same scenario and seed give the same bytes; the number of workers does
// not change them; and the resolved scenario.yaml re-runs to the same
// daily.csv.
func TestDeterminism(t *testing.T) {
	dir := t.TempDir()
	outs := map[string][]string{
		"a":  {"run", example, "--out", filepath.Join(dir, "a"), "--replications", "4", "--workers", "1"},
		"b":  {"run", example, "--out", filepath.Join(dir, "b"), "--replications", "4", "--workers", "2"},
		"c":  {"run", example, "--out", filepath.Join(dir, "c"), "--replications", "4", "--workers", "8"},
		"re": {"run", filepath.Join(dir, "a", "scenario.yaml"), "--out", filepath.Join(dir, "re")},
	}
	for _, name := range []string{"a", "b", "c", "re"} {
		if code, _, errs := ektp(t, outs[name]...); code != 0 {
			t.Fatalf("%s: exit %d: %s", name, code, errs)
		}
	}
	for _, f := range []string{"daily.csv", "summary.json", "scenario.yaml"} {
		a := read(t, filepath.Join(dir, "a", f))
		for _, other := range []string{"b", "c", "re"} {
			if !bytes.Equal(a, read(t, filepath.Join(dir, other, f))) {
				t.Errorf("%s differs between runs a and %s", f, other)
			}
		}
	}
}

func TestSummaryGolden(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := ektp(t, "run", example, "--out", dir+"/r", "--replications", "3", "--set", "end=2017-06-30", "--set", "name=example-2017"); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	got := read(t, filepath.Join(dir, "r", "summary.json"))
	golden := filepath.Join("testdata", "example-2017-h1.summary.json")
	if *update {
		os.WriteFile(golden, got, 0o644)
	}
	if want := read(t, golden); !bytes.Equal(got, want) {
		t.Errorf("summary.json differs from %s (run go test ./cmd/ektpsim -update after checking the change)", golden)
	}
}

func TestSetOverrides(t *testing.T) {
	dir := t.TempDir()
	code, _, errs := ektp(t, "run", example, "--out", dir+"/r", "--set", "end=2017-03-31",
		"--set", "regions[name=Kota Binjai].blanks.stock=12345", "--set", "central.intake_per_day=100000")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	resolved := string(read(t, dir+"/r/scenario.yaml"))
	for _, want := range []string{"end: \"2017-03-31\"", "stock: 12345", "intake_per_day: 100000"} {
		if !strings.Contains(resolved, want) {
			t.Errorf("resolved scenario lacks %q", want)
		}
	}
	first := strings.Split(string(read(t, dir+"/r/daily.csv")), "\n")
	for _, line := range first {
		if strings.HasPrefix(line, "2017-01-02,Kota Binjai,") {
			// 12,345 at the start less the day's 150 cards (one printer at 150 a day).
			if f := strings.Split(line, ","); f[9] != "12195" {
				t.Errorf("Binjai blanks at the end of day 1 = %s, want 12195", f[9])
			}
		}
	}
	code, _, errs = ektp(t, "run", example, "--out", dir+"/bad", "--set", "regions[name=Kota Binjaj].blanks.stock=1")
	if code != 1 || !strings.Contains(errs, `did you mean "Kota Binjai"`) {
		t.Errorf("bad --set: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(dir + "/bad"); err == nil {
		t.Error("a failed run left an output folder")
	}
}

func TestOutputFolderSafety(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "thesis")
	os.MkdirAll(mine, 0o755)
	os.WriteFile(filepath.Join(mine, "chapter1.tex"), []byte("precious"), 0o644)
	code, _, errs := ektp(t, "run", example, "--out", mine, "--set", "end=2017-01-31")
	if code != 1 || !strings.Contains(errs, "not an ektpsim result") {
		t.Errorf("writing over a foreign folder: exit %d, %q", code, errs)
	}
	if string(read(t, filepath.Join(mine, "chapter1.tex"))) != "precious" {
		t.Error("a foreign folder was touched")
	}
	// A previous result of the same scenario is replaced whole; one of a
	// different resolved scenario is left alone (it needs --force).
	res := filepath.Join(dir, "res")
	for _, end := range []string{"2017-02-28", "2017-02-28"} {
		if code, _, errs := ektp(t, "run", example, "--out", res, "--set", "end="+end); code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
	}
	if code, _, errs := ektp(t, "run", example, "--out", res, "--set", "end=2017-01-31"); code != 1 || !strings.Contains(errs, "--force") {
		t.Errorf("replacing a result of another scenario: exit %d, %q", code, errs)
	}
	if !strings.Contains(string(read(t, filepath.Join(res, "summary.json"))), `"end": "2017-02-28"`) {
		t.Error("the previous result was not kept")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("%d entries beside the results, want 2 (no temporary leftovers)", len(entries))
	}
}

func TestValidate(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte(`start: 2017-01-02
end: 2016-12-31
central: {intake_per_dya: 5}
regions:
  - name: A
    sites: [{name: s, printers: -2, cards_per_printer_per_day: 100}]
`), 0o644)
	code, _, errs := ektp(t, "validate", bad)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{
		bad + ":2:6: end: 2016-12-31 is before start 2017-01-02",
		bad + `:3:11: central.intake_per_dya: unknown key "intake_per_dya"; did you mean "intake_per_day"?`,
		bad + ":6:33: regions[0].sites[0].printers: -2 is negative; it counts printers, 0 or more",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("validate output lacks\n  %s\ngot:\n%s", want, errs)
		}
	}
	if code, out, _ := ektp(t, "validate", "../../scenarios/example-2017.yaml"); code != 0 || !strings.Contains(out, "ok") {
		t.Errorf("example does not validate: %d %s", code, out)
	}
	if code, _, _ := ektp(t, "frobnicate"); code != 2 {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
	if code, _, _ := ektp(t, "run", "--no-such-flag"); code != 2 {
		t.Errorf("unknown flag: exit %d, want 2", code)
	}
}

// An interrupted run (Ctrl-C cancels the context) writes nothing and says so.
func TestInterruptedRunLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	code := ektpsim(ctx, []string{"run", example, "--out", filepath.Join(dir, "r"), "--replications", "3"}, &out, &errb)
	if code != 130 || errb.String() != "ektpsim run: interrupted; nothing was written\n" {
		t.Errorf("exit %d, %q", code, errb.String())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left %d entries behind", len(entries))
	}
}

// A shipped scenario runs by name from any folder, and the run says its
// figures with thousands separators.
func TestRunShippedByName(t *testing.T) {
	t.Chdir(t.TempDir())
	code, out, errs := ektp(t, "run", "palembang-2017", "--out", "p")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "palembang-2017: 325 day(s), 2 region(s)") || !regexp.MustCompile(`printed \d{1,3}(,\d{3})+ cards`).MatchString(out) {
		t.Errorf("output %q", out)
	}
	if code, _, errs := ektp(t, "run", "no-such-scenario"); code != 1 || !strings.Contains(errs, "no-such-scenario") {
		t.Errorf("unknown scenario: exit %d, %q", code, errs)
	}
}

// plot, compare and report work end to end on finished runs, and refuse
// folders that are not results.
func TestPlotCompareReport(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, args := range [][]string{
		{"run", "example-2017", "--out", "a", "--set", "end=2017-03-31", "--set", "name=example-2017", "--no-plots"},
		{"run", "example-2017", "--out", "b", "--set", "end=2017-03-31", "--set", "central.intake_per_day=100000", "--set", "name=double-intake"},
	} {
		if code, _, errs := ektp(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
	}
	if _, err := os.Stat("a/plots"); err == nil {
		t.Error("--no-plots drew plots")
	}
	if _, err := os.Stat("b/plots/backlog.png"); err != nil {
		t.Error("run drew no backlog chart")
	}
	code, out, errs := ektp(t, "plot", "a")
	if code != 0 || !strings.Contains(out, "drew 5 charts in a/plots") {
		t.Errorf("plot: exit %d, %q %q", code, out, errs)
	}
	for _, f := range []string{"backlog", "printing", "lost_hours", "stocks", "regions"} {
		for _, ext := range []string{".png", ".svg"} {
			if _, err := os.Stat("a/plots/" + f + ext); err != nil {
				t.Errorf("plot: %v", err)
			}
		}
	}
	code, out, errs = ektp(t, "compare", "a", "b", "--out", "cmp")
	if code != 0 || !strings.Contains(out, "wrote cmp/") {
		t.Fatalf("compare: exit %d, %q %q", code, out, errs)
	}
	csv := string(read(t, "cmp/compare.csv"))
	if !strings.HasPrefix(csv, "figure,example-2017,double-intake,double-intake minus example-2017\nprinted_total,") {
		t.Errorf("compare.csv:\n%s", csv)
	}
	code, out, _ = ektp(t, "report", "a", "b", "--out", "brief.html")
	if code != 0 || !strings.Contains(out, "wrote brief.html") {
		t.Errorf("report: exit %d, %q", code, out)
	}
	html := string(read(t, "brief.html"))
	for _, want := range []string{"<h2>How the runs differ</h2>", "Compared with example-2017, double-intake prints", "data:image/png;base64,"} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	os.Mkdir("notes", 0o755)
	if code, _, errs := ektp(t, "plot", "notes"); code != 1 || !strings.Contains(errs, "notes is not an ektpsim result folder") {
		t.Errorf("plot of a foreign folder: exit %d, %q", code, errs)
	}
	if code, _, _ := ektp(t, "compare", "a"); code != 2 {
		t.Errorf("compare of one run: exit %d, want 2", code)
	}
}

// Shards 1/3, 2/3 and 3/3 merged give the files of the run without shards,
// byte for byte (charts included); merge refuses shards of another seed,
// a shard twice, a missing shard or one cut short.
func TestShardsMergeToTheSameBytes(t *testing.T) {
	t.Chdir(t.TempDir())
	common := []string{"example-2017", "--set", "end=2017-04-30", "--replications", "5"}
	run := func(args ...string) {
		t.Helper()
		if code, _, errs := ektp(t, append(append([]string{"run"}, common...), args...)...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
	}
	run("--out", "whole")
	for i := 1; i <= 3; i++ {
		run("--out", fmt.Sprintf("s%d", i), "--shard", fmt.Sprintf("%d/3", i), "--workers", fmt.Sprint(i))
	}
	run("--out", "other-seed", "--shard", "2/3", "--seed", "99")
	// A shard whose results were cut short, as by a full disk.
	run("--out", "cut", "--shard", "2/3")
	gob := read(t, "cut/shard.gob")
	if err := os.WriteFile("cut/shard.gob", gob[:len(gob)*2/3], 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := ektp(t, "merge", "s3", "s1", "s2", "--out", "merged"); code != 0 || !strings.Contains(out, "merged 3 shard(s) into merged/") {
		t.Fatalf("merge: exit %d, %q %q", code, out, errs)
	}
	var files []string
	filepath.WalkDir("whole", func(p string, d os.DirEntry, err error) error {
		if !d.IsDir() {
			files = append(files, strings.TrimPrefix(p, "whole/"))
		}
		return nil
	})
	if len(files) < 10 {
		t.Fatalf("the whole run wrote only %v", files)
	}
	for _, f := range files {
		if !bytes.Equal(read(t, "whole/"+f), read(t, "merged/"+f)) {
			t.Errorf("%s differs between the run and the merged shards", f)
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"s1", "other-seed", "s3"}, "shards of different runs"},
		{[]string{"s1", "s1", "s2", "s3"}, "given twice"},
		{[]string{"s1", "s3"}, "shards missing: 2/3"},
		{[]string{"whole"}, "is not a shard"},
		{[]string{"s1", "cut", "s3"}, "cut/shard.gob"},
	} {
		if code, _, errs := ektp(t, append([]string{"merge", "--out", "bad"}, c.args...)...); code != 1 || !strings.Contains(errs, c.want) {
			t.Errorf("merge %v: exit %d, %q; want %q", c.args, code, errs, c.want)
		}
	}
	if _, err := os.Stat("bad"); err == nil {
		t.Error("a refused merge left a folder")
	}
}

// The cluster examples use the command as it is: their run lines parse
// with run's flags, and the Kubernetes manifest is an Indexed Job and a
// merge Job.
func TestClusterExamples(t *testing.T) {
	sb := string(read(t, "../../deploy/slurm/ektpsim-array.sbatch"))
	line := regexp.MustCompile(`(?s)\nektpsim run (.*)$`).FindStringSubmatch(sb)
	if line == nil {
		t.Fatal("no ektpsim run line in the sbatch file")
	}
	args := strings.Fields(strings.NewReplacer("\\\n", " ", "${SLURM_ARRAY_TASK_ID}", "3", "${shards}", "20", `"`, "",
		"${SLURM_CPUS_PER_TASK}", "4").Replace(line[1]))
	var cfg runner.Config
	fs := runFlagSet(&cfg)
	pos, err := parseInterspersed(fs, args)
	if err != nil || len(pos) != 1 || cfg.Shard != "3/20" || cfg.Replications != 1000 {
		t.Errorf("sbatch run line %q: %v, %v, %+v", args, err, pos, cfg)
	}
	if _, err := runner.ParseShard(cfg.Shard, cfg.Replications); err != nil {
		t.Error(err)
	}
	if !strings.Contains(string(read(t, "../../deploy/slurm/ektpsim-merge.sbatch")), "ektpsim merge results/shards/national-*-of-20") {
		t.Error("the merge script does not merge the array's folders")
	}
	dec := yaml.NewDecoder(bytes.NewReader(read(t, "../../deploy/k8s/ektpsim-indexed-job.yaml")))
	var kinds []string
	for {
		var doc struct {
			Kind string
			Spec struct {
				CompletionMode string `yaml:"completionMode"`
				Completions    int
			}
		}
		if err := dec.Decode(&doc); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		kinds = append(kinds, doc.Kind+"/"+doc.Spec.CompletionMode+"/"+fmt.Sprint(doc.Spec.Completions))
	}
	if strings.Join(kinds, " ") != "Job/Indexed/20 Job//0" {
		t.Errorf("manifest documents: %v", kinds)
	}
}

// A sweep runs the full grid with the same seeds: 3 x 2 variants, the
// first variant's paired differences are zero, and pairing replications
// narrows the interval of a difference well below that of each mean.
func TestSweep(t *testing.T) {
	t.Chdir(t.TempDir())
	code, out, errs := ektp(t, "sweep", "example-2017", "--set", "end=2017-04-30", "--replications", "4", "--out", "sw",
		"--vary", "central.intake_per_day=25000,50000,100000", "--vary", "central.verification_delay=1d,uniform(1d, 5d)")
	if code != 0 || !strings.Contains(out, "6 variant(s) x 4 replication(s); wrote sw/") {
		t.Fatalf("exit %d: %q %q", code, out, errs)
	}
	rows, err := csv.NewReader(bytes.NewReader(read(t, "sw/sweep.csv"))).ReadAll()
	if err != nil || len(rows) != 7 {
		t.Fatalf("sweep.csv: %v, %d rows", err, len(rows))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	if rows[1][0] != "25000" || rows[1][1] != "1d" || rows[2][1] != "uniform(1d, 5d)" || rows[6][0] != "100000" {
		t.Errorf("grid order: %v", rows)
	}
	if rows[1][col["printed_total_diff"]] != "0" {
		t.Errorf("the first variant differs from itself: %s", rows[1][col["printed_total_diff"]])
	}
	f := func(r []string, k string) float64 { v, _ := strconv.ParseFloat(r[col[k]], 64); return v }
	for _, r := range rows[2:] {
		paired := f(r, "printed_total_diff_ci95_high") - f(r, "printed_total_diff_ci95_low")
		single := f(r, "printed_total_ci95_high") - f(r, "printed_total_ci95_low")
		if paired >= single {
			t.Errorf("variant %v: paired interval %.1f not narrower than the mean's %.1f", r[:2], paired, single)
		}
	}
	for _, f := range []string{"sw/sweep_central_intake_per_day.png", "sw/sweep_central_verification_delay.svg"} {
		if _, err := os.Stat(f); err != nil {
			t.Error(err)
		}
	}
	if code, _, errs := ektp(t, "sweep", "example-2017", "--vary", "central.intake_per_day=5,", "--out", "bad"); code != 2 || !strings.Contains(errs, "empty value") {
		t.Errorf("empty value: exit %d, %q", code, errs)
	}
}

// Output that cannot be written (a path through a file, a full device) is
// reported with exit status 1 and the reason, never a panic.
func TestUnwritableOutput(t *testing.T) {
	for _, out := range []string{"/dev/full/r", "/dev/null/r"} {
		code, _, errs := ektp(t, "run", "example-2017", "--set", "end=2017-01-31", "--out", out, "--no-plots")
		if code != 1 || errs == "" || strings.Contains(errs, "panic") {
			t.Errorf("--out %s: exit %d, %q", out, code, errs)
		}
	}
}

// A sweep split into shards of its variants merges into the same files as
// the whole sweep.
func TestSweepShards(t *testing.T) {
	t.Chdir(t.TempDir())
	args := []string{"sweep", "example-2017", "--set", "end=2017-03-31", "--replications", "3", "--vary", "central.intake_per_day=25000,50000,100000"}
	for _, extra := range [][]string{{"--out", "whole"}, {"--out", "a", "--shard", "1/2"}, {"--out", "b", "--shard", "2/2"}} {
		if code, _, errs := ektp(t, append(append([]string(nil), args...), extra...)...); code != 0 {
			t.Fatalf("%v: exit %d: %s", extra, code, errs)
		}
	}
	if code, out, errs := ektp(t, "merge", "b", "a", "--out", "merged"); code != 0 {
		t.Fatalf("merge: exit %d: %s %s", code, out, errs)
	}
	for _, f := range []string{"sweep.csv", "sweep_central_intake_per_day.png", "sweep_central_intake_per_day.svg"} {
		if !bytes.Equal(read(t, "whole/"+f), read(t, "merged/"+f)) {
			t.Errorf("%s differs between the sweep and its merged shards", f)
		}
	}
	if code, _, errs := ektp(t, "merge", "a", "--out", "bad"); code != 1 || !strings.Contains(errs, "shards missing: 2/2") {
		t.Errorf("merge of half a sweep: exit %d, %q", code, errs)
	}
}
