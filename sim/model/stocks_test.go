package model

import "testing"

// stockDay is what one working day of a stock test must show.
type stockDay struct {
	date          string
	printed       int64
	printH, lostH float64 // printer-hours printing, lost to the stock
	left          int64   // cards' worth left at the end of the day
}

// checkStockDays runs text and compares the given days of region 0.
func checkStockDays(t *testing.T, text string, cause Cause, stockLeft func(DayRow) int64, want []stockDay) {
	t.Helper()
	d, _ := run(t, load(t, text))
	byDate := map[string]DayRow{}
	for i, date := range d.dates {
		byDate[date.String()] = d.region[i][0]
	}
	for _, w := range want {
		row, ok := byDate[w.date]
		if !ok {
			t.Fatalf("no row for %s", w.date)
		}
		if row.Printed != w.printed || !near(row.PrintHours, w.printH) || !near(row.Lost[cause], w.lostH) || !near(row.LostHours(), w.lostH) || stockLeft(row) != w.left {
			t.Errorf("%s: printed %d in %v h, lost to %v %v h (all causes %v h), %d left; want %d in %v h, %v h lost, %d left",
				w.date, row.Printed, row.PrintHours, cause, row.Lost[cause], row.LostHours(), stockLeft(row), w.printed, w.printH, w.lostH, w.left)
		}
	}
}

// stockScenario is one printer at 80 cards a day (10 an hour over
// 08:00-16:00) with 10,000 print-ready records from Monday 14 August 2017;
// the stock line is given.
const stockScenario = `
start: 2017-08-14
end: 2017-09-01
regions:
  - name: A
    backlog: {print_ready: 10000}
    %s
    sites: [{name: office, printers: 1, cards_per_printer_per_day: 80}]
`

// stockOutDays is the run of a 200-card stock with an order of 500 cards
// placed when the first card takes it below 200 (Monday 08:06) and
// arriving 14 days later, Monday 28 August 08:06. By hand: 80 on Monday
// (120 left) and Tuesday (40 left); on Wednesday the last 40 print by 12:00,
// so 4 h print and 4 h are lost; every working day after loses 8 h until
// the order arrives at 08:06 on the 28th: 0.1 h lost, 7.9 h print 79 cards
// (421 left); 80 a day after (341, 261). On Thursday 31st the 500 + 200
// cards' threshold is crossed again: 62 cards take 261 to 199 and place the
// next order, which arrives on 14 September, after the run.
var stockOutDays = []stockDay{
	{"2017-08-14", 80, 8, 0, 120},
	{"2017-08-15", 80, 8, 0, 40},
	{"2017-08-16", 40, 4, 4, 0},
	{"2017-08-17", 0, 0, 8, 0},
	{"2017-08-18", 0, 0, 8, 0},
	{"2017-08-21", 0, 0, 8, 0},
	{"2017-08-25", 0, 0, 8, 0},
	{"2017-08-28", 79, 7.9, 0.1, 421},
	{"2017-08-29", 80, 8, 0, 341},
	{"2017-08-30", 80, 8, 0, 261},
	{"2017-08-31", 80, 8, 0, 181},
}

// Issue 13: with an order in flight the site printed on after the ribbon
// ran out (8 h printing, nothing lost, on Wednesday).
func TestRibbonRunOutWithOrderInFlight(t *testing.T) {
	checkStockDays(t, sprintf(stockScenario, "ribbons: {stock: 2, cards_per_ribbon: 100, reorder: {below: 2, amount: 5, lead_time: 14d}}"),
		CauseRibbon, func(r DayRow) int64 { return r.RibbonCards }, stockOutDays)
}

func TestBlanksRunOutWithOrderInFlight(t *testing.T) {
	checkStockDays(t, sprintf(stockScenario, "blanks: {stock: 200, reorder: {below: 200, amount: 500, lead_time: 14d}}"),
		CauseBlanks, func(r DayRow) int64 { return r.Blanks }, stockOutDays)
}

// Without a reorder the stock runs out on Wednesday at 12:00 and stays out.
var stockOutNoOrder = []stockDay{
	{"2017-08-14", 80, 8, 0, 120},
	{"2017-08-15", 80, 8, 0, 40},
	{"2017-08-16", 40, 4, 4, 0},
	{"2017-08-17", 0, 0, 8, 0},
	{"2017-08-28", 0, 0, 8, 0},
}

func TestRibbonRunOutWithoutOrder(t *testing.T) {
	checkStockDays(t, sprintf(stockScenario, "ribbons: {stock: 2, cards_per_ribbon: 100}"),
		CauseRibbon, func(r DayRow) int64 { return r.RibbonCards }, stockOutNoOrder)
}

func TestBlanksRunOutWithoutOrder(t *testing.T) {
	checkStockDays(t, sprintf(stockScenario, "blanks: {stock: 200}"),
		CauseBlanks, func(r DayRow) int64 { return r.Blanks }, stockOutNoOrder)
}

// An order arriving mid-day while the stock is out: 200 cards, a threshold
// above them (201 blanks, or 3 ribbons of 100), so that an order of 300
// cards is placed at the start, 00:00 Monday; with a lead time of 62 h it
// arrives on Wednesday at 14:00. The stock runs out on Wednesday at 12:00:
// 4 h print 40 cards, 2 h are lost, and from 14:00 2 h print 20 more (280
// left). Thursday and Friday print 80 each.
func TestOrderArrivesWhileOut(t *testing.T) {
	for _, c := range []struct {
		line  string
		cause Cause
		left  func(DayRow) int64
	}{
		{"blanks: {stock: 200, reorder: {below: 201, amount: 300, lead_time: 62h}}", CauseBlanks, func(r DayRow) int64 { return r.Blanks }},
		{"ribbons: {stock: 2, cards_per_ribbon: 100, reorder: {below: 3, amount: 3, lead_time: 62h}}", CauseRibbon, func(r DayRow) int64 { return r.RibbonCards }},
	} {
		t.Run(c.cause.String(), func(t *testing.T) {
			checkStockDays(t, sprintf(stockScenario, c.line), c.cause, c.left, []stockDay{
				{"2017-08-14", 80, 8, 0, 120},
				{"2017-08-15", 80, 8, 0, 40},
				{"2017-08-16", 60, 6, 2, 280},
				{"2017-08-17", 80, 8, 0, 200},
				{"2017-08-18", 80, 8, 0, 120},
			})
		})
	}
}
