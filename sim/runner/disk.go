package runner

import (
	"fmt"
	"syscall"

	"github.com/ektpsim/ektpsim/sim/output"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// spoolDisk is the disk, in bytes, that the spools of a run of sc take
// when they spill (each spills on its own once its records exceed budget):
// count replications of every region's figures, and with several
// replications of the nation's days.
func spoolDisk(sc *scenario.Scenario, count int, budget int64) int64 {
	if budget <= 0 {
		budget = output.SpoolBudget
	}
	n := int64(sc.Replications)
	days := sc.End.Days() - sc.Start.Days() + 1
	sizes := []int64{int64(len(sc.Regions)) * int64(output.FigureValues())}
	if n > 1 {
		sizes = append(sizes, days*int64(len(output.BandMetricsFor(sc))))
	}
	var need int64
	for _, size := range sizes {
		if n*size*8 > budget {
			need += int64(count) * size * 8
		}
	}
	return need
}

// checkSpoolDisk refuses, before anything runs, a run whose spools would
// need more disk than the file system of dir has free; where names dir
// for people.
func checkSpoolDisk(sc *scenario.Scenario, cfg Config, dir, where string) error {
	shard, err := ParseShard(cfg.Shard, int(sc.Replications))
	if err != nil {
		return &InputError{err}
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return nil // nothing known: the writes will say
	}
	return spoolFits(sc, len(shard.Replications(int(sc.Replications))), cfg.SpoolMemory, int64(st.Bavail)*int64(st.Bsize), where)
}

// spoolFits refuses a run of count replications of sc whose spools would
// take more than free bytes.
func spoolFits(sc *scenario.Scenario, count int, budget, free int64, where string) error {
	need := spoolDisk(sc, count, budget)
	if need > free {
		return &InputError{fmt.Errorf("--replications %d: the replications' spool needs about %s of disk in %s, whose file system has %s free; run fewer replications, free some space, or split the run with --shard I/N",
			sc.Replications, bytesText(need), where, bytesText(free))}
	}
	return nil
}

// bytesText writes a size in bytes as KB, MB or GB (powers of 1000).
func bytesText(b int64) string {
	switch {
	case b >= 1e9:
		return fmt.Sprintf("%.1f GB", float64(b)/1e9)
	case b >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(b)/1e6)
	default:
		return fmt.Sprintf("%.1f KB", float64(b)/1e3)
	}
}
