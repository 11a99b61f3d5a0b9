package model

import (
	"runtime"
	"testing"
)

// steadyScenario has every process that keeps firing for ever: recording,
// intake with duplicates and verification, printing with blank and ribbon
// reorders (from an unlimited national store, so they never stall),
// random network, power and application outages, a UPS and breakdowns.
const steadyScenario = `
start: 2017-01-02
end: 2021-12-31
central:
  intake_per_day: 400
  verification_delay: "uniform(1d, 3d)"
  duplicate_share: 0.05
  duplicate_resolution: "gamma(mean=60d, sd=30d)"
  outages:
    network: {every: exponential(20d), lasting: exponential(6h)}
regions:
  - name: A
    recording: {first_time: poisson(150), replacement: poisson(40), element_change: poisson(10)}
    blanks: {stock: 2000, reorder: {below: 1000, amount: 3000, lead_time: "uniform(2d, 4d)"}}
    ribbons: {cards_per_ribbon: 500, stock: 4, reorder: {below: 2, amount: 4, lead_time: 3d}}
    ups_hours: 2
    sites: [{name: office, printers: 2, cards_per_printer_per_day: 120, breakdowns: {every: exponential(60d), repair: "uniform(1d, 5d)"}}]
    outages:
      network: {every: exponential(10d), lasting: exponential(6h)}
      power: {every: exponential(7d), lasting: "lognormal(mean=4h, sd=3h)"}
      application: {every: exponential(30d), lasting: exponential(4h)}
  - name: B
    recording: {first_time: poisson(90), replacement: poisson(20)}
    blanks: {stock: 1000, reorder: {below: 500, amount: 2000, lead_time: 2d}}
    sites: [{name: office, printers: 1, cards_per_printer_per_day: 150}]
    outages:
      power: {every: exponential(5d), lasting: exponential(3h)}
`

// In steady state the model allocates nothing per event: allocations come
// from building the model and from queues and batch buffers growing to
// their largest size, so a run ten years longer adds almost none (45 for
// 25,297 events, when an order's arrival allocated 593).
func TestNoAllocationPerEventInSteadyState(t *testing.T) {
	run := func(end string) (events, allocs uint64, reorders int64) {
		sc := load(t, steadyScenario, "end="+end)
		m := New(sc, Options{})
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		res, err := m.Run()
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatal(err)
		}
		return res.Events, after.Mallocs - before.Mallocs, m.regions[0].blanks.delivered
	}
	e1, a1, d1 := run("2021-12-31")
	e2, a2, d2 := run("2031-12-31")
	if e2-e1 < 20000 || d2 <= d1 {
		t.Fatalf("the longer run has only %d more events and %d more blanks delivered", e2-e1, d2-d1)
	}
	t.Logf("%d more events, %d more allocations", e2-e1, a2-a1)
	if per := float64(a2-a1) / float64(e2-e1); per > 0.005 {
		t.Errorf("%d more allocations for %d more events: %.4f an event, want none in steady state", a2-a1, e2-e1, per)
	}
}
