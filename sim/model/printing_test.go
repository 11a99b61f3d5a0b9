package model

import "testing"

// Palembang, August 2017: 3 printers with one broken, 200 cards a printer
// a day, 10,000 blanks and 36,260 print-ready records. By hand: 2 working
// printers x 200 = 400 cards a working day; 10,000 / 400 = 25 working days
// (five weeks from Monday 14 August to Friday 15 September); then
// 36,260 - 10,000 = 26,260 records are left waiting, and every working day
// after loses 2 printers x 8 h = 16 printer-hours for want of blanks.
const palembang = `
start: 2017-08-14
end: 2017-09-30
regions:
  - name: Kota Palembang
    backlog: {print_ready: 36260}
    blanks: {stock: 10000}
    sites:
      - name: city office
        printers: 3
        cards_per_printer_per_day: 200
    outages:
      scheduled:
        - {kind: printer, from: 2017-08-14, to: 2017-10-01, site: city office, printers: 1}
`

func TestPalembangBlanksRunOut(t *testing.T) {
	d, res := run(t, load(t, palembang))
	workdays := 0
	for i, date := range d.dates {
		row := d.region[i][0]
		wd := date.Time().Weekday()
		weekend := wd == 0 || wd == 6
		if !weekend {
			workdays++
		}
		switch {
		case weekend:
			if row.Printed != 0 || row.PrintHours != 0 {
				t.Errorf("%s (weekend): printed %d in %v h", date, row.Printed, row.PrintHours)
			}
		case workdays <= 25:
			if row.Printed != 400 {
				t.Errorf("%s (working day %d): printed %d, want 400", date, workdays, row.Printed)
			}
			if row.PrintHours != 16 || row.Lost[CauseBreakdown] != 8 || row.LostHours() != 0 {
				t.Errorf("%s: print %v h, breakdown %v h, lost %v h; want 16, 8, 0", date, row.PrintHours, row.Lost[CauseBreakdown], row.LostHours())
			}
		default:
			if row.Printed != 0 || row.Lost[CauseBlanks] != 16 || row.LostHours() != 16 {
				t.Errorf("%s (working day %d, no blanks): printed %d, lost to blanks %v h; want 0, 16", date, workdays, row.Printed, row.Lost[CauseBlanks])
			}
		}
		if date.String() == "2017-09-15" && (row.Blanks != 0 || row.PrintReady != 26260 || row.PrintedCum != 10000) {
			t.Errorf("on the 25th working day: blanks %d, print-ready %d, printed %d; want 0, 26260, 10000", row.Blanks, row.PrintReady, row.PrintedCum)
		}
		if date.String() == "2017-09-14" && row.Blanks != 400 {
			t.Errorf("on the 24th working day: blanks %d, want 400", row.Blanks)
		}
	}
	if res.Nation.PrintedTotal != 10000 || res.Nation.BacklogEnd != 26260 {
		t.Errorf("printed %d, backlog %d; want 10000, 26260", res.Nation.PrintedTotal, res.Nation.BacklogEnd)
	}
	// Every record printed is from the initial backlog, so its wait is the
	// day index it was printed on. Working days are days 0-4, 7-11, 14-18,
	// 21-25, 28-32, 400 cards each: the mean is 400*(10+45+80+115+150)/10000
	// = 16, and the 9,500th card is printed on the 24th working day, day 31.
	if res.Nation.MeanWait != 16 || res.Nation.P95Wait != 31 {
		t.Errorf("waits: mean %v, p95 %v; want 16, 31", res.Nation.MeanWait, res.Nation.P95Wait)
	}
}

// District offices: 3 kecamatan with 2 printers each at 10 cards a day
// open on Wednesday 4 January. By hand: nothing printed and no printer-hours
// lost on Monday and Tuesday (the site does not exist yet), then 3 x 2 x 10
// = 60 cards a day; a scheduled outage of 2 printers on Thursday leaves 40.
func TestDistrictSiteOpens(t *testing.T) {
	d, _ := run(t, load(t, `
start: 2017-01-02
end: 2017-01-06
regions:
  - name: A
    districts: 3
    backlog: {print_ready: 1000}
    sites:
      - {name: kecamatan offices, printers_per_district: 2, cards_per_printer_per_day: 10, opens: 2017-01-04}
    outages:
      scheduled:
        - {kind: printer, printers: 2, from: 2017-01-05, to: 2017-01-06}
`))
	want := []int64{0, 0, 60, 40, 60}
	lost := []float64{0, 0, 0, 16, 0}
	for i := range d.dates {
		row := d.region[i][0]
		if row.Printed != want[i] || row.Lost[CauseBreakdown] != lost[i] {
			t.Errorf("%s: printed %d, breakdown hours %v; want %d, %v", d.dates[i], row.Printed, row.Lost[CauseBreakdown], want[i], lost[i])
		}
	}
}
