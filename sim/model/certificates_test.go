package model

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// The running sums count the same renewals as the direct sum, day by day
// and region by region, for validities with periods of 1 to 24 offsets,
// with recording, printing (overtime to midnight included), duplicates
// resolved months later and random outages.
func TestRenewalSumsMatchDirectSum(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 13))
	for _, validity := range []string{"1d", "2d", "36h", "25h", "7d", "31h", "1w", "4380h", "90d", "1441m"} {
		t.Run(validity, func(t *testing.T) {
			text := sprintf(`
start: 2017-01-02
horizon: 800d
certificate_validity: %s
calendar: {overtime_hours: 8}
central: {intake_per_day: 300, duplicate_share: 0.1, duplicate_resolution: exponential(60d)}
regions:
  - name: A
    recording: {first_time: poisson(120), replacement: poisson(30)}
    backlog: {print_ready: 2000, awaiting_intake: 3000}
    sites: [{name: s, printers: 1, cards_per_printer_per_day: %d, breakdowns: {every: exponential(20d), repair: 2d}}]
    outages: {network: {every: exponential(9d), lasting: 1d}}
  - name: B
    recording: {first_time: poisson(40)}
    sites: [{name: s, printers: 2, cards_per_printer_per_day: 30}]
`, validity, 60+rng.IntN(100))
			sc := load(t, text)
			days := func(naive int) (*days, *Model) {
				var d days
				m := build(sc, Options{Observer: &d, CheckInvariants: true}, naive)
				if _, err := m.Run(); err != nil {
					t.Fatal(err)
				}
				return &d, m
			}
			fast, m := days(naiveRenewals)
			if validity != "4380h" && validity != "90d" && validity != "1441m" && m.renewQ == 0 {
				t.Fatalf("validity %s: no period found in %d offsets", validity, len(m.renewOffsets))
			}
			direct, _ := days(1 << 30)
			for i := range sc.Regions {
				f := fast.column(i, func(r DayRow) int64 { return r.Renewals })
				g := direct.column(i, func(r DayRow) int64 { return r.Renewals })
				if !slices.Equal(f, g) {
					t.Errorf("region %d: renewals by day differ (period %d/%d days):\n%v\n%v", i, m.renewQ, m.renewP, f, g)
				}
			}
			if tot := fast.nation[len(fast.nation)-1].RenewalsCum; tot == 0 {
				t.Errorf("no renewals at all")
			}
		})
	}
}

// A one-day certificate over 50 years for 300 regions summed directly is
// 300 x 18,262^2 / 2 = 5e10 additions; with the running sums it is a few
// per region and day.
func TestShortValidityLongRunIsCheap(t *testing.T) {
	var b []byte
	b = append(b, "start: 2017-01-02\nhorizon: 18262d\ncertificate_validity: 1d\nregions:\n"...)
	for i := 0; i < 300; i++ {
		b = append(b, sprintf("  - {name: R%d, backlog: {unsent: 10}}\n", i)...)
	}
	sc := load(t, string(b))
	start := time.Now()
	res, err := New(sc, Options{}).Run()
	if err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("took %v", el)
	}
	// The 10 unsent of each region never print (no sites): each renews
	// every day from day 1.
	if want := int64(300 * 10 * 18261); res.Nation.RenewalsTotal != want {
		t.Errorf("renewals %d, want %d", res.Nation.RenewalsTotal, want)
	}
}
