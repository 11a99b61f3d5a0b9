package results

import (
	"math"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// Kind is how a daily metric is written.
type Kind int8

const (
	// Count is a whole number of records, cards or days.
	Count Kind = iota
	// Stock is a count that may be unlimited: NaN, an empty cell.
	Stock
	// Hours is printer-hours, written with at most 3 decimals.
	Hours
)

// Metric is one daily metric of a region or the nation.
type Metric struct {
	Key   string // column of daily.csv and metric of bands.csv
	Label string // in words, for legends and tables
	Unit  string // "records", "cards", "printer-hours", ...
	Kind  Kind
	// Value reads the metric from a day's row; NaN for an unlimited stock.
	Value func(r *model.DayRow) float64
}

func count(v int64) float64 { return float64(v) }

func stock(v int64) float64 {
	if v == model.Unlimited {
		return math.NaN()
	}
	return float64(v)
}

// Daily are the daily metrics in the order of daily.csv's columns after
// date and region: the fixed ones of CLI.md, then in_verification, the
// day's certificate renewals, the lost printer-hours by cause, the day's
// central intake, (nation's rows only) the records the central server
// holds and the national blank store, and the backlog.
func Daily() []Metric {
	ms := []Metric{
		{"recorded", "records made since the start", "records", Count, func(r *model.DayRow) float64 { return count(r.Recorded) }},
		{"unsent", "recorded, not yet sent to the centre", "records", Count, func(r *model.DayRow) float64 { return count(r.Unsent) }},
		{"awaiting_intake", "waiting for the central server's intake", "records", Count, func(r *model.DayRow) float64 { return count(r.AwaitingIntake) }},
		{"duplicates_pending", "duplicates being resolved", "records", Count, func(r *model.DayRow) float64 { return count(r.DuplicatesPending) }},
		{"print_ready", "print-ready, waiting for a card", "records", Count, func(r *model.DayRow) float64 { return count(r.PrintReady) }},
		{"printed", "cards printed that day", "cards", Count, func(r *model.DayRow) float64 { return count(r.Printed) }},
		{"printed_cum", "cards printed since the start", "cards", Count, func(r *model.DayRow) float64 { return count(r.PrintedCum) }},
		{"blanks", "blank cards in stock", "cards", Stock, func(r *model.DayRow) float64 { return stock(r.Blanks) }},
		{"ribbon_cards", "ink ribbon in stock", "cards' worth", Stock, func(r *model.DayRow) float64 { return stock(r.RibbonCards) }},
		{"renewals_cum", "certificate renewals since the start", "renewals", Count, func(r *model.DayRow) float64 { return count(r.RenewalsCum) }},
		{"print_hours", "printer-hours spent printing", "printer-hours", Hours, func(r *model.DayRow) float64 { return r.PrintHours }},
		{"lost_hours", "printer-hours lost (working printers)", "printer-hours", Hours, func(r *model.DayRow) float64 { return r.LostHours() }},
		{"in_verification", "in verification at the centre", "records", Count, func(r *model.DayRow) float64 { return count(r.InVerification) }},
		{"renewals", "certificate renewals that day", "renewals", Count, func(r *model.DayRow) float64 { return count(r.Renewals) }},
	}
	for _, c := range Causes() {
		ms = append(ms, Metric{c.Column(), "printer-hours lost: " + c.Label, "printer-hours", Hours,
			func(r *model.DayRow) float64 { return r.Lost[c.Cause] }})
	}
	return append(ms,
		Metric{"intake", "records the centre took in that day", "records", Count, func(r *model.DayRow) float64 { return count(r.Intake) }},
		Metric{"central_stored", "records held by the central server", "records", Stock, func(r *model.DayRow) float64 { return stock(r.CentralStored) }},
		Metric{"national_blanks", "blanks in the national store", "cards", Stock, func(r *model.DayRow) float64 { return stock(r.NationalBlanks) }},
		Metric{"backlog", "backlog (every stage)", "records", Count, func(r *model.DayRow) float64 { return count(r.Backlog()) }},
	)
}

// Allocation are the daily metrics a scenario with
// central.blanks.allocation adds after Daily's: the blanks allocated to
// the region (ALL: to every region) that day, and the blanks sent from the
// national store (reorders and allocations) still on their way at the end
// of the day.
func Allocation() []Metric {
	return []Metric{
		{"allocated", "blanks allocated that day", "cards", Count, func(r *model.DayRow) float64 { return count(r.Allocated) }},
		{"in_transit", "blanks on their way from the national store", "cards", Count, func(r *model.DayRow) float64 { return count(r.InTransit) }},
	}
}

// DailyFor are the daily metrics of scenario sc (nil: Daily): Daily, then
// with central.blanks.allocation (any policy, requests included)
// Allocation.
func DailyFor(sc *scenario.Scenario) []Metric {
	ms := Daily()
	if sc != nil && sc.Central.Blanks.Allocation != nil {
		ms = append(ms, Allocation()...)
	}
	return ms
}

// DailyKeys are the keys of Daily, in order.
func DailyKeys() []string {
	var ks []string
	for _, m := range Daily() {
		ks = append(ks, m.Key)
	}
	return ks
}
