package model

import (
	"slices"
	"testing"
)

// A power cut from 06:00 to 20:00 on Monday with a 4-hour UPS: the UPS
// carries the office from 06:00 to 10:00, so of the 08:00-16:00 day only
// 08:00-10:00 prints: 2 of 8 hours, 80 x 2/8 = 20 cards, and 6 hours are
// lost to power. Tuesday (UPS recharged overnight) prints a full 80.
func TestPowerCutWithUPS(t *testing.T) {
	d, _ := run(t, load(t, `
start: 2017-08-14
end: 2017-08-15
regions:
  - name: Kota Binjai
    backlog: {print_ready: 1000}
    ups_hours: 4
    sites: [{name: office, printers: 1, cards_per_printer_per_day: 80}]
    outages:
      scheduled: [{kind: power, from: "2017-08-14 06:00", to: "2017-08-14 20:00"}]
`))
	mon, tue := d.region[0][0], d.region[1][0]
	if mon.Printed != 20 || mon.PrintHours != 2 || mon.Lost[CausePower] != 6 {
		t.Errorf("Monday: printed %d in %v h, %v h lost to power; want 20, 2, 6", mon.Printed, mon.PrintHours, mon.Lost[CausePower])
	}
	if tue.Printed != 80 || tue.LostHours() != 0 {
		t.Errorf("Tuesday: printed %d, lost %v h; want 80, 0", tue.Printed, tue.LostHours())
	}
}

// The UPS recharges at one hour per hour: a 2-hour cut at 08:00-10:00
// drains a 4-hour UPS to 2 h; power returns for 1 hour (charge 3 h); a
// second cut from 11:00 lasts until 15:00 but the UPS ends it at 14:00.
// Printing stops 14:00-15:00 only: 7 of 8 hours.
func TestUPSRecharge(t *testing.T) {
	d, _ := run(t, load(t, `
start: 2017-08-14
end: 2017-08-14
regions:
  - name: R
    backlog: {print_ready: 1000}
    ups_hours: 4h
    sites: [{name: office, printers: 2, cards_per_printer_per_day: 80}]
    outages:
      scheduled:
        - {kind: power, from: "2017-08-14 08:00", to: "2017-08-14 10:00"}
        - {kind: power, from: "2017-08-14 11:00", to: "2017-08-14 15:00"}
`))
	row := d.region[0][0]
	if row.PrintHours != 14 || row.Lost[CausePower] != 2 || row.Printed != 140 {
		t.Errorf("printed %d in %v printer-h, %v lost to power; want 140, 14, 2", row.Printed, row.PrintHours, row.Lost[CausePower])
	}
}

const intakeTwoRegions = `
start: 2017-01-02
end: 2017-01-03
central: {intake_per_day: 12000, intake_policy: %s}
regions:
  - name: A
    backlog: {awaiting_intake: 60000}
    intake_quota: 7000
  - name: B
    recording: {first_time: 10000}
    intake_quota: 3000
`

// Day 0 (Monday): only A's 60,000 from before the start wait; every
// policy but quota takes 12,000 of them. B records 10,000 during Monday.
// Day 1 at 00:00, 12,000 to share between A's 48,000 (older) and B's 10,000:
//   - fifo takes the oldest day first: all 12,000 from A.
//   - proportional: 12,000 x 48/58 = 9,931.03 and 12,000 x 10/58 = 2,068.97;
//     rounded down 9,931 + 2,068 = 11,999; the last one goes to B's larger
//     remainder: 9,931 and 2,069.
//   - quota: A takes its 7,000 each day, B its 3,000 (none on day 0,
//     when it had nothing).
func TestIntakePolicies(t *testing.T) {
	for _, c := range []struct {
		policy         string
		a0, a1, b0, b1 int64 // awaiting at the end of day 0 and day 1
	}{
		{"fifo", 48000, 36000, 10000, 20000},
		{"proportional", 48000, 48000 - 9931, 10000, 20000 - 2069},
		{"quota", 53000, 46000, 10000, 17000},
	} {
		t.Run(c.policy, func(t *testing.T) {
			d, _ := run(t, load(t, sprintf(intakeTwoRegions, c.policy)))
			got := []int64{d.region[0][0].AwaitingIntake, d.region[1][0].AwaitingIntake, d.region[0][1].AwaitingIntake, d.region[1][1].AwaitingIntake}
			want := []int64{c.a0, c.a1, c.b0, c.b1}
			if !slices.Equal(got, want) {
				t.Errorf("awaiting A day0, A day1, B day0, B day1 = %v, want %v", got, want)
			}
		})
	}
}

// One day's records that do not fit are split by largest remainder, ties
// to the region listed first: 5 and 5 waiting, 5 taken: 3 and 2.
func TestFIFOTieGoesToFirstRegion(t *testing.T) {
	d, _ := run(t, load(t, `
start: 2017-01-01
end: 2017-01-01
central: {intake_per_day: 5}
regions:
  - {name: A, backlog: {awaiting_intake: 5}}
  - {name: B, backlog: {awaiting_intake: 5}}
`))
	if a, b := d.region[0][0].AwaitingIntake, d.region[0][1].AwaitingIntake; a != 2 || b != 3 {
		t.Errorf("left waiting A %d, B %d; want 2, 3", a, b)
	}
}

// A full server accepts nothing until its capacity changes: 990 of 1,000
// stored, so day 0 takes 10 of the 50-a-day cap; days 1 and 2 take
// nothing; on day 3 the capacity grows and 50 are taken.
func TestFullServer(t *testing.T) {
	d, _ := run(t, load(t, `
start: 2017-06-01
end: 2017-06-04
central:
  intake_per_day: 50
  storage_capacity: 1000
  stored: 990
  changes: [{date: 2017-06-04, storage_capacity: 2000}]
regions: [{name: A, backlog: {awaiting_intake: 500}}]
`))
	got := d.column(0, func(r DayRow) int64 { return r.AwaitingIntake })
	if want := []int64{490, 490, 490, 440}; !slices.Equal(got, want) {
		t.Errorf("awaiting by day %v, want %v", got, want)
	}
}

// A ribbon of 500 cards with 1,000 print-ready and one 200-a-day printer:
// 200, 200, 100, then nothing, the lost hours blamed on the ribbon.
func TestRibbonStockout(t *testing.T) {
	d, _ := run(t, load(t, `
start: 2017-08-14
end: 2017-08-17
regions:
  - name: A
    backlog: {print_ready: 1000}
    ribbons: {stock: 1, cards_per_ribbon: 500}
    sites: [{name: office, printers: 1, cards_per_printer_per_day: 200}]
`))
	printed := d.column(0, func(r DayRow) int64 { return r.Printed })
	if want := []int64{200, 200, 100, 0}; !slices.Equal(printed, want) {
		t.Errorf("printed by day %v, want %v", printed, want)
	}
	if wed, thu := d.region[2][0], d.region[3][0]; wed.Lost[CauseRibbon] != 4 || thu.Lost[CauseRibbon] != 8 || thu.RibbonCards != 0 {
		t.Errorf("lost to ribbon Wed %v h, Thu %v h, ribbon left %d; want 4, 8, 0", wed.Lost[CauseRibbon], thu.Lost[CauseRibbon], thu.RibbonCards)
	}
}

// Weekends and holidays neither record nor print; overtime adds printing
// hours after closing on working days only.
func TestWeekendsHolidaysOvertime(t *testing.T) {
	d, _ := run(t, load(t, `
start: 2017-08-14   # Monday
end: 2017-08-20
calendar: {holidays: [2017-08-17], overtime_hours: 2}
regions:
  - name: A
    backlog: {print_ready: 100000}
    recording: {first_time: 50}
    sites: [{name: office, printers: 1, cards_per_printer_per_day: 80}]
`))
	// 80 cards over 8 office hours = 10 an hour; 2 hours overtime = 100 a day.
	want := []int64{100, 100, 100, 0, 100, 0, 0} // Thu 17 Aug is a holiday
	for i, rows := range d.region {
		r := rows[0]
		if r.Printed != want[i] {
			t.Errorf("%s: printed %d, want %d", d.dates[i], r.Printed, want[i])
		}
		recorded := int64(50)
		if want[i] == 0 {
			recorded = 0
		}
		if prev := int64(0); i > 0 {
			prev = d.region[i-1][0].Recorded
			if r.Recorded-prev != recorded {
				t.Errorf("%s: recorded %d, want %d", d.dates[i], r.Recorded-prev, recorded)
			}
		}
	}
}

// Recordings arrive evenly over office hours and upload at once while the
// network is up; during a network outage they wait as unsent and go when it
// ends. 80 a day over 08:00-16:00 is 10 an hour; the network is down
// 12:00-18:00, so 40 go before, 40 wait, and at 18:00 all have gone. The
// next day's 00:00 intake takes all 80.
func TestRecordingAndUpload(t *testing.T) {
	sc := load(t, `
start: 2017-08-14
end: 2017-08-15
regions:
  - name: A
    recording: {first_time: 80}
    outages:
      scheduled: [{kind: network, from: "2017-08-14 12:00", to: "2017-08-14 18:00"}]
`)
	m := New(sc, Options{CheckInvariants: true})
	var at14, at17 [2]int64
	m.env.Schedule(14, prioWake+1, actionFunc(func(now float64) {
		r := m.regions[0]
		r.advance(now)
		r.record(now)
		at14 = [2]int64{r.awaiting.total[0], r.unsent.total[0]}
	}))
	m.env.Schedule(17, prioWake+1, actionFunc(func(now float64) {
		r := m.regions[0]
		r.advance(now)
		r.record(now)
		at17 = [2]int64{r.awaiting.total[0], r.unsent.total[0]}
	}))
	var d days
	m.opt.Observer = &d
	if _, err := m.Run(); err != nil {
		t.Fatal(err)
	}
	if at14 != [2]int64{40, 20} || at17 != [2]int64{40, 40} {
		t.Errorf("(awaiting, unsent) at 14:00 %v, at 17:00 %v; want [40 20], [40 40]", at14, at17)
	}
	if r := d.region[0][0]; r.AwaitingIntake != 80 || r.Unsent != 0 {
		t.Errorf("end of day: awaiting %d, unsent %d; want 80, 0", r.AwaitingIntake, r.Unsent)
	}
	// Tuesday: Monday's 80 taken in at 00:00 (no central cap), Tuesday's 80 waiting.
	if r := d.region[1][0]; r.AwaitingIntake != 80 || r.PrintReady != 80 {
		t.Errorf("next day: awaiting %d, print-ready %d; want 80, 80", r.AwaitingIntake, r.PrintReady)
	}
}

// A dated change that lowers the capacity below what is stored: the server
// keeps what it holds and accepts nothing until there is room again. 900
// of 1,000 stored, 50 a day: day 0 takes 50 (950); on day 1 the capacity
// falls to 800, so days 1 and 2 take nothing; on day 3 it rises to 960 and
// only the 10 of room are taken; day 4 takes nothing. The invariant
// checker (on in run) must accept stored above a lowered capacity.
func TestCapacityLoweredBelowStored(t *testing.T) {
	d, _ := run(t, load(t, `
start: 2017-06-01
end: 2017-06-05
central:
  intake_per_day: 50
  storage_capacity: 1000
  stored: 900
  changes: [{date: 2017-06-02, storage_capacity: 800}, {date: 2017-06-04, storage_capacity: 960}]
regions: [{name: A, backlog: {awaiting_intake: 500}}]
`))
	got := d.column(0, func(r DayRow) int64 { return r.AwaitingIntake })
	if want := []int64{450, 450, 450, 440, 440}; !slices.Equal(got, want) {
		t.Errorf("awaiting by day %v, want %v", got, want)
	}
	var stored []int64
	for _, n := range d.nation {
		stored = append(stored, n.CentralStored)
	}
	if want := []int64{950, 950, 950, 960, 960}; !slices.Equal(stored, want) {
		t.Errorf("stored by day %v, want %v", stored, want)
	}
}
