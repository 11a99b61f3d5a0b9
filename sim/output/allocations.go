package output

import (
	"io"
	"math"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/results"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// AllocationColumns are the columns daily.csv adds after DailyColumns
// when the scenario has central.blanks.allocation (results.Allocation).
func AllocationColumns() []string { return keys(results.Allocation()) }

// hasAllocation reports whether sc writes the allocation outputs: it has
// a central.blanks.allocation key (any policy, requests included).
func hasAllocation(sc *scenario.Scenario) bool { return sc.Central.Blanks.Allocation != nil }

// NewDailyFor is NewDaily for scenario sc: with central.blanks.allocation
// its rows end with AllocationColumns.
func NewDailyFor(w io.Writer, sc *scenario.Scenario) (*Daily, error) {
	names := make([]string, len(sc.Regions))
	for k, r := range sc.Regions {
		names[k] = r.Name
	}
	return newDaily(w, names, results.DailyFor(sc))
}

// allocations is summary.json's "allocations": every wave of replication
// 0 (the run daily.csv shows), each with its date, total blanks, the
// number of regions that got some, the model.TopShares regions that got
// most (ties to the region listed first), the share of the wave that went
// to regions that then ran out of blanks (a blank stock-out day before
// their next allocation or the end), and the share that went to regions
// still holding blanks (in stock or in transit) at the end of the run.
// Shares are fractions of the wave's total, rounded to 4 decimals.
func allocations(sc *scenario.Scenario, res *model.Result) []object {
	out := []object{}
	for _, w := range res.Waves {
		var o object
		o.add("date", sc.Start.AddDays(int64(w.Day)).String())
		o.add("total", w.Total)
		o.add("regions", w.Regions)
		tops := []object{}
		for _, s := range w.Top {
			var t object
			t.add("region", sc.Regions[s.Region].Name)
			t.add("blanks", s.Blanks)
			t.add("share", share(s.Blanks, w.Total))
			tops = append(tops, t)
		}
		o.add("top", tops)
		o.add("share_to_regions_that_ran_out", share(w.RanOut, w.Total))
		o.add("share_to_regions_with_blanks_left", share(w.LeftAtEnd, w.Total))
		out = append(out, o)
	}
	return out
}

func share(n, total int64) float64 {
	if total == 0 {
		return 0
	}
	return math.Round(float64(n)/float64(total)*1e4) / 1e4
}
