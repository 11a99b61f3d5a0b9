package runner

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/ektpsim/ektpsim/sim/output"
	"github.com/ektpsim/ektpsim/sim/report"
)

// inDir runs the test in a fresh working folder (results/ goes there).
func inDir(t *testing.T) string {
	dir := t.TempDir()
	t.Chdir(dir)
	return dir
}

func wantInputError(t *testing.T, err error, parts ...string) {
	t.Helper()
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("got %v, want an input error", err)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("%q does not say %q", err, p)
		}
	}
}

// A run with --set gets a name of its own, so it neither replaces the
// baseline's folder nor shares its label in compare; re-running its
// scenario.yaml gives the same bytes in the same folder; a run into a
// folder of another resolved scenario needs Force.
func TestOverridesGetOwnName(t *testing.T) {
	inDir(t)
	ctx := context.Background()
	base := Config{Scenario: "palembang-2017", NoPlots: true}
	a, err := Run(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	set := base
	set.Set = []string{"regions[0].blanks.stock=20000"}
	b, err := Run(ctx, set)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join("results", "palembang-2017+regions_0_.blanks.stock=20000"); b.Dir != want || b.Scenario.Name != filepath.Base(want) {
		t.Errorf("run with --set went to %s named %q, want %s", b.Dir, b.Scenario.Name, want)
	}
	if a.Dir == b.Dir {
		t.Fatal("the run with --set replaced the baseline")
	}
	if _, err := os.Stat(filepath.Join(a.Dir, "summary.json")); err != nil {
		t.Fatal(err)
	}
	cmp, _, err := Compare(ctx, []string{a.Dir, b.Dir}, "", false)
	if err != nil {
		t.Fatal(err)
	}
	head, _ := os.ReadFile(filepath.Join(cmp, "compare.csv"))
	if line := strings.SplitN(string(head), "\n", 2)[0]; line != "figure,palembang-2017,palembang-2017+regions_0_.blanks.stock=20000,palembang-2017+regions_0_.blanks.stock=20000 minus palembang-2017" {
		t.Errorf("compare.csv header %q", line)
	}
	// Re-running the resolved scenario reproduces the run byte for byte,
	// into the same folder, silently.
	daily1, _ := os.ReadFile(filepath.Join(b.Dir, "daily.csv"))
	yaml1, _ := os.ReadFile(filepath.Join(b.Dir, "scenario.yaml"))
	c, err := Run(ctx, Config{Scenario: filepath.Join(b.Dir, "scenario.yaml"), NoPlots: true})
	if err != nil {
		t.Fatal(err)
	}
	if c.Dir != b.Dir {
		t.Errorf("re-run went to %s, want %s", c.Dir, b.Dir)
	}
	daily2, _ := os.ReadFile(filepath.Join(b.Dir, "daily.csv"))
	yaml2, _ := os.ReadFile(filepath.Join(b.Dir, "scenario.yaml"))
	if !bytes.Equal(daily1, daily2) || !bytes.Equal(yaml1, yaml2) {
		t.Error("re-running results/<name>/scenario.yaml changed the files")
	}
	// The name does not feed the random streams: a run renamed writes the
	// same daily.csv as the baseline.
	named := base
	named.Name = "another name"
	n, err := Run(ctx, named)
	if err != nil {
		t.Fatal(err)
	}
	d1, _ := os.ReadFile(filepath.Join(a.Dir, "daily.csv"))
	d2, _ := os.ReadFile(filepath.Join(n.Dir, "daily.csv"))
	if n.Dir != filepath.Join("results", "another name") || !bytes.Equal(d1, d2) {
		t.Errorf("a renamed run (%s) differs from the baseline", n.Dir)
	}
	// Into the baseline's folder, a different scenario needs Force.
	set.Out = a.Dir
	_, err = Run(ctx, set)
	wantInputError(t, err, "results/palembang-2017 holds a run of a different scenario", "--force")
	set.Force = true
	if _, err := Run(ctx, set); err != nil {
		t.Fatal(err)
	}
	// The same resolved scenario again replaces silently.
	set.Force = false
	if _, err := Run(ctx, set); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"../x", "a/b", ".hidden", "-x", "two\nlines", "", " x", strings.Repeat("n", 97)} {
		c := base
		c.Name = bad
		if bad == "" {
			continue
		}
		_, err := Run(ctx, c)
		wantInputError(t, err, "--name")
	}
}

// A long set of overrides gives a bounded name, ending in a hash.
func TestDerivedNameBounded(t *testing.T) {
	long := []string{strings.Repeat("regions[0].x=1,", 20)}
	a := derivedName("national-2016-2018", long)
	b := derivedName("national-2016-2018", append(long, "y=2"))
	if len(a) > maxName || len(b) > maxName || a == b || a != derivedName("national-2016-2018", long) {
		t.Errorf("names %q and %q", a, b)
	}
	if CheckName(a) != nil {
		t.Errorf("derived name %q refused", a)
	}
	if got := derivedName("x", []string{"a=/etc/passwd", "b=\"q\"*"}); got != "x+a=_etc_passwd+b=_q__" {
		t.Errorf("got %q", got)
	}
}

// compare and merge never replace one of their inputs, however the path
// is written; report refuses files that are not briefings and files inside
// an input folder other than its report.html, and leaves no part file.
func TestOwnInputsRefused(t *testing.T) {
	dir := inDir(t)
	ctx := context.Background()
	a, err := Run(ctx, Config{Scenario: "palembang-2017", NoPlots: true, Out: "a"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Run(ctx, Config{Scenario: "binjai-2017", NoPlots: true, Out: "b"})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("a", "link"); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{"a", "./a", "a/", filepath.Join(dir, "a"), "link", "."} {
		_, _, err := Compare(ctx, []string{a.Dir, b.Dir}, out, false)
		wantInputError(t, err)
	}
	for _, out := range []string{"a/sub", "link/sub", filepath.Join(dir, "b", "x", "y")} {
		_, _, err := Compare(ctx, []string{a.Dir, b.Dir}, out, false)
		wantInputError(t, err, "inside its input")
	}
	// A comparison replaces itself, and another command's result or
	// another comparison only with force; a run replaces a comparison
	// only with force too.
	if _, _, err := Compare(ctx, []string{a.Dir, b.Dir}, "cmp", false); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Compare(ctx, []string{a.Dir, b.Dir}, "cmp", false); err != nil {
		t.Errorf("the same comparison again: %v", err)
	}
	_, _, err = Compare(ctx, []string{b.Dir, a.Dir}, "cmp", false)
	wantInputError(t, err, "holds a result other than this comparison's")
	if _, err := Run(ctx, Config{Scenario: "binjai-2017", NoPlots: true, Out: "cmp"}); err == nil || !strings.Contains(err.Error(), "holds the result of ektpsim compare") {
		t.Errorf("a run over a comparison: %v", err)
	}
	if _, _, err := Compare(ctx, []string{b.Dir, a.Dir}, "cmp", true); err != nil {
		t.Errorf("compare --force: %v", err)
	}
	if _, _, err := Compare(ctx, []string{b.Dir, a.Dir}, "b", false); err == nil || !strings.Contains(err.Error(), "its own input") {
		t.Errorf("compare over an input: %v", err)
	}
	// Nothing is written inside a result, which its next run replaces
	// whole.
	for _, out := range []string{"a/nested", "a/x/y"} {
		_, err := Run(ctx, Config{Scenario: "binjai-2017", NoPlots: true, Out: out})
		wantInputError(t, err, "inside the ektpsim result a")
	}
	s1, err := Run(ctx, Config{Scenario: "palembang-2017", NoPlots: true, Replications: 2, Shard: "1/2", Out: "s1"})
	if err != nil {
		t.Fatal(err)
	}
	s2, err := Run(ctx, Config{Scenario: "palembang-2017", NoPlots: true, Replications: 2, Shard: "2/2", Out: "s2"})
	if err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{"s1", "./s2/"} {
		_, _, err := Merge(ctx, []string{s1.Dir, s2.Dir}, out, true, false)
		wantInputError(t, err, "its own input")
	}
	// A merge onto another scenario's result is refused, and leaves it
	// as it was; --force replaces it.
	before, _ := os.ReadFile(filepath.Join("b", "summary.json"))
	_, _, err = Merge(ctx, []string{s1.Dir, s2.Dir}, "b", true, false)
	wantInputError(t, err, "holds a result of a different scenario")
	if after, _ := os.ReadFile(filepath.Join("b", "summary.json")); !bytes.Equal(after, before) {
		t.Error("a refused merge changed b")
	}
	if _, _, err := Merge(ctx, []string{s1.Dir, s2.Dir}, "b", true, true); err != nil {
		t.Errorf("merge --force: %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join("b", "scenario.yaml")); !bytes.Contains(got, []byte("Kota Palembang")) {
		t.Error("merge --force did not replace b")
	}
	// A merge of the shards again into its own result replaces it.
	if _, _, err := Merge(ctx, []string{s1.Dir, s2.Dir}, "b", true, false); err != nil {
		t.Errorf("merge again: %v", err)
	}
	// So for a sweep's shards: refused over a run's result, and its
	// merged result is the whole sweep's, which the sweep replaces.
	var sweepShards []string
	for _, sh := range []string{"1/2", "2/2"} {
		d, _, err := Sweep(ctx, SweepConfig{Config: Config{Scenario: "binjai-2017", NoPlots: true, Shard: sh, Out: "sw" + sh[:1]}, Vary: []Vary{{"seed", []string{"1", "2"}}}})
		if err != nil {
			t.Fatal(err)
		}
		sweepShards = append(sweepShards, d)
	}
	_, _, err = Merge(ctx, sweepShards, "a", true, false)
	wantInputError(t, err, "holds the result of ektpsim run")
	if _, _, err := Merge(ctx, sweepShards, "sw", true, false); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Sweep(ctx, SweepConfig{Config: Config{Scenario: "binjai-2017", NoPlots: true, Out: "sw"}, Vary: []Vary{{"seed", []string{"1", "2"}}}}); err != nil {
		t.Errorf("the whole sweep over its merged shards: %v", err)
	}
	// report
	other := []byte("my notes\n")
	os.WriteFile("notes.html", other, 0o644)
	_, err = Report(ctx, []string{a.Dir}, "notes.html")
	wantInputError(t, err, "not an ektpsim briefing")
	if got, _ := os.ReadFile("notes.html"); !bytes.Equal(got, other) {
		t.Error("notes.html overwritten")
	}
	yaml, _ := os.ReadFile(filepath.Join("a", "scenario.yaml"))
	_, err = Report(ctx, []string{a.Dir}, filepath.Join("a", "scenario.yaml"))
	wantInputError(t, err, "inside the input folder")
	if got, _ := os.ReadFile(filepath.Join("a", "scenario.yaml")); !bytes.Equal(got, yaml) {
		t.Error("scenario.yaml overwritten")
	}
	_, err = Report(ctx, []string{a.Dir}, filepath.Join("a", "new.html"))
	wantInputError(t, err, "inside the input folder")
	// An existing folder gets FOLDER/report.html; a briefing may be
	// replaced.
	os.Mkdir("briefings", 0o755)
	file, err := Report(ctx, []string{a.Dir}, "briefings")
	if err != nil || file != filepath.Join("briefings", "report.html") {
		t.Fatalf("report into a folder: %s, %v", file, err)
	}
	body, _ := os.ReadFile(file)
	if !bytes.HasPrefix(body, []byte(report.Marker)) {
		t.Error("the briefing does not start with the marker")
	}
	if _, err := Report(ctx, []string{a.Dir, b.Dir}, file); err != nil {
		t.Errorf("replacing a briefing: %v", err)
	}
	if _, err := Report(ctx, []string{a.Dir}, ""); err != nil {
		t.Errorf("DIR/report.html: %v", err)
	}
	// A briefing of an earlier version (no marker) may be replaced too.
	os.WriteFile("old.html", []byte("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"x\">\n<title>e-KTP printing: a</title>"), 0o644)
	if _, err := Report(ctx, []string{a.Dir}, "old.html"); err != nil {
		t.Errorf("replacing an earlier briefing: %v", err)
	}
	parts, _ := filepath.Glob(filepath.Join(dir, "*", "*part*"))
	parts2, _ := filepath.Glob(filepath.Join(dir, "*part*"))
	if len(parts)+len(parts2) > 0 {
		t.Errorf("left %v %v", parts, parts2)
	}
}

// --out with a trailing slash works; --out . or a folder that is not a
// result is refused before anything runs.
func TestOutCheckedFirst(t *testing.T) {
	inDir(t)
	ctx := context.Background()
	out, err := Run(ctx, Config{Scenario: "palembang-2017", NoPlots: true, Out: "mine/"})
	if err != nil {
		t.Fatal(err)
	}
	if out.Dir != "mine" {
		t.Errorf("went to %s", out.Dir)
	}
	if _, err := os.Stat(filepath.Join("mine", "daily.csv")); err != nil {
		t.Error(err)
	}
	os.Mkdir("notes", 0o755)
	os.WriteFile(filepath.Join("notes", "x"), nil, 0o644)
	for _, bad := range []string{".", "./", "notes", "..", "/"} {
		// A run that takes long if it ran: the refusal must come first.
		c := Config{Scenario: "national-2016-2018", NoPlots: true, Out: bad}
		_, err := Run(ctx, c)
		wantInputError(t, err)
		_, _, err = Sweep(ctx, SweepConfig{Config: c, Vary: []Vary{{"seed", []string{"1", "2"}}}})
		wantInputError(t, err)
	}
	if entries, _ := os.ReadDir("."); len(entries) != 2 {
		t.Errorf("left %d entries", len(entries))
	}
}

// Result folders and files respect the umask, whatever it is.
func TestUmaskRespected(t *testing.T) {
	inDir(t)
	for _, mask := range []int{0o022, 0o077, 0o002} {
		old := syscall.Umask(mask)
		out, err := Run(context.Background(), Config{Scenario: "binjai-2017", Out: "u" + strconv.Itoa(mask)})
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		filepath.Walk(out.Dir, func(p string, info os.FileInfo, err error) error {
			want := os.FileMode(0o666 &^ mask)
			if info.IsDir() {
				want = os.FileMode(0o777 &^ mask)
			}
			if info.Mode().Perm() != want {
				t.Errorf("umask %03o: %s is %v, want %v", mask, p, info.Mode().Perm(), want)
			}
			return nil
		})
	}
}

// A temporary folder of a dead process beside the output is removed by
// the next run; a live process's is left alone.
func TestStaleTemporaryRemoved(t *testing.T) {
	inDir(t)
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip(err)
	}
	dead := cmd.Process.Pid
	os.MkdirAll("results", 0o755)
	tag := strings.TrimSuffix(strings.TrimPrefix(filepathBase(t), ".binjai-2017.tmp-"+strconv.Itoa(os.Getpid())+"-"), "-")
	mk := func(kind string, pid int) string {
		p := filepath.Join("results", ".binjai-2017."+kind+"-"+strconv.Itoa(pid)+"-"+tag+"-123")
		os.MkdirAll(filepath.Join(p, "plots"), 0o755)
		return p
	}
	staleTmp, staleOld, live := mk("tmp", dead), mk("old", dead), mk("tmp", os.Getppid())
	otherHost := filepath.Join("results", ".binjai-2017.tmp-"+strconv.Itoa(dead)+"-00000000-1")
	os.Mkdir(otherHost, 0o755)
	if _, err := Run(context.Background(), Config{Scenario: "binjai-2017", NoPlots: true}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{staleTmp, staleOld} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s (pid %d, dead) left", p, dead)
		}
	}
	for _, p := range []string{live, otherHost} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s removed", p)
		}
	}
}

// filepathBase is this process's temporary-folder prefix for binjai-2017.
func filepathBase(t *testing.T) string {
	f, err := output.NewFolder(filepath.Join(t.TempDir(), "binjai-2017"), output.Spec{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Abort()
	b := filepath.Base(f.Dir)
	return b[:strings.LastIndex(b, "-")+1]
}

// A grid of 10^8 variants is refused before it is built.
func TestHugeGridRefused(t *testing.T) {
	inDir(t)
	var vary []Vary
	for k := 0; k < 8; k++ {
		vary = append(vary, Vary{"seed", strings.Split("1,2,3,4,5,6,7,8,9,10", ",")})
	}
	_, _, err := Sweep(context.Background(), SweepConfig{Config: Config{Scenario: "binjai-2017"}, Vary: vary})
	wantInputError(t, err, "10 x 10 x 10 x 10 x 10 x 10 x 10 x 10", "10000 variants")
}

// A run whose spool cannot fit on the disk is refused before it runs:
// 1,000 national replications spill 293 KB each.
func TestSpoolDiskChecked(t *testing.T) {
	sc, err := Load(Config{Scenario: "national-2016-2018", Replications: 1000})
	if err != nil {
		t.Fatal(err)
	}
	days := sc.End.Days() - sc.Start.Days() + 1
	per := (days*int64(len(output.BandMetrics())) + int64(len(sc.Regions)*output.FigureValues())) * 8
	if per < 290e3 || per > 300e3 {
		t.Errorf("%d bytes a replication, the README says 293 KB", per)
	}
	if got := spoolDisk(sc, 1000, 0); got != 1000*per {
		t.Errorf("spool of 1000: %d bytes, want %d", got, 1000*per)
	}
	if got := spoolDisk(sc, 10, 0); got != 10*per {
		t.Errorf("a shard of 10 of 1000: %d bytes, want %d", got, 10*per)
	}
	small := *sc
	small.Replications = 100 // 29 MB: both spools stay in memory
	if got := spoolDisk(&small, 100, 0); got != 0 {
		t.Errorf("100 replications in memory, yet %d bytes of disk", got)
	}
	if err := spoolFits(sc, 1000, 0, 1000*per, "results"); err != nil {
		t.Error(err)
	}
	err = spoolFits(sc, 1000, 0, 1000*per-1, "results")
	wantInputError(t, err, "--replications 1000: the replications' spool needs about 29", "MB of disk in results, whose file system has")
}

// A run named like a formula is written safely in compare.csv and
// paired.csv (SafeCell, shared by every CSV writer).
func TestCompareCSVNamesSafe(t *testing.T) {
	inDir(t)
	ctx := context.Background()
	var dirs []string
	for _, name := range []string{"@base", "=1+cmd"} {
		o, err := Run(ctx, Config{Scenario: "binjai-2017", Name: name, NoPlots: true, Replications: 2})
		if err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, o.Dir)
	}
	out, _, err := Compare(ctx, dirs, "cmp", false)
	if err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{"compare.csv": "figure,'@base,'=1+cmd,'=1+cmd minus @base\n", "paired.csv": ",'@base,'=1+cmd,"} {
		b, _ := os.ReadFile(filepath.Join(out, file))
		if !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %q:\n%.300s", file, want, b)
		}
	}
}
