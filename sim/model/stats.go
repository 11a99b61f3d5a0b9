package model

import (
	"math"
	"math/bits"

	"github.com/ektpsim/ektpsim/sim/scenario"
)

// Cause is why a working printer could not print during its hours.
type Cause int

// The causes of lost printer-hours, in the order they are blamed when
// several hold at once: the first that holds takes the hour.
const (
	CauseCentre Cause = iota
	CauseNetwork
	CausePower
	CauseApplication
	CauseBlanks
	CauseRibbon
	// CauseBreakdown is printer-hours of broken or scheduled-down printers
	// while there was work; it is not part of lost_hours, which counts
	// working printers only.
	CauseBreakdown
	NumCauses
)

var causeNames = [NumCauses]string{"centre", "network", "power", "application", "blanks", "ribbon", "breakdown"}

func (c Cause) String() string { return causeNames[c] }

// Unlimited marks a stock that never runs out in DayRow.
const Unlimited = -1

// DayRow is one region's (or the nation's) state at the end of a day, with
// that day's flows. Counts are records or cards; hours are printer-hours.
type DayRow struct {
	Recorded          int64 // since the start, excluding the initial backlog
	Unsent            int64
	AwaitingIntake    int64
	DuplicatesPending int64
	InVerification    int64
	PrintReady        int64
	Printed           int64 // this day
	PrintedCum        int64
	Blanks            int64 // Unlimited if the stock never runs out
	RibbonCards       int64 // cards' worth of ribbon; Unlimited likewise
	Renewals          int64 // certificate renewals falling on this day
	RenewalsCum       int64
	PrintHours        float64
	Lost              [NumCauses]float64
	Intake            int64 // records the centre accepted this day
	// Nation's row only (Unlimited in region rows): records held by the
	// central server, and blanks in the national store.
	CentralStored  int64
	NationalBlanks int64
	// Allocated is the blanks allocated to the region (the nation: to
	// every region) this day by central.blanks.allocation; InTransit the
	// blanks sent from the national store, reorders and allocations, not
	// yet arrived at the end of the day.
	Allocated int64
	InTransit int64
}

// Backlog is everything recorded and not yet printed.
func (r *DayRow) Backlog() int64 {
	return r.Unsent + r.AwaitingIntake + r.DuplicatesPending + r.InVerification + r.PrintReady
}

// LostHours is the printer-hours working printers could not print for an
// outage or a missing blank or ribbon (breakdowns excluded).
func (r *DayRow) LostHours() float64 {
	s := 0.0
	for c := Cause(0); c < CauseBreakdown; c++ {
		s += r.Lost[c]
	}
	return s
}

func (r *DayRow) addTo(n *DayRow) {
	n.Recorded += r.Recorded
	n.Unsent += r.Unsent
	n.AwaitingIntake += r.AwaitingIntake
	n.DuplicatesPending += r.DuplicatesPending
	n.InVerification += r.InVerification
	n.PrintReady += r.PrintReady
	n.Printed += r.Printed
	n.PrintedCum += r.PrintedCum
	n.Intake += r.Intake
	n.Allocated += r.Allocated
	n.InTransit += r.InTransit
	// Renewals can exceed int64 summed over 20,000 regions at the range
	// limits: they saturate at math.MaxInt64.
	n.Renewals = satAdd(n.Renewals, r.Renewals)
	n.RenewalsCum = satAdd(n.RenewalsCum, r.RenewalsCum)
	n.PrintHours += r.PrintHours
	for c := range r.Lost {
		n.Lost[c] += r.Lost[c]
	}
	// Stocks: the nation's row sums finite stocks, saturating at
	// math.MaxInt64; it is Unlimited only when every region's is.
	if r.Blanks != Unlimited {
		n.Blanks = satAdd(max(n.Blanks, 0), r.Blanks)
	}
	if r.RibbonCards != Unlimited {
		n.RibbonCards = satAdd(max(n.RibbonCards, 0), r.RibbonCards)
	}
}

// Observer receives each day's rows as the run goes: the nation's and
// then every region's in scenario order. The slices are reused: copy what
// you keep.
type Observer interface {
	Day(date scenario.Date, nation *DayRow, regions []DayRow) error
}

// Figures are the headline results of one run for a region or the nation.
type Figures struct {
	PrintedTotal int64
	BacklogEnd   int64
	PeakBacklog  int64
	PeakDay      int // day index of the peak (first if several)
	// StockoutDays counts days on which printing lost time for want of
	// blanks, or ended with no blanks while print-ready work waited. For
	// the nation it counts days on which any region had one.
	StockoutDays int
	// StockoutRegionDays is, for the nation, the sum of the regions'
	// StockoutDays.
	StockoutRegionDays int
	MeanWait, P95Wait  float64 // days from recording to printing; NaN if nothing printed
	ClearDay           int     // first day the backlog is at or below the clear level; -1 if never
	RenewalsTotal      int64
	LostHours          float64
	LostByCause        [NumCauses]float64
}

// Result is the outcome of one replication.
type Result struct {
	Nation  Figures
	Regions []Figures
	Events  uint64 // events the kernel fired
	// MaxPending is the most events the calendar held at once: the size
	// of calendar the model needs (scripts/bench compares with it).
	MaxPending int
	// Waves are the allocations of central.blanks.allocation, in time
	// order (none under requests).
	Waves []Wave
}

// waitStats returns the mean and 95th percentile of a histogram of waits
// in whole days. The sum of waits is kept in 128 bits: a nation's cards
// times their waits can exceed int64 (3e17 cards x 18,000 days).
func waitStats(hist []int64) (mean, p95 float64) {
	var n int64
	var hi, lo uint64
	for w, k := range hist {
		n += k
		h, l := bits.Mul64(uint64(w), uint64(k))
		var c uint64
		lo, c = bits.Add64(lo, l, 0)
		hi += h + c
	}
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	sum := float64(int64(lo))
	if hi != 0 || lo > math.MaxInt64 {
		sum = float64(hi)*0x1p64 + float64(lo)
	}
	target := int64(math.Ceil(0.95 * float64(n)))
	var cum int64
	for w, k := range hist {
		cum += k
		if cum >= target {
			p95 = float64(w)
			break
		}
	}
	return sum / float64(n), p95
}

// tracker folds daily rows into Figures.
type tracker struct {
	f       Figures
	clearAt int64
}

func newTracker(clearLevel int64) tracker {
	return tracker{f: Figures{ClearDay: -1, PeakBacklog: -1}, clearAt: clearLevel}
}

func (t *tracker) day(d int, row *DayRow, stockout bool) {
	b := row.Backlog()
	if b > t.f.PeakBacklog {
		t.f.PeakBacklog, t.f.PeakDay = b, d
	}
	if t.f.ClearDay < 0 && b <= t.clearAt {
		t.f.ClearDay = d
	}
	if stockout {
		t.f.StockoutDays++
	}
	t.f.BacklogEnd = b
	t.f.PrintedTotal = row.PrintedCum
	t.f.RenewalsTotal = row.RenewalsCum
	for c := range row.Lost {
		t.f.LostByCause[c] += row.Lost[c]
	}
	t.f.LostHours += row.LostHours()
}
