package model

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// allocThree is three regions and no printing (no printers, no intake):
// at the national delivery on Wednesday 2017-01-04 every region holds its
// backlog at the start. A: population 500, 300 print-ready and 100
// awaiting intake (400 waiting); B: 300, 300 and 500 (800); C: 200, 400
// and none (400). The store starts empty, so the allocation at the start
// sends nothing.
const allocThree = `
start: 2017-01-02
horizon: 7d
central:
  intake_per_day: 0
  blanks:
    stock: 0
    deliveries: [{date: 2017-01-04, amount: 23500}]
    allocation: {policy: %s, box: 2000, reserve: %d}
regions:
  - {name: A, population: 500, backlog: {print_ready: 300, awaiting_intake: 100}, blanks: {stock: 0}}
  - {name: B, population: 300, backlog: {print_ready: 300, awaiting_intake: 500}, blanks: {stock: 0}}
  - {name: C, population: 200, backlog: {print_ready: 400}, blanks: {stock: 0}}
`

// Each policy's shares, computed by hand: the boxes are (23,500 -
// reserve) / 2,000 rounded down, split in proportion to the weights, the
// floors first and the boxes left over to the largest remainders, ties to
// the region listed first.
func TestAllocationPolicies(t *testing.T) {
	cases := []struct {
		policy  string
		reserve int64
		want    [3]int64 // blanks to A, B, C
	}{
		// 9 boxes by 5:3:2 = 4.5, 2.7, 1.8: floors 4, 2, 1; the two left
		// go to C (.8) and B (.7).
		{"population", 5000, [3]int64{8000, 6000, 4000}},
		// 10 boxes by 1:1:1 = 3.33 each: the one left goes to A, the first
		// of three tied.
		{"equal", 3000, [3]int64{8000, 6000, 6000}},
		// 9 boxes: 3 each exactly.
		{"equal", 5000, [3]int64{6000, 6000, 6000}},
		// 8 boxes by 300:300:400 = 2.4, 2.4, 3.2: floors 2, 2, 3; the one
		// left to A, tied with B and listed first.
		{"print_ready", 7000, [3]int64{6000, 4000, 6000}},
		// 9 boxes by 400:800:400 = 2.25, 4.5, 2.25: the one left to B.
		{"waiting", 5000, [3]int64{4000, 10000, 4000}},
		// blend of population and waiting, 1:1: shares (0.5 + 0.25)/2,
		// (0.3 + 0.5)/2, (0.2 + 0.25)/2 = 0.375, 0.4, 0.225 of 9 boxes =
		// 3.375, 3.6, 2.025: floors 3, 3, 2, the one left to B (.6).
		{"blend, blend: {population: 1, waiting: 1}", 5000, [3]int64{6000, 8000, 4000}},
		// A blend of one policy is that policy.
		{"blend, blend: {print_ready: 3}", 7000, [3]int64{6000, 4000, 6000}},
		// A reserve above the store: nothing goes.
		{"population", 23500, [3]int64{0, 0, 0}},
		// 1,500 above the reserve is less than a box: nothing goes.
		{"waiting", 22000, [3]int64{0, 0, 0}},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s/reserve=%d", c.policy, c.reserve), func(t *testing.T) {
			d, res := run(t, load(t, fmt.Sprintf(allocThree, c.policy, c.reserve)))
			var sent int64
			for i := range 3 {
				// Fetched at once (no fetch_time): allocated and in stock
				// on Wednesday, nothing in transit at its end.
				row := d.region[2][i]
				if row.Allocated != c.want[i] || row.Blanks != c.want[i] || row.InTransit != 0 {
					t.Errorf("region %d on the delivery day: allocated %d, blanks %d, in transit %d; want %d, %d, 0",
						i, row.Allocated, row.Blanks, row.InTransit, c.want[i], c.want[i])
				}
				for day, rows := range d.region {
					if day != 2 && rows[i].Allocated != 0 {
						t.Errorf("region %d: %d allocated on day %d, want only on the delivery day", i, rows[i].Allocated, day)
					}
				}
				sent += c.want[i]
			}
			if got := d.nation[2].Allocated; got != sent {
				t.Errorf("the nation's allocated %d, want %d", got, sent)
			}
			if got := d.nation[6].NationalBlanks; got != 23500-sent {
				t.Errorf("national store at the end %d, want %d", got, 23500-sent)
			}
			if sent == 0 {
				if len(res.Waves) != 0 {
					t.Errorf("waves %+v, want none", res.Waves)
				}
				return
			}
			if len(res.Waves) != 1 || res.Waves[0].Day != 2 || res.Waves[0].Total != sent {
				t.Fatalf("waves %+v, want one of %d on day 2", res.Waves, sent)
			}
			// Nothing prints: no region runs out after the wave, and all of
			// it is left at the end. The top regions, most first, ties in
			// scenario order.
			w := res.Waves[0]
			var top []WaveShare
			for i, n := range c.want {
				if n > 0 {
					top = append(top, WaveShare{Region: i, Blanks: n})
				}
			}
			slices.SortStableFunc(top, func(x, y WaveShare) int { return int(y.Blanks - x.Blanks) })
			if w.RanOut != 0 || w.LeftAtEnd != sent || w.Regions != len(top) || !slices.Equal(w.Top, top) {
				t.Errorf("wave %+v: want nothing run out, %d left, top %+v", w, sent, top)
			}
		})
	}
}

// needScenario has printers: A one at 100 cards a day and no blanks; B two
// and 150 blanks, which it prints on Monday; C one, 1,000 blanks and 250
// records, of which it prints 100 on Monday and 100 on Tuesday. On
// Wednesday, three working days before the end of the run (the next
// allocation), the capacities are 300, 600 and 300: A needs min(300, 300)
// - 0 = 300, B min(850, 600) - 0 = 600, C min(50, 300) - 800 < 0, none.
// A fetches its blanks in a day, B at once.
const needScenario = `
start: 2017-01-02
horizon: 7d
central:
  intake_per_day: 0
  blanks:
    stock: 0
    deliveries: [{date: 2017-01-04, amount: %d}]
    allocation: {policy: need, box: 100}
regions:
  - name: A
    backlog: {print_ready: 300}
    blanks: {stock: 0}
    fetch_time: 1d
    sites: [{printers: 1, cards_per_printer_per_day: 100}]
  - name: B
    backlog: {print_ready: 1000}
    blanks: {stock: 150}
    sites: [{printers: 2, cards_per_printer_per_day: 100}]
  - name: C
    backlog: {print_ready: 250}
    blanks: {stock: 1000}
    sites: [{printers: 1, cards_per_printer_per_day: 100}]
`

func TestAllocationNeed(t *testing.T) {
	// Enough in the store: each region gets its need and the rest stays.
	d, res := run(t, load(t, fmt.Sprintf(needScenario, 10000)))
	wed, thu := d.region[2], d.region[3]
	if got := []int64{wed[0].Allocated, wed[1].Allocated, wed[2].Allocated}; !slices.Equal(got, []int64{300, 600, 0}) {
		t.Fatalf("allocated on Wednesday %v, want [300 600 0]", got)
	}
	if got := d.nation[2].NationalBlanks; got != 9100 {
		t.Errorf("national store after the allocation %d, want 10,000 - 900 = 9,100", got)
	}
	// A's blanks are on the road on Wednesday and arrive on Thursday at
	// 00:00; B's arrive at once and it prints 200 on Wednesday.
	if wed[0].InTransit != 300 || wed[0].Blanks != 0 || wed[0].Printed != 0 {
		t.Errorf("A on Wednesday: in transit %d, blanks %d, printed %d; want 300, 0, 0", wed[0].InTransit, wed[0].Blanks, wed[0].Printed)
	}
	if thu[0].InTransit != 0 || thu[0].Printed != 100 || thu[0].Blanks != 200 {
		t.Errorf("A on Thursday: in transit %d, printed %d, blanks %d; want 0, 100, 200", thu[0].InTransit, thu[0].Printed, thu[0].Blanks)
	}
	if wed[1].Printed != 200 || wed[1].Blanks != 400 || d.nation[2].InTransit != 300 {
		t.Errorf("B on Wednesday: printed %d, blanks %d (nation in transit %d); want 200, 400 (300)", wed[1].Printed, wed[1].Blanks, d.nation[2].InTransit)
	}
	// Both run out after the wave: A on Wednesday, its blanks on the road
	// and records waiting; B on Friday, its 600 printed. A ends with 100
	// (300 less Thursday's and Friday's 100), B with none.
	want := Wave{Day: 2, Total: 900, Regions: 2, Top: []WaveShare{{Region: 1, Blanks: 600}, {Region: 0, Blanks: 300}}, RanOut: 900, LeftAtEnd: 300}
	if len(res.Waves) != 1 || !reflect.DeepEqual(res.Waves[0], want) {
		t.Errorf("waves %+v, want one: %+v", res.Waves, want)
	}
	if got := d.region[6][0].Blanks; got != 100 {
		t.Errorf("A ends with %d blanks, want 100", got)
	}

	// Short: 500 blanks, 5 boxes by 3:6 = 1.67, 3.33: floors 1, 3; the
	// one left to A (.67).
	d, _ = run(t, load(t, fmt.Sprintf(needScenario, 500)))
	if got := []int64{d.region[2][0].Allocated, d.region[2][1].Allocated, d.region[2][2].Allocated}; !slices.Equal(got, []int64{200, 300, 0}) {
		t.Errorf("allocated from 500 %v, want [200 300 0]", got)
	}
}

// With every, allocations follow the schedule from the start, and need's
// horizon is the next of them: the schedule every 2d from Monday
// allocates on Monday (the start), Wednesday and Friday; the store starts
// with 10,000. A region with one printer at 100 a day and 1,000
// print-ready records needs 200 for the two working days to the next
// allocation each time, less what it holds.
func TestAllocationSchedule(t *testing.T) {
	sc := load(t, `
start: 2017-01-02
horizon: 7d
central:
  blanks:
    stock: 10000
    allocation: {policy: need, every: 2d}
regions:
  - name: A
    backlog: {print_ready: 1000}
    blanks: {stock: 0}
    sites: [{printers: 1, cards_per_printer_per_day: 100}]
`)
	d, res := run(t, sc)
	got := d.column(0, func(r DayRow) int64 { return r.Allocated })
	// Monday 200 (Mon, Tue); Wednesday 200 (all printed); Friday 100 (one
	// working day, Friday, before the next allocation on Sunday).
	if want := []int64{200, 0, 200, 0, 100, 0, 0}; !slices.Equal(got, want) {
		t.Errorf("allocated by day %v, want %v", got, want)
	}
	if len(res.Waves) != 3 {
		t.Errorf("%d waves, want 3", len(res.Waves))
	}
	printed := d.column(0, func(r DayRow) int64 { return r.Printed })
	if want := []int64{100, 100, 100, 100, 100, 0, 0}; !slices.Equal(printed, want) {
		t.Errorf("printed by day %v, want %v", printed, want)
	}
}

// The fetch time is drawn per region from a stream of its own: a
// distribution spreads the arrivals, and each region's draws do not
// depend on the other regions (common random numbers).
func TestAllocationFetchTime(t *testing.T) {
	const text = `
start: 2017-01-02
horizon: 20d
central:
  blanks:
    stock: 0
    deliveries: [{date: 2017-01-03, amount: 4000}]
    allocation: {policy: equal, box: 1000}
regions:
  - {name: A, blanks: {stock: 0}, fetch_time: "uniform(1d, 9d)"}
  - {name: B, blanks: {stock: 0}, fetch_time: %s}
`
	arrival := func(d *days, i int) int {
		for k, rows := range d.region {
			if rows[i].Blanks > 0 {
				return k
			}
		}
		return -1
	}
	d1, _ := run(t, load(t, fmt.Sprintf(text, "3d")))
	d2, _ := run(t, load(t, fmt.Sprintf(text, `"uniform(5d, 6d)"`)))
	if a, b := arrival(d1, 0), arrival(d2, 0); a != b || a < 2 || a > 10 {
		t.Errorf("A's blanks arrive on day %d and %d; want the same day, 1 to 9 days after day 1", a, b)
	}
	if b := arrival(d1, 1); b != 4 {
		t.Errorf("B's blanks with a fixed 3d arrive on day %d, want 4", b)
	}
	if b := arrival(d2, 1); b != 6 {
		t.Errorf("B's blanks with uniform(5d, 6d) arrive on day %d, want 6", b)
	}
	for k := 1; k < arrival(d1, 0); k++ {
		if got := d1.region[k][0].InTransit; got != 2000 {
			t.Errorf("A on day %d: %d in transit, want 2,000", k, got)
		}
	}
}

// A scenario with policy requests written out runs exactly as without
// the key: the same rows, nothing allocated.
func TestAllocationRequestsIsDefault(t *testing.T) {
	const text = `
start: 2017-01-02
horizon: 30d
central:
  blanks:
    stock: 3000
    deliveries: [{date: 2017-01-10, amount: 5000}]
%s
regions:
  - name: A
    recording: {first_time: poisson(80)}
    blanks: {stock: 200, reorder: {below: 300, amount: 1000, lead_time: "uniform(1d, 3d)"}}
    sites: [{printers: 1, cards_per_printer_per_day: 100}]
`
	a, ra := run(t, load(t, fmt.Sprintf(text, "")))
	b, rb := run(t, load(t, fmt.Sprintf(text, "    allocation: {policy: requests}")))
	if !slices.Equal(a.nation, b.nation) || ra.Nation != rb.Nation || len(rb.Waves) != 0 {
		t.Fatalf("requests written out differs from the default")
	}
	var transit int64
	for _, r := range a.nation {
		transit += r.InTransit
		if r.Allocated != 0 {
			t.Fatalf("allocated %d under requests", r.Allocated)
		}
	}
	if transit == 0 {
		t.Errorf("reorders never in transit at a day's end; the test shows nothing")
	}
}

// TestRandomScenariosConserveWithAllocation is the random-scenario
// property test with an allocation policy, schedule, box, reserve and
// fetch times drawn too: every conservation law, the national store's
// included (store + in transit + regional stocks + printed), is checked
// after every event.
func TestRandomScenariosConserveWithAllocation(t *testing.T) {
	n := 150
	if testing.Short() {
		n = 30
	}
	rng := rand.New(rand.NewPCG(2017, 17))
	alloc := rand.New(rand.NewPCG(17, 2017))
	policies := []string{"population", "equal", "print_ready", "waiting", "need", "requests", "blend, blend: {population: 1, print_ready: 0.5, waiting: 2}"}
	region := regexp.MustCompile(`(?m)^  - name: (R\d+)\n`)
	var events uint64
	var allocated int64
	for i := 0; i < n; i++ {
		text := randomScenario(rng)
		p := policies[alloc.IntN(len(policies))]
		block := fmt.Sprintf("    allocation: {policy: %s}\n", p)
		if p != "requests" {
			block = fmt.Sprintf("    allocation: {policy: %s, every: %dd, box: %d, reserve: %d}\n", p, 1+alloc.IntN(20), 1+alloc.IntN(500), alloc.IntN(3000))
			text = region.ReplaceAllStringFunc(text, func(s string) string {
				return s + fmt.Sprintf("    population: %d\n    fetch_time: %s\n", alloc.IntN(1000),
					[]string{"0", "2d", `"uniform(1h, 5d)"`, "exponential(1d)"}[alloc.IntN(4)])
			})
		}
		text = strings.Replace(text, "  blanks:\n    stock:", "  blanks:\n"+block+"    stock:", 1)
		if p == "population" && !strings.Contains(text, "population: ") {
			continue
		}
		d, res := runCheckedAllowing(t, text)
		if res == nil {
			continue
		}
		events += res.Events
		for _, r := range d.nation {
			allocated += r.Allocated
			if r.Allocated < 0 || r.InTransit < 0 {
				t.Fatalf("scenario %d: negative allocated or in transit in %+v\n%s", i, r, text)
			}
		}
	}
	if allocated == 0 {
		t.Fatal("no random scenario allocated anything")
	}
	t.Logf("%d random scenarios with allocation, %d events, %d blanks allocated, conservation checked after every event", n, events, allocated)
}

// runCheckedAllowing is runChecked for a scenario that validation may
// refuse (a population policy whose regions all drew population 0): it
// returns nil then.
func runCheckedAllowing(t *testing.T, text string) (*days, *Result) {
	t.Helper()
	if strings.Contains(text, "policy: population") && !regexp.MustCompile(`population: [1-9]`).MatchString(text) {
		return nil, nil
	}
	return runChecked(t, text)
}
