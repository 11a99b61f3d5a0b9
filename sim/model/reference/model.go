package reference

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/ektpsim/ektpsim/sim/des"
	"github.com/ektpsim/ektpsim/sim/dist"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// Event priorities: among events at the same instant the lower fires
// first. The day's rows are taken before anything of the new day happens;
// dated changes, deliveries and outages come before the 00:00 intake, so an
// outage from 00:00 stops that day's intake and one ending at 00:00 does
// not.
const (
	prioMidnight = iota
	prioChange
	prioIntake
	prioRelease
	prioOffice
	prioWake
)

// Options adjust one run.
type Options struct {
	// Replication selects the random streams: replication i draws from
	// streams derived from (seed, i) alone.
	Replication int
	// Observer, if set, receives every day's rows.
	Observer Observer
	// CheckInvariants verifies the conservation of records and blanks
	// after every event; a violation stops the run with an error. It is
	// for tests: it costs a pass over all regions per event.
	CheckInvariants bool
	// Stop, if set, is polled now and then; when it returns true the run
	// ends early with ErrStopped.
	Stop func() bool
	// DayDone, if set, is called at the end of every simulated day.
	DayDone func(day int)
}

// ErrStopped is returned by Run when Options.Stop asked it to stop.
var ErrStopped = errors.New("model: run stopped")

// Model is one replication of a scenario. Build it with New and run it
// once with Run.
type Model struct {
	env     des.Env
	sc      *scenario.Scenario
	streams des.Streams
	opt     Options

	days      int
	workday   []bool
	open      float64 // office opening, hours after 00:00
	close     float64
	otEnd     float64 // end of overtime printing (== close without overtime)
	officeLen float64

	centre centre
	// maxPending is the most events the calendar held at once.
	maxPending int
	regions    []*region

	renewOffsets []int // days from a recording to its k-th certificate expiry
	// renewQ, renewP: the offsets repeat, renewOffsets[k+q] =
	// renewOffsets[k] + p (0 when summed directly; see certificate.go).
	renewQ, renewP int

	nation   DayRow
	rows     []DayRow
	trackers []tracker
	national tracker
	err      error

	openAct, closeAct, otAct, midnightAct, initialUploadAct des.Action
}

// New builds a model of sc. sc must have been loaded by package scenario
// (defaults applied, validated).
func New(sc *scenario.Scenario, opt Options) *Model {
	return build(sc, opt, naiveRenewals)
}

// build is New with the number of certificate offsets up to which
// renewals are summed directly (tests compare both ways).
func build(sc *scenario.Scenario, opt Options, naive int) *Model {
	m := &Model{sc: sc, opt: opt, streams: des.Streams{Seed: sc.Seed, Replication: opt.Replication}}
	m.days = int(sc.End.Days()-sc.Start.Days()) + 1
	cal := sc.Calendar
	m.open, m.close = cal.OfficeHours.Open, cal.OfficeHours.Close
	m.otEnd = m.close + float64(cal.OvertimeHours)
	m.officeLen = m.close - m.open
	workdays := map[time.Weekday]bool{}
	for _, w := range cal.Workdays {
		workdays[time.Weekday(w)] = true
	}
	holidays := map[int64]bool{}
	for _, h := range cal.Holidays {
		holidays[h.Days()] = true
	}
	m.workday = make([]bool, m.days)
	for d := range m.workday {
		date := sc.Start.AddDays(int64(d))
		m.workday[d] = workdays[date.Time().Weekday()] && !holidays[date.Days()]
	}
	// Offsets are compared as floats before the conversion to int, which
	// wraps for a validity beyond int range; validation refuses a validity
	// under a day, which is taken as a day here so that the offsets are
	// distinct and at most one a day of the run.
	validity := max(sc.CertificateValidity.Hours, 24)
	for k := 1; ; k++ {
		o := math.Floor(float64(k) * validity / 24)
		if !(o < float64(m.days)) {
			break
		}
		m.renewOffsets = append(m.renewOffsets, int(o))
	}
	m.renewQ, m.renewP = renewalPeriod(m.renewOffsets, m.days, naive)

	m.centre.init(m)
	m.regions = make([]*region, len(sc.Regions))
	for i := range sc.Regions {
		m.regions[i] = newRegion(m, i, &sc.Regions[i])
	}
	m.rows = make([]DayRow, len(m.regions))
	m.trackers = make([]tracker, len(m.regions))
	for i := range m.trackers {
		m.trackers[i] = newTracker(0)
	}
	m.national = newTracker(sc.ClearLevel)

	m.openAct = des.ActionFunc(m.officeOpen)
	m.closeAct = des.ActionFunc(m.officeClose)
	m.otAct = des.ActionFunc(m.overtimeEnd)
	m.midnightAct = des.ActionFunc(m.midnight)
	m.initialUploadAct = des.ActionFunc(func(now float64) {
		for _, r := range m.regions {
			r.upload()
			r.plan(now)
		}
	})
	return m
}

// inWindowAt reports whether time t falls in a day's printing window,
// office opening to the end of overtime, both included.
func (m *Model) inWindowAt(t float64) bool {
	if !(t >= 0 && t < float64(m.days)*24) {
		// After the run (a release or arrival drawn beyond it, however
		// far: the conversion to int below would wrap).
		return false
	}
	d := int(t / 24)
	if d >= m.days || !m.workday[d] {
		return false
	}
	day := float64(d) * 24
	return t >= day+m.open && t <= day+m.otEnd
}

// hours converts a date to hours since the start.
func (m *Model) hours(d scenario.Date) float64 {
	return float64(d.Days()-m.sc.Start.Days()) * 24
}

// Run simulates from the start's 00:00 to the end day's 24:00 and returns
// the headline figures. It returns an error if the observer fails or, with
// CheckInvariants, if a conservation law is broken.
func (m *Model) Run() (*Result, error) {
	m.env.Schedule(0, prioMidnight, m.midnightAct)
	m.env.Schedule(0, prioRelease, m.initialUploadAct)
	m.centre.start()
	for _, r := range m.regions {
		r.start()
	}
	end := float64(m.days) * 24
	for {
		t, ok := m.env.NextTime()
		if !ok || t > end {
			break
		}
		m.maxPending = max(m.maxPending, m.env.Len())
		m.env.Step()
		if m.opt.Stop != nil && m.env.Fired()%4096 == 0 && m.opt.Stop() {
			return nil, ErrStopped
		}
		if m.err != nil {
			return nil, m.err
		}
		if m.opt.CheckInvariants {
			if err := m.verify(); err != nil {
				return nil, fmt.Errorf("at hour %.4f (day %d), after event %d: %w", m.env.Now(), int(m.env.Now()/24), m.env.Fired(), err)
			}
		}
	}
	return m.result(), nil
}

func (m *Model) midnight(now float64) {
	d := int(math.Round(now / 24))
	if d > 0 {
		m.endDay(d-1, now)
	}
	if d == m.days {
		return
	}
	for _, r := range m.regions {
		r.renew(d)
	}
	m.env.Schedule(now, prioIntake, &m.centre)
	if m.workday[d] {
		m.env.Schedule(now+m.open, prioOffice, m.openAct)
		m.env.Schedule(now+m.close, prioOffice, m.closeAct)
		if m.otEnd > m.close {
			m.env.Schedule(now+m.otEnd, prioOffice, m.otAct)
		}
	}
	m.env.Schedule(now+24, prioMidnight, m.midnightAct)
}

func (m *Model) officeOpen(now float64) {
	d := int(now / 24)
	for _, r := range m.regions {
		r.advance(now)
		r.startRecording(d, now)
		r.inWindow = true
		r.windowEnd = float64(d)*24 + m.otEnd
		r.plan(now)
	}
}

func (m *Model) officeClose(now float64) {
	for _, r := range m.regions {
		r.advance(now)
		r.record(now)
		r.recording = false
		if m.otEnd == m.close {
			r.inWindow = false
		}
		r.plan(now)
	}
}

func (m *Model) overtimeEnd(now float64) {
	for _, r := range m.regions {
		r.advance(now)
		r.inWindow = false
		r.plan(now)
	}
}

// endDay takes the rows of day d at its 24:00 (now).
func (m *Model) endDay(d int, now float64) {
	m.nation = DayRow{Blanks: Unlimited, RibbonCards: Unlimited}
	anyStockout := false
	for i, r := range m.regions {
		r.advance(now)
		row := &m.rows[i]
		stockout := r.fillRow(row)
		m.trackers[i].day(d, row, stockout)
		row.addTo(&m.nation)
		anyStockout = anyStockout || stockout
		if stockout {
			m.national.f.StockoutRegionDays++
		}
		r.resetDay()
	}
	m.nation.CentralStored = m.centre.stored
	m.nation.NationalBlanks = Unlimited
	if !m.centre.storeUnlimited {
		m.nation.NationalBlanks = m.centre.storeLevel
	}
	m.national.day(d, &m.nation, anyStockout)
	if m.opt.DayDone != nil {
		m.opt.DayDone(d)
	}
	if m.opt.Observer != nil && m.err == nil {
		m.err = m.opt.Observer.Day(m.sc.Start.AddDays(int64(d)), &m.nation, m.rows)
	}
}

func (m *Model) result() *Result {
	res := &Result{Regions: make([]Figures, len(m.regions)), Events: m.env.Fired(), MaxPending: m.maxPending}
	hist := make([]int64, m.days+1)
	for i, r := range m.regions {
		f := m.trackers[i].f
		f.MeanWait, f.P95Wait = waitStats(r.waitHist)
		res.Regions[i] = f
		for w, k := range r.waitHist {
			hist[w] += k
		}
	}
	res.Nation = m.national.f
	res.Nation.MeanWait, res.Nation.P95Wait = waitStats(hist)
	return res
}

// verify checks the conservation laws of MODEL.md for every region and the
// national store.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (m *Model) verify() error {
	for _, r := range m.regions {
		var waiting int64
		for c := range r.ready.total {
			for _, t := range []int64{r.unsent[c].total, r.awaiting[c].total, r.ready.total[c]} {
				if t < 0 {
					return fmt.Errorf("region %s: negative queue", r.name)
				}
				waiting += t
			}
		}
		if r.dupPending < 0 || r.inVerif < 0 {
			return fmt.Errorf("region %s: negative duplicates (%d) or verification (%d)", r.name, r.dupPending, r.inVerif)
		}
		var held [2]int64
		for _, h := range r.held {
			var n int64
			for _, p := range h.ps {
				n += p.n
			}
			if n != h.n {
				return fmt.Errorf("region %s: held batch of %d counts %d", r.name, h.n, n)
			}
			held[b2i(h.dup)] += n
		}
		if held[0] != r.inVerif || held[1] != r.dupPending {
			return fmt.Errorf("region %s: held batches %v, but verification %d and duplicates %d", r.name, held, r.inVerif, r.dupPending)
		}
		lhs := r.recordedCum + r.initial
		rhs := waiting + r.dupPending + r.inVerif + r.printedCum
		if lhs != rhs {
			return fmt.Errorf("region %s: recorded %d + initial %d = %d, but unsent+awaiting+duplicates+verification+ready+printed = %d",
				r.name, r.recordedCum, r.initial, lhs, rhs)
		}
		for _, s := range []*stock{&r.blanks, &r.ribbon} {
			if s.unlimited {
				continue
			}
			if s.level < 0 || s.onOrder < 0 {
				return fmt.Errorf("region %s: negative %s stock %d or on order %d", r.name, s.name, s.level, s.onOrder)
			}
			if s.start+s.delivered != s.level+r.printedCum {
				return fmt.Errorf("region %s: %s at start %d + delivered %d != stock %d + printed %d",
					r.name, s.name, s.start, s.delivered, s.level, r.printedCum)
			}
		}
		var unprinted int64
		for _, u := range r.unprinted {
			if u < 0 {
				return fmt.Errorf("region %s: negative unprinted cohort", r.name)
			}
			unprinted += u
		}
		if r.maxShort > int64(len(r.sites)) {
			return fmt.Errorf("region %s: %d whole cards reached in one step with no record, blank or ribbon for them (at most one a site): printing went on past a queue or stock running out", r.name, r.maxShort)
		}
		if !r.verifyCert() {
			return fmt.Errorf("region %s: running sums of certificate holders differ from the holders", r.name)
		}
		if unprinted != lhs-r.printedCum {
			return fmt.Errorf("region %s: certificate holders %d != recorded and not printed %d", r.name, unprinted, lhs-r.printedCum)
		}
	}
	c := &m.centre
	if !c.storeUnlimited && (c.storeLevel < 0 || c.storeStart+c.storeDelivered != c.storeLevel+c.storeSent) {
		return fmt.Errorf("national store: start %d + delivered %d != stock %d + sent %d", c.storeStart, c.storeDelivered, c.storeLevel, c.storeSent)
	}
	if c.capacity >= 0 && c.stored > c.ceiling {
		return fmt.Errorf("centre: %d stored exceeds capacity %d (and what was stored when it was set, %d)", c.stored, c.capacity, c.ceiling)
	}
	return nil
}

// minEvery is the shortest time up between two outages or breakdowns, in
// hours (one minute). Validation refuses an `every` whose draws fall below
// a minute more often than not; a draw below it that gets through (a
// long-tailed distribution's rare short draw) is taken as one minute, so
// that a renewal process always moves the clock on and no input can hold a
// run at one instant.
const minEvery = 1.0 / 60

// renewal is an alternating up/down process: up for a draw of every
// (at least minEvery), down for a draw of lasting, starting up at time 0.
type renewal struct {
	env            *des.Env
	every, lasting dist.Dist
	src            dist.Source
	down           bool
	change         func(now float64, down bool)
}

func (p *renewal) start() {
	p.env.Schedule(p.up(), prioChange, p)
}

// up draws the time up until the next outage, in hours, at least minEvery.
func (p *renewal) up() float64 { return max(dist.DrawHours(p.every, p.src), minEvery) }

func (p *renewal) Fire(now float64) {
	p.down = !p.down
	p.change(now, p.down)
	if p.down {
		p.env.Schedule(now+dist.DrawHours(p.lasting, p.src), prioChange, p)
	} else {
		p.env.Schedule(now+p.up(), prioChange, p)
	}
}

// window is a scheduled outage [from, to): it applies change(true) at
// from and change(false) at to.
func (m *Model) window(from, to float64, change func(now float64, down bool)) {
	if to <= 0 || from >= float64(m.days)*24 {
		return
	}
	m.env.Schedule(max(from, 0), prioChange, des.ActionFunc(func(now float64) { change(now, true) }))
	m.env.Schedule(to, prioChange, des.ActionFunc(func(now float64) { change(now, false) }))
}

func delta(down bool) int {
	if down {
		return 1
	}
	return -1
}
