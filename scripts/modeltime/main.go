// Command modeltime times the model alone on a scenario: it loads the file
// once, runs replication 0 -n times and prints the best wall time in
// seconds and the events fired. Built from two trees, it compares two
// versions of the model side by side (scripts/bench-sbs).
//
//	go run ./scripts/modeltime [-n 3] [-cpuprofile FILE] SCENARIO.yaml
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

func main() {
	n := flag.Int("n", 3, "runs")
	prof := flag.String("cpuprofile", "", "write a CPU profile of the runs to this file")
	flag.Parse()
	sc, err := scenario.Load(flag.Arg(0), scenario.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if *prof != "" {
		f, err := os.Create(*prof)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	best := time.Hour
	var ev uint64
	for i := 0; i < *n; i++ {
		runtime.GC()
		t := time.Now()
		res, err := model.New(sc, model.Options{}).Run()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		best = min(best, time.Since(t))
		ev = res.Events
	}
	fmt.Printf("%.3f %d\n", best.Seconds(), ev)
}
