package model

import (
	"math"
	"slices"
	"testing"
)

// probeSites runs sc and returns, at each of the given hours, the cards
// printed so far by each site of region 0 and their carried fractions.
func probeSites(t *testing.T, sc string, hours ...float64) (*days, [][]int64, [][]float64) {
	t.Helper()
	m := New(load(t, sc), Options{CheckInvariants: true})
	printed := make([][]int64, len(hours))
	carry := make([][]float64, len(hours))
	for i, h := range hours {
		m.env.Schedule(h, prioWake+1, actionFunc(func(now float64) {
			r := m.regions[0]
			r.advance(now)
			for _, s := range r.sites {
				printed[i] = append(printed[i], s.printed)
				carry[i] = append(carry[i], s.carry)
			}
		}))
	}
	var d days
	m.opt.Observer = &d
	if _, err := m.Run(); err != nil {
		t.Fatal(err)
	}
	return &d, printed, carry
}

// Two sites empty a queue mid-day and keep their fractions of a card.
// A prints 10 cards an hour (80 a day), B 7.5 (60 a day); 15 records are
// print-ready at 08:00 on Monday, and 1,000 more at 11:00 (taken in at
// 00:00, 11 hours of verification). By hand: at 08:51:26 (15/17.5 h) A has
// 8.57 cards' worth and B 6.43: 8 + 6 = 14 printed. A finishes the 15th
// at 08:54 (0.9 h): A 9, and B has 6.75 cards' worth, 6 printed and a
// fraction of 0.75 that it keeps while the queue is empty. From 11:00 to
// 16:00 A prints 50 and B 0.75 + 37.5 = 38.25: 38 cards, 0.25 carried.
// Monday: 15 + 50 + 38 = 103 (102 when B's fraction was dropped).
func TestSitesEmptyingQueueKeepFraction(t *testing.T) {
	d, printed, carry := probeSites(t, `
start: 2017-08-14
end: 2017-08-14
central: {verification_delay: 11h}
regions:
  - name: A
    backlog: {print_ready: 15, awaiting_intake: 1000}
    sites:
      - {name: A, printers: 1, cards_per_printer_per_day: 80}
      - {name: B, printers: 1, cards_per_printer_per_day: 60}
`, 10, 16)
	if !slices.Equal(printed[0], []int64{9, 6}) || !near(carry[0][1], 0.75) {
		t.Errorf("at 10:00: printed by site %v, B's fraction %v; want [9 6], 0.75", printed[0], carry[0][1])
	}
	if !slices.Equal(printed[1], []int64{59, 44}) || !near(carry[1][1], 0.25) {
		t.Errorf("at 16:00: printed by site %v, B's fraction %v; want [59 44], 0.25", printed[1], carry[1][1])
	}
	if got := d.region[0][0].Printed; got != 103 {
		t.Errorf("Monday printed %d, want 103", got)
	}
}

// An exact tie goes to the site listed first. A (10 an hour) and B (7.5 an
// hour) share 34 records: at 09:56:34 (34/17.5 h) A has 19.43 cards' worth
// and B 14.57: 33 printed; both reach their next whole card at 10:00
// exactly (A 20, B 15), and A, listed first, takes the 34th. Listed the
// other way round, B takes it.
func TestSitesExactTieGoesToFirstListed(t *testing.T) {
	const sc = `
start: 2017-08-14
end: 2017-08-14
regions:
  - name: A
    backlog: {print_ready: 34}
    sites:
%s
`
	a := "      - {name: A, printers: 1, cards_per_printer_per_day: 80}\n"
	b := "      - {name: B, printers: 1, cards_per_printer_per_day: 60}\n"
	_, printed, _ := probeSites(t, sprintf(sc, a+b), 12)
	if !slices.Equal(printed[0], []int64{20, 14}) {
		t.Errorf("A listed first: printed by site %v, want [20 14]", printed[0])
	}
	_, printed, _ = probeSites(t, sprintf(sc, b+a), 12)
	if !slices.Equal(printed[0], []int64{15, 19}) {
		t.Errorf("B listed first: printed by site (B, A) %v, want [15 19]", printed[0])
	}
}

// near compares hours or fractions of a card computed in float64.
func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
