package model

import (
	"math"
	"testing"

	"github.com/ektpsim/ektpsim/sim/dist"
)

// Ribbons at the limits of the agreed ranges (stock 1e9 ribbons of 1e6
// cards, deliveries and reorders of 1e12 ribbons): 1e18 cards a delivery,
// so nine of them and an order are more than int64 holds, and ten regions' stocks summed
// for the nation more still. A stock is held to maxCards, the nation's sum
// saturates, and conservation holds after every event.
func TestStocksAtRangeLimits(t *testing.T) {
	var regions string
	for i := 0; i < 10; i++ {
		regions += sprintf(`
  - name: R%d
    backlog: {print_ready: 1000000000000}
    blanks:
      stock: 1000000000000
      deliveries: [%s]
      reorder: {below: 1000000000000, amount: 1000000000000, lead_time: 1d}
    ribbons:
      stock: 1000000000
      cards_per_ribbon: 1000000
      deliveries: [%s]
      reorder: {below: 1000000000, amount: 1000000000, lead_time: 1d}
    sites: [{name: s, printers: 100000, cards_per_printer_per_day: 1000000}]
`, i, deliveries(9, "2017-01-0", 1000000000000), deliveries(9, "2017-01-0", 1000000000))
	}
	text := `
start: 2017-01-01
end: 2017-01-09
central:
  blanks:
    stock: 1000000000000
    deliveries: [` + deliveries(9, "2017-01-0", 1000000000000) + `]
regions:` + regions
	d, _ := run(t, load(t, text))
	for k, rows := range d.region {
		var blanks, ribbon int64
		for i, row := range rows {
			if row.Blanks < 0 || row.RibbonCards < 0 || row.RibbonCards > maxCards || row.Blanks > maxCards {
				t.Fatalf("%s, region %d: blanks %d, ribbon %d", d.dates[k], i, row.Blanks, row.RibbonCards)
			}
			blanks, ribbon = blanks+row.Blanks, ribbon+row.RibbonCards
		}
		// Within the ranges validation allows, the nation's sums are exact.
		n := d.nation[k]
		if n.Blanks != blanks || n.RibbonCards != ribbon || n.NationalBlanks < 0 {
			t.Errorf("%s, nation: blanks %d, ribbon %d, national store %d; want the regions' sums %d and %d", d.dates[k], n.Blanks, n.RibbonCards, n.NationalBlanks, blanks, ribbon)
		}
	}
	// 1e5 printers x 1e6 cards: 1e11 a day, Monday 2 to Monday 9
	// January: 6 working days.
	if got := d.region[8][0].PrintedCum; got != 6*100000*1000000 {
		t.Errorf("printed %d, want %d", got, int64(6*100000*1000000))
	}
}

// deliveries writes n deliveries of amount on days prefix+1..n (n <= 9).
func deliveries(n int, prefix string, amount int64) string {
	s := ""
	for i := 1; i <= n && i <= 9; i++ {
		if s != "" {
			s += ", "
		}
		s += sprintf("{date: %s%d, amount: %d}", prefix, i, amount)
	}
	return s
}

// The wait histogram of the nation at the range limits: 2e17 cards
// printed after 18,000 days each sum to 3.6e21 day-cards, beyond int64.
func TestWaitStatsDoNotOverflow(t *testing.T) {
	hist := make([]int64, 18001)
	hist[0] = 2e17
	hist[18000] = 2e17
	mean, p95 := waitStats(hist)
	if mean != 9000 || p95 != 18000 {
		t.Errorf("mean %v, p95 %v; want 9000, 18000", mean, p95)
	}
}

// The nation's cumulative renewals can exceed int64 at the range limits
// (20,000 regions of 2.6e17): the sum saturates rather than wrapping.
func TestNationRowSaturates(t *testing.T) {
	var n DayRow
	r := DayRow{RenewalsCum: 5e18, Renewals: 5e18, Blanks: 5e18, RibbonCards: 5e18}
	r.addTo(&n)
	r.addTo(&n)
	if n.RenewalsCum != math.MaxInt64 || n.Renewals != math.MaxInt64 || n.Blanks != math.MaxInt64 || n.RibbonCards != math.MaxInt64 {
		t.Errorf("nation %+v: want the renewals and stocks saturated at %d", n, int64(math.MaxInt64))
	}
}

// A day's recording draw beyond what int64 holds (a count distribution's
// extreme tail, as validation bounds only means) is held to dist.MaxCount
// rather than wrapping negative.
func TestRecordingDrawIsBounded(t *testing.T) {
	sc := load(t, `
start: 2017-01-02
end: 2017-01-03
regions: [{name: A, recording: {first_time: 10}}]
`)
	sc.Regions[0].Recording.FirstTime.Dist = dist.Fixed{Value: 1e30}
	d, _ := run(t, sc)
	if got := d.region[1][0].Recorded; got != 2*dist.MaxCount {
		t.Errorf("recorded %d in two days, want %d", got, int64(2*dist.MaxCount))
	}
}
