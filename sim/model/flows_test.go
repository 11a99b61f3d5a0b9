package model

import (
	"math"
	"slices"
	"testing"
)

// 1,000 records taken in on day 0 with 10% duplicates: 900 go to
// verification for 2 days, 100 wait 5 days for resolution. So at the end
// of day 0 and 1: 900 in verification, 100 pending; at 00:00 of day 2 the
// 900 are print-ready; at 00:00 of day 5 the 100 are.
func TestVerificationAndDuplicates(t *testing.T) {
	d, _ := run(t, load(t, `
start: 2017-01-02
end: 2017-01-08
central: {verification_delay: 2d, duplicate_share: 0.1, duplicate_resolution: 5d}
regions: [{name: A, backlog: {awaiting_intake: 1000}}]
`))
	type state struct{ verif, dup, ready int64 }
	var got []state
	for _, rows := range d.region {
		got = append(got, state{rows[0].InVerification, rows[0].DuplicatesPending, rows[0].PrintReady})
	}
	want := []state{{900, 100, 0}, {900, 100, 0}, {0, 100, 900}, {0, 100, 900}, {0, 100, 900}, {0, 0, 1000}, {0, 0, 1000}}
	if !slices.Equal(got, want) {
		t.Errorf("(verification, duplicates, ready) by day\n got %v\nwant %v", got, want)
	}
}

// Two regions reorder 1,000 blanks from a national store of 1,500. Region
// A asks first (it runs low on day 0) and gets its 1,000 after the 1-day
// lead time; B's request waits whole (500 would be left) until the national
// delivery of day 3, then arrives a day later.
func TestReorderFromNationalStore(t *testing.T) {
	d, _ := run(t, load(t, `
start: 2017-01-02
end: 2017-01-07
central:
  blanks: {stock: 1500, deliveries: [{date: 2017-01-05, amount: 2000}]}
regions:
  - name: A
    backlog: {print_ready: 100000}
    blanks: {stock: 100, reorder: {below: 50, amount: 1000, lead_time: 1d}}
    sites: [{name: s, printers: 1, cards_per_printer_per_day: 80}]
  - name: B
    backlog: {print_ready: 100000}
    blanks: {stock: 200, reorder: {below: 150, amount: 1000, lead_time: 1d}}
    sites: [{name: s, printers: 1, cards_per_printer_per_day: 80}]
`))
	blanks := func(r DayRow) int64 { return r.Blanks }
	a, b := d.column(0, blanks), d.column(1, blanks)
	// A prints 10 an hour from 100; at 49 left (13:06 on day 0) stock plus
	// orders falls below 50 and it orders 1,000, arriving 13:06 on day 1.
	// Day 0 ends with 20. Day 1 prints those 20 by 10:00, stands idle until
	// 13:06, then prints 2.9 h x 10 = 29: 20+1000-49 = 971. Then 80 a day:
	// 891, 811, 731, and Saturday prints nothing.
	if want := []int64{20, 971, 891, 811, 731, 731}; !slices.Equal(a, want) {
		t.Errorf("A's blanks by day %v, want %v", a, want)
	}
	// B orders at 149 left on day 0, but the store has 500 left after A's
	// 1,000: the request waits whole. 120, 40, 0 (idle from 12:00 on day
	// 2), 0 on day 3 (the national delivery arrives at 00:00 of day 3, so
	// B's 1,000 arrive 00:00 of day 4), 1000-80 = 920, and 920 on Saturday.
	if want := []int64{120, 40, 0, 0, 920, 920}; !slices.Equal(b, want) {
		t.Errorf("B's blanks by day %v, want %v", b, want)
	}
	if d.region[3][1].Lost[CauseBlanks] != 8 {
		t.Errorf("B lost %v h to blanks on day 3, want 8", d.region[3][1].Lost[CauseBlanks])
	}
}

// With a 10-day certificate and nothing ever printed, the 100 people of
// the initial backlog renew on days 10 and 20; 50 recorded on Monday day 0
// (start 2017-01-02) renew on days 10 and 20 too; 50 recorded on day 1 on
// days 11 and 21.
func TestCertificateRenewals(t *testing.T) {
	d, res := run(t, load(t, `
start: 2017-01-02
end: 2017-01-23
certificate_validity: 10d
central: {intake_per_day: 0}
regions:
  - name: A
    backlog: {awaiting_intake: 100}
    recording: {first_time: 50}
    recording_changes: [{date: 2017-01-04, first_time: 0}]
`))
	got := d.column(0, func(r DayRow) int64 { return r.Renewals })
	want := make([]int64, 22)
	want[10], want[20] = 150, 150
	want[11], want[21] = 50, 50
	if !slices.Equal(got, want) {
		t.Errorf("renewals by day %v\nwant %v", got, want)
	}
	if res.Nation.RenewalsTotal != 400 {
		t.Errorf("total renewals %d, want 400", res.Nation.RenewalsTotal)
	}
}

// The model's cost grows with state changes, not with cards: doubling
// every recording rate and stock changes the number of events by under 5%.
func TestCostIndependentOfVolume(t *testing.T) {
	base := `
start: 2017-01-02
end: 2017-12-31
seed: 3
central: {intake_per_day: %d}
regions:
  - name: A
    recording: {first_time: poisson(%d), replacement: poisson(%d)}
    backlog: {print_ready: %d}
    blanks: {stock: %d, reorder: {below: %d, amount: %d, lead_time: 3d}}
    sites: [{name: s, printers: 3, cards_per_printer_per_day: %d, breakdowns: {every: exponential(30d), repair: 2d}}]
    outages:
      network: {every: exponential(5d), lasting: exponential(6h)}
      power: {every: exponential(9d), lasting: exponential(4h)}
`
	events := func(k int) uint64 {
		_, res := run(t, load(t, sprintf(base, 5000*k, 3000*k, 500*k, 50000*k, 20000*k, 5000*k, 20000*k, 1200*k)))
		return res.Events
	}
	e1, e2 := events(1), events(2)
	if math.Abs(float64(e2)-float64(e1)) > 0.05*float64(e1) {
		t.Errorf("events %d at 1x, %d at 2x: more than 5%% apart", e1, e2)
	}
	t.Logf("events: %d at 1x volume, %d at 2x", e1, e2)
}

const twoSites = `
start: 2017-01-02
end: %s
regions:
  - name: A
    backlog: {print_ready: {first_time: 1000, replacement: 300}}
    sites:
      - {name: city, printers: 1, cards_per_printer_per_day: 100, serves: [replacement, first_time]}
      - {name: district, printers: 1, cards_per_printer_per_day: 100, serves: [first_time]}
`

// Sites print their classes in the order of serves, oldest first within a
// class, and share the region's queues: the district site serves only
// first-time records; the city office serves replacements first. With 300
// replacement and 1,000 first-time records waiting and 100 a day at each
// site, day 0 prints 100 replacements (city) and 100 first-time (district).
func TestServesPriority(t *testing.T) {
	d, _ := run(t, load(t, sprintf(twoSites, "2017-01-05")))
	ready := d.column(0, func(r DayRow) int64 { return r.PrintReady })
	// Days 0-2: 200 a day; replacements are gone after day 2 (300 = 3 x
	// 100), so the city office turns to first-time records on day 3.
	if want := []int64{1100, 900, 700, 500}; !slices.Equal(ready, want) {
		t.Errorf("print-ready by day %v, want %v", ready, want)
	}
	m := New(load(t, sprintf(twoSites, "2017-01-02")), Options{})
	if _, err := m.Run(); err != nil {
		t.Fatal(err)
	}
	r := m.regions[0]
	if r.ready.total[0] != 900 || r.ready.total[1] != 200 {
		t.Errorf("after day 0: first-time %d, replacement %d; want 900, 200", r.ready.total[0], r.ready.total[1])
	}
}
