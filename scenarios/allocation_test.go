package scenarios_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/ektpsim/ektpsim/internal/golden"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/output"
)

// allocationPolicies are the national-allocation-<policy> family, the
// base of the paired differences first.
var allocationPolicies = []string{"requests", "population", "equal", "print_ready", "waiting", "need"}

// allocationReplications is the replications of the comparison: the same
// as `ektpsim run national-allocation-<policy> --replications 5`.
const allocationReplications = 5

// The allocation family compared with common random numbers: replication
// i of every policy shares its random streams, so the differences from
// requests are paired. docs/allocation.md is this test's output
// (go test ./scenarios -run AllocationComparison -update rewrites it). The
// 30 national runs take about a minute on two cores: the test runs with
// -update or EKTPSIM_REFERENCE=full (CI), and is skipped otherwise.
func TestAllocationComparison(t *testing.T) {
	if !*update && os.Getenv("EKTPSIM_REFERENCE") != "full" {
		t.Skip("30 national runs: set EKTPSIM_REFERENCE=full or give -update")
	}
	type job struct{ p, rep int }
	nation := make([][]model.Figures, len(allocationPolicies))
	for p := range nation {
		nation[p] = make([]model.Figures, allocationReplications)
	}
	jobs := make(chan job)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failed []string
	for range max(1, runtime.NumCPU()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				sc := load(t, "national-allocation-"+allocationPolicies[j.p]+".yaml")
				res, err := model.New(sc, model.Options{Replication: j.rep}).Run()
				mu.Lock()
				if err != nil {
					failed = append(failed, err.Error())
				} else {
					nation[j.p][j.rep] = res.Nation
				}
				mu.Unlock()
			}
		}()
	}
	for p := range allocationPolicies {
		for r := range allocationReplications {
			jobs <- job{p, r}
		}
	}
	close(jobs)
	wg.Wait()
	if len(failed) > 0 {
		t.Fatal(failed)
	}

	type figure struct {
		key, label string
		of         func(model.Figures) float64
		decimals   int
	}
	figs := []figure{
		{"backlog_end", "backlog at the end", func(f model.Figures) float64 { return float64(f.BacklogEnd) }, 0},
		{"mean_wait_days", "mean wait (days)", func(f model.Figures) float64 { return f.MeanWait }, 1},
		{"renewals_total", "certificate renewals", func(f model.Figures) float64 { return float64(f.RenewalsTotal) }, 0},
		{"printed_total", "cards printed", func(f model.Figures) float64 { return float64(f.PrintedTotal) }, 0},
		{"blanks_stockout_region_days", "region-days out of blanks", func(f model.Figures) float64 { return float64(f.StockoutRegionDays) }, 0},
	}
	col := func(p int, f figure) []float64 {
		xs := make([]float64, allocationReplications)
		for i, n := range nation[p] {
			xs[i] = f.of(n)
		}
		return xs
	}
	var b strings.Builder
	b.WriteString(allocationDocHead)
	fmt.Fprintf(&b, "\n## The national comparison, measured\n\n")
	fmt.Fprintf(&b, "Written by `go test ./scenarios -run AllocationComparison -update` (%d replications of each\n", allocationReplications)
	b.WriteString("`national-allocation-<policy>` scenario, seed 2016; do not edit by hand). Each cell is the mean over\n")
	b.WriteString("replications and, for the other policies, the paired difference from `requests` with its 95%\n")
	b.WriteString("interval (Student's t over the replications' differences), as `ektpsim compare` writes them to\n")
	b.WriteString("`paired.csv`.\n\n")
	b.WriteString("| figure |")
	for _, p := range allocationPolicies {
		fmt.Fprintf(&b, " `%s` |", p)
	}
	b.WriteString("\n|---|")
	for range allocationPolicies {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	cleared := "| clear date |"
	for p := range allocationPolicies {
		n := 0
		for _, f := range nation[p] {
			if f.ClearDay >= 0 {
				n++
			}
		}
		cleared += fmt.Sprintf(" cleared in %d of %d |", n, allocationReplications)
	}
	b.WriteString(cleared + "\n")
	best := map[string]int{}
	for _, f := range figs {
		fmt.Fprintf(&b, "| %s |", f.label)
		base := col(0, f)
		bestMean := math.Inf(1)
		for p := range allocationPolicies {
			xs := col(p, f)
			m := meanOf(xs)
			sign := 1.0
			if f.key == "printed_total" {
				sign = -1 // more is better
			}
			if sign*m < bestMean {
				bestMean, best[f.key] = sign*m, p
			}
			cell := commas(m, f.decimals)
			if p > 0 {
				d := make([]float64, len(xs))
				for i := range xs {
					d[i] = xs[i] - base[i]
				}
				lo, hi := output.CI95(d)
				sign := "+"
				if meanOf(d) < 0 {
					sign = ""
				}
				cell += fmt.Sprintf(" (%s%s [%s, %s])", sign, commas(meanOf(d), f.decimals), commas(lo, f.decimals), commas(hi, f.decimals))
			}
			fmt.Fprintf(&b, " %s |", cell)
		}
		b.WriteString("\n")
	}
	// Which clears the backlog soonest: the earliest mean clear day among
	// the policies that clear it in every replication.
	soonest, day := -1, math.Inf(1)
	for p := range allocationPolicies {
		xs := make([]float64, 0, allocationReplications)
		for _, f := range nation[p] {
			if f.ClearDay >= 0 {
				xs = append(xs, float64(f.ClearDay))
			}
		}
		if len(xs) == allocationReplications && meanOf(xs) < day {
			soonest, day = p, meanOf(xs)
		}
	}
	if soonest < 0 {
		b.WriteString("\nNo policy clears the backlog in every replication by the run's end. ")
	} else {
		fmt.Fprintf(&b, "\n`%s` clears the backlog soonest (day %.0f on average). ", allocationPolicies[soonest], day)
	}
	fmt.Fprintf(&b, "The shortest mean\nwait is `%s`'s, the fewest certificate renewals `%s`'s, the smallest backlog at the end\n",
		allocationPolicies[best["mean_wait_days"]], allocationPolicies[best["renewals_total"]])
	fmt.Fprintf(&b, "`%s`'s, the fewest region-days out of blanks `%s`'s.\n",
		allocationPolicies[best["backlog_end"]], allocationPolicies[best["blanks_stockout_region_days"]])
	compareAllocationDoc(t, filepath.Join("..", "docs", "allocation.md"), b.String())
}

// commas writes x with the given decimals and thousands separated:
// -1,234,567.8.
func commas(x float64, decimals int) string {
	s := strconv.FormatFloat(math.Abs(x), 'f', decimals, 64)
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if v, _ := strconv.ParseFloat(s, 64); x < 0 && v != 0 {
		b.WriteByte('-')
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}

func meanOf(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func compareAllocationDoc(t *testing.T, file, got string) {
	t.Helper()
	golden.Check(t, file, []byte(got), *update, "go test ./scenarios -run AllocationComparison -update")
}

// allocationDocHead is the part of docs/allocation.md that explains the
// keys; the test adds the measured comparison after it.
const allocationDocHead = "# Regional blank allocations\n\n" +
	"Written by `go test ./scenarios -run AllocationComparison -update`; change the text in\n" +
	"`scenarios/allocation_test.go`.\n\n" +
	`The ministry procured blanks by tender and sent them to the regions in waves, each region's
allotment (*jatah*): Binjai fetched 4 "outer" boxes of 2,000 from Jakarta in about two days.
` + "`central.blanks.allocation`" + ` says how the national store is shared out:

` + "```yaml" + `
central:
  blanks:
    stock: 1000000
    deliveries: [{date: 2016-03-07, amount: 4000000}]
    allocation:
      policy: need       # requests (default), population, equal, print_ready, waiting, need
      every: 2w          # also on this schedule from the start (whole days); optional
      box: 2000          # shares are whole boxes (default 1)
      reserve: 200000    # kept at the centre (default 0)
defaults:
  fetch_time: "uniform(1d, 3d)"   # allocation to arrival, per region or here (default 0)
` + "```" + `

- **When.** A policy other than ` + "`requests`" + ` allocates at every national delivery (right after it
  arrives) and, with ` + "`every`" + `, every that many days from the start (the first at the start), all
  at 00:00.
- **How much.** Everything above ` + "`reserve`" + `, in whole boxes: boxes = floor((store - reserve) / box).
  What is left (less than a box, the reserve, and what ` + "`need`" + ` does not send) stays at the centre.
- **Split.** In proportion to each region's weight, by largest remainder in boxes: every region
  gets the floor of its exact share, and the boxes left over go to the largest fractional parts,
  ties to the region listed first. Regions with unlimited blanks get nothing.
- **Fetch.** A region's share leaves the store at once and arrives ` + "`fetch_time`" + ` later (drawn from
  the region's own stream, ` + "`region/NAME/blanks/fetch`" + `); until then it is ` + "`in_transit`" + `.
- **Reorders** (` + "`blanks.reorder`" + `) are still served first come, first served from what the store
  keeps; at a delivery the allocation goes first, then the waiting reorders.

| policy | a region's weight |
|---|---|
| ` + "`requests`" + ` | no allocation: only regional reorders, first come, first served (the default) |
| ` + "`population`" + ` | its ` + "`population`" + ` |
| ` + "`equal`" + ` | 1 |
| ` + "`print_ready`" + ` | its print-ready records at that moment |
| ` + "`waiting`" + ` | everyone recorded and not yet printed (the certificate holders) |
| ` + "`need`" + ` | what it can print before the next allocation, below |
| ` + "`blend`" + ` | with ` + "`blend: {population, equal, print_ready, waiting}`" + `: the sum of each weight times the region's share of that policy's weights |

` + "`need`" + ` sends each region, in boxes rounded up,

    need = max(0, min(print_ready, capacity) - (blanks in stock + blanks in transit))
    capacity = sum over its open sites of printers x cards_per_printer_per_day
               x (office day + overtime_hours) / office day
               x working days from today to the day of the next allocation (or the run's end)

so that blanks do not sit where printers or the server are the limit (outages and breakdowns are
not foreseen). When the needs add up to more than the boxes there are, the boxes are split in
proportion to the needs; otherwise every region gets its need and the rest stays at the centre.

Conservation, checked after every event with the invariants on (and by the random-scenario
property test with allocation on): national store + in transit + regional stocks + printed =
what the store and the regions started with + what was delivered to them.

## Outputs

With the ` + "`allocation`" + ` key (any policy, ` + "`requests`" + ` written out included) ` + "`daily.csv`" + ` ends with two
columns: ` + "`allocated`" + ` (blanks allocated to the region that day; ` + "`ALL`" + `: to every region) and
` + "`in_transit`" + ` (blanks sent from the national store, reorders and allocations, not yet arrived at the
end of the day). ` + "`summary.json`" + ` gains ` + "`allocations`" + `: every wave (the allocations of one day) of the
first replication, each
` + "`{date, total, regions, top, share_to_regions_that_ran_out, share_to_regions_with_blanks_left}`" + `:
the blanks sent, how many regions got some, the five that got most (` + "`{region, blanks, share}`" + `),
the share of the wave that went to regions that then ran out of blanks (a stock-out day before
their next allocation or the end), and the share that went to regions still holding blanks at
the end (in stock or in transit). Shares are fractions of the wave, to 4 decimals. Without the key
the outputs are as before, byte for byte.

The shipped experiment ` + "`allocation-policies`" + ` (` + "`scenarios/experiments`" + `) runs the same comparison as one
study with ` + "`ektpsim experiment allocation-policies`" + `. ` + "`ektpsim optimize SCENARIO`" + ` searches the ` + "`blend`" + `
that minimises a figure (` + "`--figure`" + `, default ` + "`mean_wait_days`" + `) with gonum's Nelder-Mead, starting from
the simplex of the equal mix and each proportional policy pure, every candidate on the same
` + "`--replications`" + `, and prints the best blend against each pure policy with paired intervals.

The comparison below runs in CI (` + "`EKTPSIM_REFERENCE=full`" + `), which fails if this page is out of
date. The shipped family ` + "`national-allocation-<policy>`" + ` is ` + "`national-2016-2018`" + ` with the keys above (every
2w, boxes of 2,000, a reserve of 200,000, fetched in 1 to 3 days) and each policy.
`
