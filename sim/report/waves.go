package report

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/ektpsim/ektpsim/sim/chart"
	"github.com/ektpsim/ektpsim/sim/results"
)

// wave is one entry of summary.json's "allocations" (issue 17): a day's
// allocation of the national store's blanks in replication 0.
type wave struct {
	Date    string `json:"date"`
	Total   int64  `json:"total"`
	Regions int    `json:"regions"`
	Top     []struct {
		Region string  `json:"region"`
		Blanks int64   `json:"blanks"`
		Share  float64 `json:"share"`
	} `json:"top"`
	RanOut   float64 `json:"share_to_regions_that_ran_out"`
	LeftOver float64 `json:"share_to_regions_with_blanks_left"`
}

// Waves says where each wave of a run's allocation went: a row per wave
// (its date, blanks, regions served, the region that got most, and the
// shares that went to regions that then ran out of blanks or that still
// held blanks at the end), a last row for all waves together, and one
// sentence whose numbers are the last row's. Nothing when the scenario
// has no allocation or no wave sent anything.
func Waves(r *chart.Run) (head []string, rows []Row, finding string) {
	raw, ok := r.Summary.Nation["allocations"]
	if !ok {
		return nil, nil, ""
	}
	var ws []wave
	if err := json.Unmarshal(raw, &ws); err != nil || len(ws) == 0 {
		return nil, nil, ""
	}
	head = []string{"blanks", "regions", "most to", "to regions that then ran out", "to regions with blanks left at the end"}
	var total, ranOut, left float64
	for _, w := range ws {
		most := ""
		if len(w.Top) > 0 {
			most = fmt.Sprintf("%s (%s)", w.Top[0].Region, results.Thousands(w.Top[0].Blanks))
		}
		rows = append(rows, Row{Label: longDate(w.Date), Cells: []string{results.Thousands(w.Total), strconv.Itoa(w.Regions), most, percent(w.RanOut), percent(w.LeftOver)}})
		total += float64(w.Total)
		ranOut += w.RanOut * float64(w.Total)
		left += w.LeftOver * float64(w.Total)
	}
	if total == 0 {
		return nil, nil, ""
	}
	all := results.Thousands(int64(math.Round(total)))
	ro, lo := percent(ranOut/total), percent(left/total)
	n := strconv.Itoa(len(ws))
	rows = append(rows, Row{Label: "all " + n + " waves", Cells: []string{all, "", "", ro, lo}})
	policy := r.Scenario.Central.Blanks.Allocation.Policy
	finding = fmt.Sprintf("The national store shared out %s blanks in %s waves by the %s policy: %s of them went to regions that then ran out of blanks before their next allocation, and %s to regions that still held blanks at the end%s.",
		all, n, policy, ro, lo, firstReplication(r))
	return head, rows, finding
}

// firstReplication says that the waves are those of the first
// replication, when there are several.
func firstReplication(r *chart.Run) string {
	if r.Summary.Replications > 1 {
		return " (in the first replication)"
	}
	return ""
}

// percent writes a share (0.2346) as a percentage with one decimal.
func percent(share float64) string {
	return strconv.FormatFloat(math.Round(share*1000)/10, 'f', 1, 64) + "%"
}
