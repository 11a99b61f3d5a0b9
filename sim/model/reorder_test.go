package model

import (
	"testing"
	"time"
)

// runWithin runs sc with the invariant checks on and fails if it takes
// longer than limit (the run goes on in the background then).
func runWithin(t *testing.T, text string, limit time.Duration) (*days, *Result) {
	t.Helper()
	sc := load(t, text)
	type out struct {
		d   *days
		res *Result
		err error
	}
	done := make(chan out, 1)
	go func() {
		var d days
		res, err := New(sc, Options{Observer: &d, CheckInvariants: true}).Run()
		done <- out{&d, res, err}
	}()
	select {
	case o := <-done:
		if o.err != nil {
			t.Fatal(o.err)
		}
		return o.d, o.res
	case <-time.After(limit):
		t.Fatalf("the run did not end within %v", limit)
	}
	return nil, nil
}

// Issue 13: a threshold a million times the amount placed a million orders
// at once, a quadratic list of shipments and a first event that never
// ended. The million orders needed at once are now one request of a
// million blanks. The national store holds 400,000 and gets 700,000 on
// 1 February: 400,000 go at once, the 600,000 left wait whole as one
// request and go on 1 February (the 100,000 over stay in the store), and
// every card printed after that orders one more. One printer at 80 a day
// prints every working day (the first 400,000 arrive after 3 days).
// The invariant checks (conservation of blanks in the region and in the
// national store) run after every event.
func TestReorderManyAtOnceIsCheap(t *testing.T) {
	const sc = `
start: 2017-01-02
end: 2017-03-31
central:
  blanks: {stock: 400000, deliveries: [{date: 2017-02-01, amount: 700000}]}
regions:
  - name: A
    backlog: {print_ready: 100000}
    blanks: {stock: 0, reorder: {below: 1000000, amount: 1, lead_time: 3d}}
    sites: [{name: s, printers: 1, cards_per_printer_per_day: 80}]
`
	start := time.Now()
	d, res := runWithin(t, sc, 20*time.Second)
	if el := time.Since(start); el > time.Second {
		t.Errorf("the run took %v, want well under a second", el)
	}
	for i, date := range d.dates {
		row, nat := d.region[i][0], d.nation[i]
		wd := date.Time().Weekday()
		want := int64(80)
		if wd == 0 || wd == 6 || i < 3 {
			want = 0
		}
		if row.Printed != want {
			t.Errorf("%s: printed %d, want %d", date, row.Printed, want)
		}
		// Before 1 February: the store is empty and the region holds
		// 400,000 less what it printed (each card printed ordered one
		// more, waiting behind the 600,000). On 1 February the 700,000
		// fill the 600,000 and those orders (1,520 cards printed in
		// January), and every card printed from then on takes one more
		// from the store: 100,000 less all printed. The region holds
		// 1,000,000 less the orders of the last 3 days (lead time) from
		// 4 February, when the 601,520 sent on the 1st arrive.
		if date.String() == "2017-01-31" && (nat.NationalBlanks != 0 || row.Blanks != 400000-row.PrintedCum || row.PrintedCum != 1520) {
			t.Errorf("%s: national store %d, region %d, printed %d; want 0, %d, 1520", date, nat.NationalBlanks, row.Blanks, row.PrintedCum, 400000-row.PrintedCum)
		}
		if date.String() > "2017-01-31" && (nat.NationalBlanks != 100000-row.PrintedCum || date.String() >= "2017-02-04" && row.Blanks < 1000000-3*80) {
			t.Errorf("%s: national store %d, region %d; want %d, at least 1,000,000 less 3 days' orders in flight", date, nat.NationalBlanks, row.Blanks, 100000-row.PrintedCum)
		}
	}
	t.Logf("%d events", res.Events)
}

// The same for ribbons, which do not come from the national store.
func TestRibbonReorderManyAtOnceIsCheap(t *testing.T) {
	const sc = `
start: 2017-01-02
end: 2017-03-31
regions:
  - name: A
    backlog: {print_ready: 100000}
    ribbons: {stock: 0, cards_per_ribbon: 1, reorder: {below: 1000000, amount: 1, lead_time: "uniform(1d, 3d)"}}
    sites: [{name: s, printers: 1, cards_per_printer_per_day: 80}]
`
	start := time.Now()
	d, _ := runWithin(t, sc, 20*time.Second)
	if el := time.Since(start); el > time.Second {
		t.Errorf("the run took %v, want well under a second", el)
	}
	last := d.region[len(d.region)-1][0]
	if last.PrintedCum == 0 || last.RibbonCards+last.PrintedCum < 1000000 {
		t.Errorf("printed %d, ribbon left %d: want printing and 1,000,000 cards' worth delivered at least", last.PrintedCum, last.RibbonCards)
	}
}
