package report

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/ektpsim/ektpsim/sim/chart"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// Where the waves went, by hand: two waves of 6,000 and 2,000 blanks;
// 50% and 100% of them to regions that then ran out, so (3,000 + 2,000)
// / 8,000 = 62.5% of all; 25% and 0% to regions with blanks left at the
// end, so 1,500 / 8,000 = 18.75%, written 18.8%.
func TestWaves(t *testing.T) {
	sc := &scenario.Scenario{}
	sc.Central.Blanks.Allocation = &scenario.Allocation{Policy: scenario.AllocPopulation, Box: 1000}
	r := &chart.Run{Scenario: sc}
	r.Summary.Replications = 3
	r.Summary.Nation = map[string]json.RawMessage{"allocations": json.RawMessage(`[
	 {"date": "2017-01-02", "total": 6000, "regions": 2, "top": [{"region": "Kota A", "blanks": 4000, "share": 0.6667}],
	  "share_to_regions_that_ran_out": 0.5, "share_to_regions_with_blanks_left": 0.25},
	 {"date": "2017-02-06", "total": 2000, "regions": 1, "top": [{"region": "Kota B", "blanks": 2000, "share": 1}],
	  "share_to_regions_that_ran_out": 1, "share_to_regions_with_blanks_left": 0}]`)}
	head, rows, finding := Waves(r)
	if len(head) != 5 {
		t.Fatalf("head %q", head)
	}
	want := []Row{
		{"2 January 2017", []string{"6,000", "2", "Kota A (4,000)", "50.0%", "25.0%"}},
		{"6 February 2017", []string{"2,000", "1", "Kota B (2,000)", "100.0%", "0.0%"}},
		{"all 2 waves", []string{"8,000", "", "", "62.5%", "18.8%"}},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows %v", rows)
	}
	for i := range want {
		if rows[i].Label != want[i].Label || !slices.Equal(rows[i].Cells, want[i].Cells) {
			t.Errorf("row %d: %v, want %v", i, rows[i], want[i])
		}
	}
	if w := "The national store shared out 8,000 blanks in 2 waves by the population policy: 62.5% of them went to regions that then ran out of blanks before their next allocation, and 18.8% to regions that still held blanks at the end (in the first replication)."; finding != w {
		t.Errorf("finding\n%s\nwant\n%s", finding, w)
	}
	// No allocation key, or one that sent nothing: no table, no sentence.
	r.Summary.Nation = map[string]json.RawMessage{}
	if h, rs, f := Waves(r); h != nil || rs != nil || f != "" {
		t.Errorf("without allocations: %v %v %q", h, rs, f)
	}
}
