package model

import (
	"math"
	"testing"
)

// A never-idle site (a huge backlog, unlimited blanks and ribbon) whose
// network fails with exponential time between outages (mean mu) and
// exponential outages (mean delta) is up a share A = mu/(mu+delta) of the
// time, so in the long run it prints printers x rate x A per office hour.
//
// Tolerance: for an alternating renewal process with exponential phases,
// the share of time up over a span T has variance about
// 2 mu^2 delta^2 / ((mu+delta)^3 T). Office hours are a share f of
// calendar time; averaging over them alone at worst divides the effective
// span by f. Averaged over R independent replications the variance is
// divided by R, and the test allows 4 standard deviations.
func TestLongRunPrintRateMatchesAvailability(t *testing.T) {
	const (
		mu, delta = 5 * 24.0, 24.0 // hours
		years     = 20
		reps      = 5
		perHour   = 10.0 // 2 printers x 40 cards over an 8-hour day
	)
	sc := load(t, `
start: 2000-01-03
horizon: 7300d
regions:
  - name: A
    backlog: {print_ready: 100000000}
    sites: [{name: office, printers: 2, cards_per_printer_per_day: 40}]
    outages:
      network: {every: exponential(5d), lasting: exponential(1d)}
`)
	avail := mu / (mu + delta)
	var share float64
	var officeHours float64
	for rep := 0; rep < reps; rep++ {
		var d days
		res, err := New(sc, Options{Replication: rep, Observer: &d}).Run()
		if err != nil {
			t.Fatal(err)
		}
		officeHours = 0
		for i := range d.dates {
			if wd := d.dates[i].Time().Weekday(); wd != 0 && wd != 6 {
				officeHours += 8
			}
		}
		share += float64(res.Nation.PrintedTotal) / (officeHours * perHour) / reps
	}
	T := float64(years) * 365 * 24
	f := officeHours / T
	sd := math.Sqrt(2 * mu * mu * delta * delta / (math.Pow(mu+delta, 3) * T) / f / reps)
	if math.Abs(share-avail) > 4*sd {
		t.Errorf("printed %.4f of capacity, availability %.4f; allowed +-%.4f (4 sd)", share, avail, 4*sd)
	}
	t.Logf("printed share %.4f, analytic availability %.4f, tolerance +-%.4f", share, avail, 4*sd)
}
