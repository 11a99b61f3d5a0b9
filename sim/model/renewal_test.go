package model

import (
	"math"
	"testing"
	"time"

	"github.com/ektpsim/ektpsim/sim/dist"
)

// A renewal process whose every draws 0 (validation refuses it; the model
// must not hang if one gets through) is held to one minute up. With
// outages lasting a minute, the network is up on even minutes and down on
// odd ones from 00:00, so an 8-hour office day of one printer prints 4 h
// and loses 4 h to the network; 40 cards at 10 an hour. Lasting 0 too, the
// process held the run at 00:00 for ever; now the network is always up.
func TestZeroEveryDrawsMoveTheClock(t *testing.T) {
	for _, place := range []string{"region", "central", "breakdowns", "region, lasting 0"} {
		t.Run(place, func(t *testing.T) {
			sc := load(t, `
start: 2017-08-14
end: 2017-08-14
central:
  outages: {network: {every: 1d, lasting: 1m}}
regions:
  - name: A
    backlog: {print_ready: 1000}
    outages: {network: {every: 1d, lasting: 1m}}
    sites: [{name: s, printers: 1, cards_per_printer_per_day: 80, breakdowns: {every: 1d, repair: 1m}}]
`)
			zero := dist.Fixed{}
			// Only the place under test keeps its outages, made degenerate.
			r := &sc.Regions[0]
			switch place {
			case "region", "region, lasting 0":
				r.Outages.Network.Every.Dist = zero
				if place == "region, lasting 0" {
					r.Outages.Network.Lasting.Dist = zero
				}
				sc.Central.Outages.Network = nil
				r.Sites[0].Breakdowns = nil
			case "central":
				sc.Central.Outages.Network.Every.Dist = zero
				r.Outages.Network = nil
				r.Sites[0].Breakdowns = nil
			case "breakdowns":
				r.Sites[0].Breakdowns.Every.Dist = zero
				r.Outages.Network = nil
				sc.Central.Outages.Network = nil
			}
			done := make(chan *DayRow, 1)
			go func() {
				var d days
				if _, err := New(sc, Options{Observer: &d, CheckInvariants: true}).Run(); err != nil {
					t.Error(err)
				}
				done <- &d.region[0][0]
			}()
			var row *DayRow
			select {
			case row = <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("the run did not end within 20 s")
			}
			lost := row.LostHours()
			if place == "breakdowns" {
				lost = row.Lost[CauseBreakdown]
			}
			if place == "region, lasting 0" {
				// Up a minute, down for no time: always up.
				if row.PrintHours != 8 || lost != 0 || row.Printed != 80 {
					t.Errorf("printed %d in %v h, %v h lost; want 80, 8, 0", row.Printed, row.PrintHours, lost)
				}
				return
			}
			if math.Abs(row.PrintHours-4) > 1e-6 || math.Abs(lost-4) > 1e-6 || row.Printed < 39 || row.Printed > 40 {
				t.Errorf("printed %d in %v h, %v h lost; want 40, 4, 4", row.Printed, row.PrintHours, lost)
			}
		})
	}
}

// Durations beyond the run that validation refuses (1e21 hours) must not
// break the model if one gets through: a verification delay that long
// keeps the records in verification (it panicked with an index out of
// range), and a certificate validity that long means no renewal (it
// looped until out of memory).
func TestHugeDurationsAreSafe(t *testing.T) {
	sc := load(t, `
start: 2017-01-02
end: 2017-01-10
central: {verification_delay: 1d}
regions: [{name: A, backlog: {awaiting_intake: 100}, sites: [{name: s, printers: 1, cards_per_printer_per_day: 80}]}]
`)
	sc.Central.VerificationDelay.Dist = dist.Fixed{Value: 1e21}
	sc.CertificateValidity.Hours = 1e21
	done := make(chan *days, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				t.Errorf("panic: %v", p)
				done <- nil
			}
		}()
		var d days
		if _, err := New(sc, Options{Observer: &d, CheckInvariants: true}).Run(); err != nil {
			t.Error(err)
		}
		done <- &d
	}()
	select {
	case d := <-done:
		if d == nil {
			return
		}
		last := d.region[len(d.region)-1][0]
		if last.InVerification != 100 || last.PrintedCum != 0 || last.RenewalsCum != 0 {
			t.Errorf("in verification %d, printed %d, renewals %d; want 100, 0, 0", last.InVerification, last.PrintedCum, last.RenewalsCum)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the run did not end within 20 s")
	}
}

// Draws of +Inf hours (a distribution overflowing) are never reached: the
// outage never ends, the order never arrives, the batch stays in
// verification, and the run ends as usual.
func TestInfiniteDrawsAreNeverReached(t *testing.T) {
	sc := load(t, `
start: 2017-01-02
end: 2017-01-10
central: {verification_delay: 1d}
regions:
  - name: A
    backlog: {print_ready: 1000, awaiting_intake: 100}
    blanks: {stock: 100, reorder: {below: 50, amount: 100, lead_time: 1d}}
    sites: [{name: s, printers: 1, cards_per_printer_per_day: 80}]
    outages: {power: {every: 3d, lasting: 1h}}
`)
	inf := dist.Fixed{Value: math.Inf(1)}
	sc.Central.VerificationDelay.Dist = inf
	sc.Regions[0].Blanks.Reorder.LeadTime.Dist = inf
	sc.Regions[0].Outages.Power.Lasting.Dist = inf
	d, _ := run(t, sc)
	last := d.region[len(d.region)-1][0]
	// 80 on Monday and Tuesday, 0 from Wednesday (the power cut from
	// 72:00 never ends; the UPS is 0): 100 blanks, so 80 + 20.
	if last.InVerification != 100 || last.PrintedCum != 100 || last.Blanks != 0 {
		t.Errorf("in verification %d, printed %d, blanks %d; want 100, 100, 0", last.InVerification, last.PrintedCum, last.Blanks)
	}
}
