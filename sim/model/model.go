package model

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/ektpsim/ektpsim/sim/des"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

type actionFunc func(now float64)

func (f actionFunc) Fire(now float64) { f(now) }

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

	days int
	// org is the days from the origin (scenario.OriginDay, the day of
	// the oldest backlog) to the start: record days are counted from the
	// origin, key = sim day + org (snapshot.go).
	org       int
	workday   []bool
	open      float64 // office opening, hours after 00:00
	close     float64
	otEnd     float64 // end of overtime printing (== close without overtime)
	officeLen float64

	centre centre
	// regionStore and siteStore hold the regions and their sites (see build).
	regionStore []region
	siteStore   []site
	slab        slab // the regions' arrays by day (slab.go)
	// maxPending is the most events the calendar held at once.
	maxPending int
	regions    []*region

	renewOffsets []int // days from a recording to its k-th certificate expiry
	// renewQ, renewP: the offsets repeat, renewOffsets[k+q] =
	// renewOffsets[k] + p (0 when summed directly; see certificate.go).
	renewQ, renewP int

	// procs are the random outage and breakdown processes by place, for
	// State (snapshot.go).
	procs map[string][]*renewal

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
	m.org = int(sc.Start.Days() - sc.OriginDay().Days())
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
		if !(o < float64(m.days+m.org)) {
			break
		}
		m.renewOffsets = append(m.renewOffsets, int(o))
	}
	m.renewQ, m.renewP = renewalPeriod(m.renewOffsets, m.days+m.org, naive)

	m.centre.init(m)
	// The regions, and all their sites, sit in two arrays in scenario
	// order, the order of every pass over them: each pass then walks
	// memory forwards, which the processor's prefetching follows.
	m.regionStore = make([]region, len(sc.Regions))
	nSites := 0
	for i := range sc.Regions {
		nSites += len(sc.Regions[i].Sites)
	}
	m.siteStore = make([]site, 0, nSites)
	m.slab = newSlab(len(sc.Regions), m.days+m.org)
	m.regions = make([]*region, len(sc.Regions))
	for i := range sc.Regions {
		m.regions[i] = newRegion(m, i, &sc.Regions[i])
	}
	m.seedCentre() // snapshot.go
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

func (m *Model) result() *Result {
	res := &Result{Regions: make([]Figures, len(m.regions)), Events: m.env.Fired(), MaxPending: m.maxPending}
	hist := make([]int64, m.days+m.org+1)
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
	res.Waves = m.centre.alloc.endWaves(m) // h17: allocation.go
	return res
}
