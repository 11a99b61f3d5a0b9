package snapshot

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// rows collects every day's rows.
type rows struct {
	dates  []scenario.Date
	nation []model.DayRow
	region [][]model.DayRow
}

func (d *rows) Day(date scenario.Date, nation *model.DayRow, regions []model.DayRow) error {
	d.dates = append(d.dates, date)
	d.nation = append(d.nation, *nation)
	d.region = append(d.region, append([]model.DayRow(nil), regions...))
	return nil
}

func loadText(t testing.TB, text string) *scenario.Scenario {
	t.Helper()
	file := filepath.Join(t.TempDir(), "s.yaml")
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Load(file, scenario.Options{})
	if err != nil {
		t.Fatalf("load:\n%v\n%s", err, text)
	}
	return sc
}

// runWith runs sc with invariant checks, capturing the state at day's 24:00
// (day < 0: none).
func runWith(t *testing.T, sc *scenario.Scenario, day int) (*rows, *model.Result, *model.State) {
	t.Helper()
	var d rows
	var st *model.State
	var m *model.Model
	m = model.New(sc, model.Options{Observer: &d, CheckInvariants: true, DayDone: func(i int) {
		if i == day {
			st = m.State()
		}
	}})
	res, err := m.Run()
	if err != nil {
		t.Fatal(err)
	}
	return &d, res, st
}

const continuationHead = `start: 2017-01-02
end: 2017-09-29
seed: 5
certificate_validity: 30d
calendar: {holidays: [2017-03-28, 2017-06-26, 2017-08-17]}
`

// The continuation cases: scenarios without randomness (no random
// outages or breakdowns, fixed counts and delays), each snapshot at a date
// where its state is rich.
var continuationCases = []struct {
	what, text string
	at         string // snapshot date
}{
	{what: "one region", at: "2017-06-14", text: continuationHead + `regions:
  - name: A
    recording: {first_time: 120, replacement: 30}
    backlog: {print_ready: {first_time: 2000, replacement: 500}, awaiting_intake: 300, unsent: 40}
    blanks: {stock: 5000, deliveries: [{date: 2017-06-01, amount: 8000}]}
    ribbons: {stock: 30, cards_per_ribbon: 250, reorder: {below: 10, amount: 8, lead_time: 15d}}
    sites: [{name: office, printers: 2, cards_per_printer_per_day: 60}]
`},
	{what: "fifo intake, duplicates, verification, reorders and the national store, full server, scheduled outages, fractional printers", at: "2017-04-18", text: continuationHead + `central:
  intake_per_day: 900
  storage_capacity: 95000
  stored: 20000
  changes: [{date: 2017-05-15, storage_capacity: 200000, intake_per_day: 1500}]
  verification_delay: 3d
  duplicate_share: 0.03
  duplicate_resolution: 45d
  outages: {scheduled: [{kind: application, from: "2017-04-15 00:00", to: "2017-04-20 12:00"}]}
  blanks: {stock: 20000, deliveries: [{date: 2017-03-01, amount: 15000}, {date: 2017-07-03, amount: 30000}]}
regions:
  - name: A
    recording: {first_time: 400, replacement: 80, element_change: 25}
    recording_changes: [{date: 2017-03-06, first_time: 300}, {date: 2017-06-05, first_time: 500}]
    backlog: {awaiting_intake: {first_time: 8000, replacement: 900}, print_ready: 1500}
    blanks: {stock: 3000, reorder: {below: 2500, amount: 4000, lead_time: 6d}}
    ribbons: {stock: 12, cards_per_ribbon: 333, reorder: {below: 6, amount: 10, lead_time: 12d}}
    ups_hours: 3
    sites:
      - {name: city, printers: 3, cards_per_printer_per_day: 37.5}
      - {name: district, printers: 2, cards_per_printer_per_day: 21.3, serves: [replacement, element_change], opens: 2017-03-01}
    outages:
      scheduled:
        - {kind: power, from: "2017-04-18 10:00", to: "2017-04-19 11:00"}
        - {kind: network, from: "2017-04-17 09:00", to: "2017-04-21 15:00"}
        - {kind: printer, site: city, printers: 1, from: 2017-04-10, to: 2017-04-25}
  - name: B
    recording: {first_time: 250, element_change: 40}
    backlog: {awaiting_intake: 5000, unsent: 300}
    blanks: {stock: 1000, reorder: {below: 2000, amount: 2500, lead_time: 20d}}
    sites: [{name: office, printers: 2, cards_per_printer_per_day: 55.25}]
  - name: C
    recording: {first_time: 90}
    backlog: {print_ready: {replacement: 700}}
    blanks: {stock: 400, deliveries: [{date: 2017-05-02, amount: 3000}]}
    sites: [{name: office, printers: 1, cards_per_printer_per_day: 44}]
`},
	{what: "certificate renewals from recording days before the snapshot", at: "2017-07-20", text: strings.Replace(continuationHead, "30d", "20d", 1) + `central: {intake_per_day: 300}
regions:
  - name: A
    recording: {first_time: 200}
    backlog: {print_ready: 3000}
    sites: [{name: office, printers: 1, cards_per_printer_per_day: 150}]
  - name: B
    recording: {first_time: 100, replacement: 60}
    sites: [{name: office, printers: 1, cards_per_printer_per_day: 70}]
`},
	{what: "allocation policy with a schedule and fetch times", at: "2017-05-23", text: continuationHead + `central:
  intake_per_day: 2000
  verification_delay: 2d
  blanks:
    stock: 6000
    deliveries: [{date: 2017-04-03, amount: 20000}, {date: 2017-06-12, amount: 20000}]
    allocation: {policy: need, every: 14d, box: 50, reserve: 500}
defaults:
  fetch_time: 3d
  sites: [{name: office, printers: 2, cards_per_printer_per_day: 80}]
regions:
  - {name: A, recording: {first_time: 200}, blanks: {stock: 500}, population: 100000}
  - {name: B, recording: {first_time: 120, replacement: 20}, blanks: {stock: 0}, population: 50000}
  - {name: C, recording: {first_time: 60}, blanks: {stock: 100, reorder: {below: 300, amount: 600, lead_time: 5d}}, population: 20000}
`},
	{what: "proportional intake, waiting requests at an empty store", at: "2017-06-14", text: continuationHead + `central:
  intake_per_day: 500
  intake_policy: proportional
  duplicate_share: 0.1
  duplicate_resolution: 10d
  blanks: {stock: 3000, deliveries: [{date: 2017-07-10, amount: 9000}]}
regions:
  - name: A
    recording: {first_time: 300}
    blanks: {stock: 800, reorder: {below: 1000, amount: 1500, lead_time: 2d}}
    sites: [{name: office, printers: 2, cards_per_printer_per_day: 90}]
  - name: B
    recording: {first_time: 200}
    blanks: {stock: 500, reorder: {below: 800, amount: 1200, lead_time: 3d}}
    sites: [{name: office, printers: 2, cards_per_printer_per_day: 70}]
`},
}

// A run from a snapshot continues the original run exactly: every daily row
// after the snapshot date, of every region and of the nation, equals the
// snapshot run's (cumulative columns as increases since the snapshot day),
// and so do the mean waits of the cards printed after it, counted from
// their recording days.
func TestContinuation(t *testing.T) {
	seen := map[string]bool{}
	defer func() {
		for _, f := range []string{"origin", "unsent", "awaiting_intake", "duplicates", "in_verification", "print_ready", "plain backlog",
			"blanks on order", "allotment on its way", "ribbons on order", "ribbons.cards", "requests", "allocation.next", "progress", "ups_charge", "scheduled outage across the date", "full server"} {
			if !seen[f] {
				t.Errorf("no case has %s in its snapshot", f)
			}
		}
	}()
	for _, c := range continuationCases {
		t.Run(c.what, func(t *testing.T) {
			sc := loadText(t, c.text)
			at, err := scenario.ParseDate(c.at)
			if err != nil {
				t.Fatal(err)
			}
			day := int(at.Days() - sc.Start.Days())
			first, _, st := runWith(t, sc, day)
			if st == nil {
				t.Fatal("no state captured")
			}
			snap := FromState(sc, st)
			features(snap, seen)
			text, err := Marshal(snap, sc.Name, sc.Replications)
			if err != nil {
				t.Fatal(err)
			}
			sc2 := loadText(t, string(text))
			if sc2.Start != at.AddDays(1) {
				t.Fatalf("snapshot starts %s, want %s", sc2.Start, at.AddDays(1))
			}
			second, secondRes, _ := runWith(t, sc2, -1)
			if got, want := len(second.dates), len(first.dates)-day-1; got != want {
				t.Fatalf("snapshot run has %d days, want %d", got, want)
			}
			rich := false
			for k := range second.dates {
				i := day + 1 + k
				if first.dates[i] != second.dates[k] {
					t.Fatalf("day %d: %s != %s", k, first.dates[i], second.dates[k])
				}
				want := append([]model.DayRow{first.nation[i]}, first.region[i]...)
				got := append([]model.DayRow{second.nation[k]}, second.region[k]...)
				prev := append([]model.DayRow{first.nation[day]}, first.region[day]...)
				for j := range want {
					w := want[j]
					w.Recorded -= prev[j].Recorded
					w.PrintedCum -= prev[j].PrintedCum
					w.RenewalsCum -= prev[j].RenewalsCum
					if !sameRow(w, got[j]) {
						t.Fatalf("%s, %s: the snapshot run's row differs\nfirst:    %+v\nsnapshot: %+v", second.dates[k], label(j, sc), w, got[j])
					}
					rich = rich || w.Renewals > 0 && w.PrintReady > 0
				}
			}
			if !rich {
				t.Errorf("no day after the snapshot has both renewals and print-ready records: the case tests little")
			}
			for i := range sc.Regions {
				before := st.Regions[i].Waits
				var n, sum float64
				// The cards printed after the snapshot: the end's
				// histogram less the snapshot day's.
				end := waitsAtEnd(t, sc, i)
				for w := range end {
					k := end[w]
					if w < len(before) {
						k -= before[w]
					}
					n += float64(k)
					sum += float64(w) * float64(k)
				}
				got := secondRes.Regions[i].MeanWait
				if n == 0 {
					continue
				}
				if want := sum / n; math.Abs(got-want) > 1e-9*want {
					t.Errorf("%s: mean wait of the cards printed after the snapshot %.6f, snapshot run %.6f", sc.Regions[i].Name, want, got)
				}
			}
		})
	}
}

// features notes what the snapshot holds.
func features(sc *scenario.Scenario, seen map[string]bool) {
	seen["origin"] = seen["origin"] || sc.Origin != nil
	seen["requests"] = seen["requests"] || len(sc.Central.Blanks.Requests) > 0
	seen["allocation.next"] = seen["allocation.next"] || sc.Central.Blanks.Allocation != nil && sc.Central.Blanks.Allocation.Next != nil
	seen["full server"] = seen["full server"] || !sc.Central.StorageCapacity.Unlimited && sc.Central.Stored >= sc.Central.StorageCapacity.N
	if len(sc.Central.Outages.Scheduled) > 0 && sc.Central.Outages.Scheduled[0].From.Hours(sc.Start) < 0 {
		seen["scheduled outage across the date"] = true
	}
	for _, r := range sc.Regions {
		for _, c := range r.Backlog.Cohorts {
			seen[c.Stage] = true
			if c.Recorded == nil {
				seen["plain backlog"] = true
			}
		}
		for _, o := range r.Blanks.OnOrder {
			if o.Kind == scenario.ShipAllotment {
				seen["allotment on its way"] = true
			} else {
				seen["blanks on order"] = true
			}
		}
		seen["ribbons on order"] = seen["ribbons on order"] || len(r.Ribbons.OnOrder) > 0
		seen["ribbons.cards"] = seen["ribbons.cards"] || r.Ribbons.Cards != nil && *r.Ribbons.Cards%r.Ribbons.CardsPerRibbon != 0
		for _, s := range r.Sites {
			seen["progress"] = seen["progress"] || s.Progress > 0.01
			seen["ups_charge"] = seen["ups_charge"] || s.UPSCharge != nil
		}
	}
}

// sameRow compares rows: counts exactly, hours to a microhour. The
// hours differ in the last bits: the first run's clock counts from its
// start, the snapshot run's from its own, so the same instants are
// different floating-point numbers.
func sameRow(a, b model.DayRow) bool {
	close := func(x, y float64) bool { return math.Abs(x-y) <= 1e-6 }
	if !close(a.PrintHours, b.PrintHours) {
		return false
	}
	for k := range a.Lost {
		if !close(a.Lost[k], b.Lost[k]) {
			return false
		}
	}
	a.PrintHours, b.PrintHours = 0, 0
	a.Lost = b.Lost
	return a == b
}

func label(j int, sc *scenario.Scenario) string {
	if j == 0 {
		return "nation"
	}
	return sc.Regions[j-1].Name
}

// waitsAtEnd is region i's waits histogram at the end of a run of sc.
func waitsAtEnd(t *testing.T, sc *scenario.Scenario, i int) []int64 {
	days := int(sc.End.Days() - sc.Start.Days())
	_, _, st := runWith(t, sc, days)
	return st.Regions[i].Waits
}

// Random processes start afresh in a snapshot run, but what is under way
// at 24:00 continues: outages in progress and printers under repair end
// when they would have. With fixed times (the centre down on days 40-48,
// the region's network on 40-50 and power on 38-45, its printers broken
// on 40-65), the snapshot run's rows equal the first run's until either
// run's processes start a new outage.
func TestInProgressContinues(t *testing.T) {
	sc := loadText(t, continuationHead+`central:
  intake_per_day: 400
  outages: {application: {every: 40d, lasting: 8d}}
regions:
  - name: A
    recording: {first_time: 100}
    backlog: {print_ready: 2000}
    ups_hours: 2
    outages: {network: {every: 40d, lasting: 10d}, power: {every: 38d, lasting: 7d}}
    sites:
      - {name: office, printers: 3, cards_per_printer_per_day: 50, breakdowns: {every: 40d, repair: 25d}}
`)
	at, _ := scenario.ParseDate("2017-02-14") // day 43: all under way
	day := int(at.Days() - sc.Start.Days())
	first, _, st := runWith(t, sc, day)
	snap := FromState(sc, st)
	r := snap.Regions[0]
	if len(snap.Central.Outages.InProgress) != 1 || len(r.Outages.InProgress) != 2 || len(r.Sites[0].Broken) != 1 || r.Sites[0].Broken[0].Printers != 3 {
		t.Fatalf("in progress: central %+v, region %+v, broken %+v", snap.Central.Outages.InProgress, r.Outages.InProgress, r.Sites[0].Broken)
	}
	text, err := Marshal(snap, sc.Name, 1)
	if err != nil {
		t.Fatal(err)
	}
	second, _, _ := runWith(t, loadText(t, string(text)), -1)
	// The first run's next new outage is power on day 83; the snapshot
	// run's fresh processes first fail 38 days after its start (day 82).
	// Days 44 to 80 of the first run are compared.
	for k := 0; k < 37; k++ {
		i := day + 1 + k
		w, g := first.region[i][0], second.region[k][0]
		w.Recorded -= first.region[day][0].Recorded
		w.PrintedCum -= first.region[day][0].PrintedCum
		w.RenewalsCum -= first.region[day][0].RenewalsCum
		if !sameRow(w, g) {
			t.Fatalf("%s: differs\nfirst:    %+v\nsnapshot: %+v", second.dates[k], w, g)
		}
	}
}
