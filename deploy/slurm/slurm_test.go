// Package slurm holds the test that runs the job array and merge of this
// folder on a real Slurm (scripts/start-slurm starts one on this machine).
package slurm

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The test runs the shipped sbatch files with the scenario and the number
// of replications made small (a real national run of 1,000 replications
// takes minutes on a whole cluster): the array's shards, its dependent
// merge, and Slurm's own scheduling are those of the files as shipped.
const (
	scenarioName = "kupang-2018"
	replications = 6
	shards       = 3
	// timeout bounds the whole test: the jobs take a few seconds once
	// started; Slurm's scheduler starts them within seconds.
	timeout = 3 * time.Minute
)

// TestSlurmArrayAndMerge submits ektpsim-array.sbatch as a job array and
// ektpsim-merge.sbatch with --dependency=afterok on it, waits for both, and
// checks that the merged folder holds the same bytes as one `ektpsim run`
// of the same replications, file by file (and the briefing besides).
// It runs only with EKTPSIM_SLURM_TEST=require (set by .ci/run after
// scripts/start-slurm), and then must pass.
func TestSlurmArrayAndMerge(t *testing.T) {
	if os.Getenv("EKTPSIM_SLURM_TEST") != "require" {
		t.Skip("set EKTPSIM_SLURM_TEST=require, with Slurm running (scripts/start-slurm), to run the job array on it")
	}
	for _, tool := range []string{"sbatch", "scontrol", "sinfo"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s not found: start Slurm with scripts/start-slurm (%v)", tool, err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()

	work := t.TempDir()
	bin := filepath.Join(work, "bin")
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	build := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(bin, "ektpsim"), "./cmd/ektpsim")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	env := append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))

	array := small(t, "ektpsim-array.sbatch", "national-2016-2018", "--replications 1000")
	merge := small(t, "ektpsim-merge.sbatch", "national-2016-2018", "-of-20")
	for name, text := range map[string]string{"array.sbatch": array, "merge.sbatch": merge} {
		if err := os.WriteFile(filepath.Join(work, name), []byte(text), 0o755); err != nil {
			t.Fatal(err)
		}
	}

	sbatch := func(args ...string) string {
		t.Helper()
		// The node of the test has fewer CPUs than a cluster's: one CPU and
		// little memory a task, the rest as in the files.
		args = append([]string{"--parsable", "--chdir", work, "--cpus-per-task=1", "--mem=500M",
			"--output", filepath.Join(work, "slurm-%x-%A_%a.out")}, args...)
		cmd := exec.CommandContext(ctx, "sbatch", args...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			fail(t, work, "sbatch %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		id, _, _ := strings.Cut(strings.TrimSpace(string(out)), ";")
		return id
	}
	began := time.Now()
	arrayID := sbatch(fmt.Sprintf("--array=1-%d", shards), filepath.Join(work, "array.sbatch"))
	mergeID := sbatch("--dependency=afterok:"+arrayID, filepath.Join(work, "merge.sbatch"))
	wait(ctx, t, work, arrayID, mergeID)
	t.Logf("array %s (%d shards) and merge %s done in %.1f s", arrayID, shards, mergeID, time.Since(began).Seconds())

	ref := filepath.Join(work, "ref")
	run := exec.CommandContext(ctx, filepath.Join(bin, "ektpsim"), "run", scenarioName, "--replications", fmt.Sprint(replications),
		"--seed", "2016", "--out", ref)
	if out, err := run.CombinedOutput(); err != nil {
		t.Fatalf("ektpsim run: %v\n%s", err, out)
	}
	merged := filepath.Join(work, "results", scenarioName)
	want, got := files(t, ref), files(t, merged)
	if fi, err := os.Stat(filepath.Join(merged, "report.html")); err != nil || fi.Size() == 0 {
		fail(t, work, "the merge job wrote no briefing (report.html): %v", err)
	}
	delete(got, "report.html")
	for name, b := range want {
		g, ok := got[name]
		switch {
		case !ok:
			t.Errorf("%s: in the single run, missing from the merged folder", name)
		case !bytes.Equal(g, b):
			t.Errorf("%s: merged (%d bytes) differs from the single run (%d bytes)", name, len(g), len(b))
		}
		delete(got, name)
	}
	for name := range got {
		t.Errorf("%s: in the merged folder, not in the single run", name)
	}
	if len(want) < 5 {
		t.Errorf("the single run wrote only %d files", len(want))
	}
}

// small returns the shipped sbatch file with the scenario and the number
// of replications made small, and the merge's shard count to match: each
// of olds must occur in the file, or the test no longer matches it.
func small(t *testing.T, name string, olds ...string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	repl := map[string]string{
		"national-2016-2018":  scenarioName,
		"--replications 1000": fmt.Sprintf("--replications %d", replications),
		"-of-20":              fmt.Sprintf("-of-%d", shards),
	}
	for _, old := range olds {
		if !strings.Contains(s, old) {
			t.Fatalf("%s: no %q to replace: the test no longer matches the file", name, old)
		}
		s = strings.ReplaceAll(s, old, repl[old])
	}
	return s
}

var stateRE = regexp.MustCompile(`JobState=(\S+)(?:.*Reason=(\S+))?`)

// wait polls scontrol until every task of the array and the merge have
// completed, and fails (with the jobs' output and the daemons' logs) as
// soon as one fails, the merge's dependency can never be met, or the
// context's time is up.
func wait(ctx context.Context, t *testing.T, work string, ids ...string) {
	t.Helper()
	for {
		done := true
		for _, id := range ids {
			out, err := exec.CommandContext(ctx, "scontrol", "-o", "show", "job", id).CombinedOutput()
			if ctx.Err() != nil {
				fail(t, work, "jobs %v not done after %v", ids, timeout)
			}
			if err != nil {
				fail(t, work, "scontrol show job %s: %v\n%s", id, err, out)
			}
			for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
				m := stateRE.FindStringSubmatch(line)
				if m == nil {
					fail(t, work, "scontrol show job %s: no JobState in %q", id, line)
				}
				switch state, reason := m[1], m[2]; {
				case state == "COMPLETED":
				case state == "PENDING" && strings.HasPrefix(reason, "DependencyNeverSatisfied"):
					fail(t, work, "job %s will never run: %s", id, reason)
				case state == "PENDING" || state == "RUNNING" || state == "CONFIGURING" || state == "COMPLETING":
					done = false
				default:
					fail(t, work, "job %s ended %s (reason %s)", id, state, reason)
				}
			}
		}
		if done {
			return
		}
		select {
		case <-ctx.Done():
			fail(t, work, "jobs %v not done after %v", ids, timeout)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// fail stops the test with the jobs' output files, the queue and the
// Slurm daemons' logs, so that a failure in CI can be read from the log.
func fail(t *testing.T, work, format string, args ...any) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, format, args...)
	outs, _ := filepath.Glob(filepath.Join(work, "slurm-*.out"))
	for _, f := range outs {
		text, _ := os.ReadFile(f)
		fmt.Fprintf(&b, "\n--- %s:\n%s", filepath.Base(f), text)
	}
	for _, c := range [][]string{{"squeue", "-a"}, {"sinfo", "-N", "-l"}} {
		out, _ := exec.Command(c[0], c[1:]...).CombinedOutput()
		fmt.Fprintf(&b, "\n--- %s:\n%s", strings.Join(c, " "), out)
	}
	for _, f := range []string{"/var/log/slurm/slurmctld.log", "/var/log/slurm/slurmd.log", "/var/log/munge/munged.log"} {
		text, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		lines := strings.Split(strings.TrimRight(string(text), "\n"), "\n")
		fmt.Fprintf(&b, "\n--- last lines of %s:\n%s", f, strings.Join(lines[max(0, len(lines)-40):], "\n"))
	}
	t.Fatal(b.String())
}

// files reads every file under dir, by its path relative to dir.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		m[rel] = b
		return err
	})
	if err != nil {
		t.Fatalf("reading %s: %v", dir, err)
	}
	return m
}
