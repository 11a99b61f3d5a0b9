package model

import (
	"reflect"
	"testing"
)

// Common random numbers: two scenarios that differ in one region's
// settings, sharing nothing else that depends on it (intake and the
// national store unlimited), give every other region exactly the same
// day-by-day series in every replication, so a paired comparison sees only
// the change.
func TestCommonRandomNumbers(t *testing.T) {
	const text = `
start: 2017-01-02
end: 2017-06-30
central:
  verification_delay: "uniform(1d, 3d)"
  duplicate_share: 0.05
  duplicate_resolution: exponential(20d)
  outages: {network: {every: exponential(20d), lasting: exponential(6h)}}
defaults:
  recording: {first_time: poisson(80), replacement: poisson(10)}
  blanks: {stock: 3000, reorder: {below: 1000, amount: 3000, lead_time: "uniform(2d, 5d)"}}
  sites: [{name: office, printers: 1, cards_per_printer_per_day: 90, breakdowns: {every: exponential(30d), repair: "uniform(1d, 5d)"}}]
  ups_hours: 2
  outages:
    network: {every: exponential(6d), lasting: exponential(8h)}
    power: {every: exponential(9d), lasting: "lognormal(mean=5h, sd=3h)"}
regions: [{name: A}, {name: B}, {name: C}]
`
	base := load(t, text)
	changed := load(t, text, "regions[name=B].sites[0].printers=3", "regions[name=B].ups_hours=12", "regions[name=B].blanks.stock=9000")
	for rep := 0; rep < 3; rep++ {
		var a, b days
		if _, err := New(base, Options{Replication: rep, Observer: &a, CheckInvariants: true}).Run(); err != nil {
			t.Fatal(err)
		}
		if _, err := New(changed, Options{Replication: rep, Observer: &b, CheckInvariants: true}).Run(); err != nil {
			t.Fatal(err)
		}
		for _, r := range []int{0, 2} {
			for d := range a.dates {
				if !reflect.DeepEqual(a.region[d][r], b.region[d][r]) {
					t.Fatalf("replication %d, region %d, %s: %+v vs %+v", rep, r, a.dates[d], a.region[d][r], b.region[d][r])
				}
			}
		}
		if reflect.DeepEqual(a.column(1, func(r DayRow) int64 { return r.PrintedCum }), b.column(1, func(r DayRow) int64 { return r.PrintedCum })) {
			t.Errorf("replication %d: the changed region printed the same", rep)
		}
	}
}
