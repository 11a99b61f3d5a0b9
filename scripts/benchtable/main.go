// Command benchtable measures ektpsim and prints the figures of
// scripts/bench: the national scenario's wall time, events, events per
// second, allocations and peak memory; 100 replications on all cores; the
// bare event calendar pushed through the same number of events; and how
// time and memory scale with regions and years.
//
// Wall time and peak memory (the child's maximum resident set) are of the
// built command, as a user runs it, writing its output; the model-only
// time, allocations and the calendar limit are measured in this process.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/ektpsim/ektpsim/scenarios/national"
	"github.com/ektpsim/ektpsim/sim/des/destest"
	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

func main() {
	bin := flag.String("bin", "", "the ektpsim binary to measure (required)")
	regionsCSV := flag.String("regions", "data/regions.csv", "the list of regions")
	quick := flag.Bool("quick", false, "a small check of the harness itself: 10 regions, one year, 4 replications")
	many := flag.Int("replications", 100, "replications of the all-cores run (1000 for the issue's memory check)")
	flag.Parse()
	if *bin == "" {
		fmt.Fprintln(os.Stderr, "benchtable: -bin is required (scripts/bench builds it)")
		os.Exit(2)
	}
	if err := measure(os.Stdout, *bin, *regionsCSV, *quick, *many); err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}

type run struct {
	label           string
	regions         int
	end             string
	replications    int
	wall            time.Duration
	events          float64
	peakMB          float64
	modelTime       time.Duration
	allocs, allocMB float64
	maxPending      int
	limit           time.Duration
	wallPlots       time.Duration // the same with the charts drawn
}

func measure(w io.Writer, bin, regionsCSV string, quick bool, many int) error {
	f, err := os.Open(regionsCSV)
	if err != nil {
		return err
	}
	all, err := national.ReadRegions(f)
	f.Close()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "ektpsim-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	fmt.Fprintf(w, "ektpsim benchmark: %s, %s/%s, %d CPUs, %s\n\n", time.Now().UTC().Format("2006-01-02"), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
	headline := []run{{label: "national, 3 years, 1 replication", regions: 514, end: "", replications: 1}}
	reps := run{label: fmt.Sprintf("national, 3 years, %d replications, all cores", many), regions: 514, replications: many}
	scaling := []run{
		{regions: 1}, {regions: 10}, {regions: 100}, {regions: 514}, {regions: 5000},
		{regions: 514, end: "2016-12-31"}, {regions: 514, end: "2025-12-31"},
	}
	if quick {
		headline = []run{{label: "10 regions, 1 year, 1 replication", regions: 10, end: "2016-12-31", replications: 1}}
		reps = run{label: "10 regions, 1 year, 4 replications, all cores", regions: 10, end: "2016-12-31", replications: 4}
		scaling = nil
	}

	for i := range headline {
		if err := one(bin, dir, all, &headline[i], true); err != nil {
			return err
		}
		r := headline[i]
		fmt.Fprintf(w, "%s:\n", r.label)
		fmt.Fprintf(w, "  wall time (command, writing its output)   %8.3f s (%.3f s with the charts)\n", r.wall.Seconds(), r.wallPlots.Seconds())
		fmt.Fprintf(w, "  peak memory (maximum resident set)        %8.1f MB\n", r.peakMB)
		fmt.Fprintf(w, "  events                                    %8.0f\n", r.events)
		fmt.Fprintf(w, "  events per second (command)               %8.0f\n", r.events/r.wall.Seconds())
		fmt.Fprintf(w, "  model alone (no output)                   %8.3f s, %.0f ns an event\n", r.modelTime.Seconds(), float64(r.modelTime.Nanoseconds())/r.events)
		fmt.Fprintf(w, "  allocations (model alone)                 %8.0f (%.1f MB)\n", r.allocs, r.allocMB)
		fmt.Fprintf(w, "  bare calendar, same events, %5d pending  %8.3f s, %.0f ns an event\n", r.maxPending, r.limit.Seconds(), float64(r.limit.Nanoseconds())/r.events)
		fmt.Fprintf(w, "  model overhead over the bare calendar     %8.1fx\n\n", float64(r.modelTime)/float64(r.limit))
	}
	if err := one(bin, dir, all, &reps, false); err != nil {
		return err
	}
	fmt.Fprintf(w, "%s:\n", reps.label)
	fmt.Fprintf(w, "  wall time %.2f s (%.3f s a replication), peak memory %.1f MB, %d workers\n\n",
		reps.wall.Seconds(), reps.wall.Seconds()/float64(reps.replications), reps.peakMB, runtime.NumCPU())

	if len(scaling) == 0 {
		return nil
	}
	fmt.Fprintln(w, "Scaling (one replication, one worker; the command's wall time and peak memory, daily.csv and summary.json written, no charts):")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| regions | years | events | wall (s) | model alone (s) | peak memory (MB) | µs per region-day |")
	fmt.Fprintln(w, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for i := range scaling {
		r := &scaling[i]
		r.replications = 1
		if err := one(bin, dir, all, r, true); err != nil {
			return err
		}
		days := daysOf(r.end)
		fmt.Fprintf(w, "| %d | %.0f | %.0f | %.3f | %.3f | %.1f | %.2f |\n", r.regions, float64(days)/365.25, r.events,
			r.wall.Seconds(), r.modelTime.Seconds(), r.peakMB, float64(r.modelTime.Microseconds())/float64(r.regions*days))
	}
	return nil
}

// vmHWM reads a process's peak resident set size in MB from /proc.
func vmHWM(pid int) (float64, bool) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "VmHWM:" {
			kb, err := strconv.ParseFloat(f[1], 64)
			return kb / 1024, err == nil
		}
	}
	return 0, false
}

func daysOf(end string) int {
	if end == "" {
		end = "2018-12-31"
	}
	t, _ := time.Parse("2006-01-02", end)
	s, _ := time.Parse("2006-01-02", "2016-01-04")
	return int(t.Sub(s).Hours()/24) + 1
}

// one measures run r: the command in a child process, and (if inProcess)
// the model alone and the bare calendar here.
func one(bin, dir string, all []national.Region, r *run, inProcess bool) error {
	var b bytes.Buffer
	if err := national.Write(&b, national.Synthetic(all, r.regions)); err != nil {
		return err
	}
	file := filepath.Join(dir, fmt.Sprintf("n%d-%s.yaml", r.regions, r.end))
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		return err
	}
	// Each measured run is of another scenario: the previous result goes
	// first (ektpsim refuses to replace a different scenario's result).
	out := filepath.Join(dir, "out")
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	args := []string{"run", file, "--out", out, "--replications", strconv.Itoa(r.replications), "--no-plots"}
	if r.end != "" {
		args = append(args, "--set", "end="+r.end)
	}
	if r.replications == 1 {
		args = append(args, "--workers", "1")
	}
	cmd := exec.Command(bin, args...)
	cmd.Stderr = os.Stderr
	began := time.Now()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("%s: %w", cmd, err)
	}
	// The child's own high-water mark, read from /proc while it runs: the
	// maximum resident set that wait4 reports would include this harness's
	// memory, which the child inherits for an instant before exec.
	peak := make(chan float64)
	go func() {
		hwm := 0.0
		for {
			if v, ok := vmHWM(cmd.Process.Pid); ok {
				hwm = max(hwm, v)
			}
			select {
			case <-peak:
				peak <- hwm
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	err := cmd.Wait()
	r.wall = time.Since(began)
	peak <- 0
	r.peakMB = <-peak
	if err != nil {
		return fmt.Errorf("%s: %w", cmd, err)
	}
	var sum struct {
		Events float64 `json:"events_per_replication"`
	}
	data, err := os.ReadFile(filepath.Join(out, "summary.json"))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, &sum); err != nil {
		return err
	}
	r.events = sum.Events
	if !inProcess {
		return nil
	}
	if r.label != "" {
		withPlots := exec.Command(bin, append(args[:len(args):len(args)], "--no-plots=false")...)
		began := time.Now()
		if out, err := withPlots.CombinedOutput(); err != nil {
			return fmt.Errorf("%s: %w\n%s", withPlots, err, out)
		}
		r.wallPlots = time.Since(began)
	}
	var set []scenario.Override
	if r.end != "" {
		set = append(set, scenario.Override{Path: "end", Value: r.end})
	}
	sc, err := scenario.Load(file, scenario.Options{Set: set})
	if err != nil {
		return err
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	began = time.Now()
	res, err := model.New(sc, model.Options{}).Run()
	if err != nil {
		return err
	}
	r.modelTime = time.Since(began)
	runtime.ReadMemStats(&after)
	r.allocs = float64(after.Mallocs - before.Mallocs)
	r.allocMB = float64(after.TotalAlloc-before.TotalAlloc) / (1 << 20)
	r.maxPending = res.MaxPending
	began = time.Now()
	destest.Hold(res.MaxPending, int(res.Events))
	r.limit = time.Since(began)
	return nil
}
