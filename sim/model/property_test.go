package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// randomScenario writes a scenario with every feature on and extreme but
// valid values drawn from rng.
func randomScenario(rng *rand.Rand) string {
	var b strings.Builder
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	dur := func() string {
		return pick("fixed(3h)", "exponential(2d)", `"uniform(1h, 3d)"`, `"triangular(1h, 5h, 2d)"`,
			`"lognormal(mean=6h, sd=4h)"`, `"gamma(mean=1d, sd=12h)"`, `"weibull(shape=1.5, scale=3d)"`, "90m", "0")
	}
	count := func(max int) string {
		return pick(fmt.Sprint(rng.IntN(max)), fmt.Sprintf("poisson(%d)", rng.IntN(max)), fmt.Sprintf(`"uniform(0, %d)"`, rng.IntN(max)))
	}
	fmt.Fprintf(&b, "start: 2017-01-0%d\nhorizon: %dd\nseed: %d\n", 1+rng.IntN(7), 20+rng.IntN(150), rng.Uint64()>>1)
	fmt.Fprintf(&b, "certificate_validity: %dd\n", 5+rng.IntN(40))
	fmt.Fprintf(&b, "calendar: {overtime_hours: %d, holidays: [2017-01-10, 2017-02-14]}\n", rng.IntN(4))
	fmt.Fprintf(&b, "central:\n  intake_per_day: %d\n  intake_policy: %s\n", rng.IntN(3000), pick("fifo", "proportional", "quota"))
	fmt.Fprintf(&b, "  storage_capacity: %d\n  stored: %d\n", 20000+rng.IntN(40000), rng.IntN(20000))
	// The first change may lower the capacity below what is stored.
	fmt.Fprintf(&b, "  changes: [{date: 2017-01-15, storage_capacity: %d}, {date: 2017-02-01, intake_per_day: %d, storage_capacity: unlimited}]\n", rng.IntN(30000), rng.IntN(5000))
	fmt.Fprintf(&b, "  verification_delay: %s\n  duplicate_share: %.2f\n  duplicate_resolution: %s\n", dur(), rng.Float64()*0.3, dur())
	fmt.Fprintf(&b, "  outages:\n    network: {every: exponential(%dd), lasting: %s}\n", 1+rng.IntN(20), dur())
	fmt.Fprintf(&b, "    scheduled: [{kind: power, from: 2017-01-12, to: \"2017-01-13 10:00\"}]\n")
	fmt.Fprintf(&b, "  blanks:\n    stock: %d\n    deliveries: [{date: 2017-01-20, amount: %d}]\n", rng.IntN(5000), rng.IntN(20000))
	b.WriteString("regions:\n")
	for i := 0; i < 1+rng.IntN(5); i++ {
		fmt.Fprintf(&b, "  - name: R%d\n    intake_quota: %d\n    districts: %d\n", i, rng.IntN(800), 1+rng.IntN(20))
		fmt.Fprintf(&b, "    recording: {first_time: %s, replacement: %s, element_change: %s}\n", count(500), count(100), count(50))
		fmt.Fprintf(&b, "    recording_changes: [{date: 2017-01-25, first_time: %s}]\n", count(300))
		fmt.Fprintf(&b, "    backlog: {unsent: %d, awaiting_intake: {first_time: %d, replacement: %d}, print_ready: {first_time: %d, element_change: %d}}\n",
			rng.IntN(2000), rng.IntN(2000), rng.IntN(500), rng.IntN(3000), rng.IntN(300))
		fmt.Fprintf(&b, "    blanks:\n      stock: %d\n      deliveries: [{date: 2017-01-15, amount: %d}]\n", rng.IntN(3000), rng.IntN(3000))
		switch rng.IntN(3) {
		case 0:
			fmt.Fprintf(&b, "      reorder: {below: %d, amount: %d, lead_time: %s}\n", rng.IntN(2000), 1+rng.IntN(3000), dur())
		case 1:
			// Many orders needed at once: one request of k x amount,
			// filled order by order from the national store.
			fmt.Fprintf(&b, "      reorder: {below: %d, amount: %d, lead_time: %s}\n", rng.IntN(100000), 50+rng.IntN(200), dur())
		}
		fmt.Fprintf(&b, "    ribbons: {stock: %d, cards_per_ribbon: %d, reorder: {below: %s, amount: %d, lead_time: %s}}\n",
			rng.IntN(5), 1+rng.IntN(400), pick(fmt.Sprint(rng.IntN(3)), fmt.Sprint(rng.IntN(300))), 1+rng.IntN(4), dur())
		fmt.Fprintf(&b, "    ups_hours: %d\n    sites:\n", rng.IntN(6))
		for j := 0; j < 1+rng.IntN(3); j++ {
			fmt.Fprintf(&b, "      - name: S%d\n        printers: %d\n        cards_per_printer_per_day: %d\n", j, rng.IntN(6), 1+rng.IntN(400))
			fmt.Fprintf(&b, "        serves: [%s]\n", pick("first_time", "replacement, first_time", "element_change, replacement, first_time", "first_time, element_change"))
			fmt.Fprintf(&b, "        breakdowns: {every: exponential(%dd), repair: %s}\n", 1+rng.IntN(30), dur())
			if rng.IntN(2) == 0 {
				fmt.Fprintf(&b, "        ups_hours: %d\n", rng.IntN(10))
			}
			if rng.IntN(2) == 0 {
				fmt.Fprintf(&b, "        printers_per_district: %d\n        opens: 2017-01-%02d\n", rng.IntN(3), 1+rng.IntN(28))
			}
		}
		fmt.Fprintf(&b, "    outages:\n      network: {every: exponential(%dd), lasting: %s}\n", 1+rng.IntN(10), dur())
		fmt.Fprintf(&b, "      power: {every: exponential(%dd), lasting: %s}\n", 1+rng.IntN(10), dur())
		fmt.Fprintf(&b, "      application: {every: %s, lasting: %s}\n", pick("exponential(4d)", `"uniform(1d, 9d)"`), dur())
		fmt.Fprintf(&b, "      scheduled:\n        - {kind: printer, site: S0, from: 2017-01-05, to: 2017-01-30}\n")
		fmt.Fprintf(&b, "        - {kind: %s, site: S0, from: \"2017-01-09 09:30\", to: \"2017-01-11 13:00\"}\n", pick("network", "power", "application"))
		fmt.Fprintf(&b, "        - {kind: %s, from: \"2017-01-16 07:00\", to: \"2017-01-16 11:00\"}\n", pick("network", "power", "application"))
	}
	return b.String()
}

// TestRandomScenariosConserve runs many random scenarios with every
// conservation law of MODEL.md checked after every event (records, blanks,
// ribbon, national store, certificate holders), and checks the daily rows
// for negative or non-finite values.
func TestRandomScenariosConserve(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 40
	}
	rng := rand.New(rand.NewPCG(2017, 8))
	var events uint64
	for i := 0; i < n; i++ {
		text := randomScenario(rng)
		d, res := runChecked(t, text)
		events += res.Events
		for k, rows := range d.region {
			for _, row := range append(rows, d.nation[k]) {
				vals := []int64{row.Recorded, row.Unsent, row.AwaitingIntake, row.DuplicatesPending, row.InVerification, row.PrintReady, row.Printed, row.PrintedCum, row.RenewalsCum}
				for _, v := range vals {
					if v < 0 {
						t.Fatalf("scenario %d, %s: negative value in %+v\n%s", i, d.dates[k], row, text)
					}
				}
				if math.IsNaN(row.PrintHours) || row.PrintHours < 0 || math.IsNaN(row.LostHours()) || row.LostHours() < -1e-9 {
					t.Fatalf("scenario %d: bad hours in %+v", i, row)
				}
			}
		}
	}
	t.Logf("%d random scenarios, %d events, conservation checked after every event", n, events)
}

func runChecked(t *testing.T, text string) (*days, *Result) {
	t.Helper()
	var d days
	res, err := New(load(t, text), Options{Observer: &d, CheckInvariants: true}).Run()
	if err != nil {
		t.Fatalf("%v\nscenario:\n%s", err, text)
	}
	return &d, res
}
