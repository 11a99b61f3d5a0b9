package model

import (
	"slices"
	"strconv"

	"github.com/ektpsim/ektpsim/sim/des"
	"github.com/ektpsim/ektpsim/sim/dist"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// site is a printing place of a region with its printers and UPS.
type site struct {
	// The fields plan and print read come first, so that a site costs
	// them two cache lines rather than four.
	carry    float64 // fraction of a card under way (plan)
	rate     float64 // cards per hour while printing (plan)
	printed  int64   // cards printed by this site since the start
	cls      int     // the class printed (plan)
	working  int     // printers working (plan)
	cause    Cause   // why working printers do not print (plan)
	hasWork  bool    // (plan)
	printing bool    // (plan)
	// serves are cfg.Serves without repeats, in order: the classes plan
	// tries, read from the site rather than from the scenario.
	serves  [numClasses]int8
	nServes int8

	printers  int
	broken    int // printers under repair
	schedDown int // printers down by schedule

	netDown, powerDown, appDown int // outages of this site alone

	r          *region
	perPrinter float64 // cards per printer per hour of office time

	idx int
	cfg *scenario.Site

	upsHours float64
	charge   float64 // UPS hours left at chargeAt
	chargeAt float64
	upsEmpty des.Timer
	upsAct   des.Action
}

func newSite(r *region, idx int, cfg *scenario.Site) *site {
	s := &site{}
	if st := &r.m.siteStore; len(*st) < cap(*st) {
		*st = (*st)[:len(*st)+1]
		s = &(*st)[len(*st)-1]
	}
	*s = site{r: r, idx: idx, cfg: cfg, printers: int(r.cfg.PrintersAt(idx)), cls: -1, cause: -1}
	if r.m.officeLen > 0 {
		s.perPrinter = cfg.CardsPerPrinterPerDay / r.m.officeLen
	}
	for _, c := range cfg.Serves {
		if !slices.Contains(s.serves[:s.nServes], int8(c)) {
			s.serves[s.nServes] = int8(c)
			s.nServes++
		}
	}
	s.upsHours = float64(r.cfg.UPSHours)
	if cfg.UPSHours != nil {
		s.upsHours = float64(*cfg.UPSHours)
	}
	s.charge = s.upsHours
	// The UPS running flat changes nothing but what plan finds.
	s.upsAct = actionFunc(func(now float64) { s.r.update(now, nil) })
	return s
}

func (s *site) start() {
	m := s.r.m
	all := s.printers
	if o := s.cfg.Opens; o != nil && o.Days() > m.sc.Start.Days() {
		// Closed until it opens: no printers, so no lost printer-hours.
		// Breakdown processes still run from the start so that opening a
		// site later does not shift any other draw.
		s.printers = 0
		if at := m.hours(*o); at < float64(m.days)*24 {
			m.env.Schedule(at, prioChange, actionFunc(func(now float64) {
				s.r.update(now, func() { s.printers = all })
			}))
		}
	}
	b := s.cfg.Breakdowns
	if b == nil {
		return
	}
	for p := 0; p < all; p++ {
		rn := &renewal{env: &m.env, every: b.Every.Dist, lasting: b.Repair.Dist,
			src: m.streams.Source("region/" + s.r.name + "/site/" + s.cfg.Name + "/printer/" + strconv.Itoa(p))}
		rn.change = func(now float64, down bool) {
			s.r.update(now, func() { s.broken += delta(down) })
		}
		if rn.lasting == nil {
			rn.lasting = dist.Fixed{}
		}
		rn.kind = kindPrinter
		m.register("region/"+s.r.name+"/site/"+s.cfg.Name, rn) // snapshot.go
		rn.start()
	}
}

func (s *site) cut() bool { return s.r.powerDown > 0 || s.powerDown > 0 }

// chargeNow is the UPS charge in hours at now: it drains an hour per hour
// of cut and recharges at the same rate while power is on.
func (s *site) chargeNow(now float64) float64 {
	if s.cut() {
		return max(0, s.charge-(now-s.chargeAt))
	}
	return min(s.upsHours, s.charge+(now-s.chargeAt))
}

func (s *site) powered(now float64) bool { return !s.cut() || s.chargeNow(now) > eps }

// settlePower records the charge at now before the power state changes.
func (s *site) settlePower(now float64) {
	s.charge = s.chargeNow(now)
	s.chargeAt = now
}

// powerChanged schedules the UPS running flat when a cut begins, and
// cancels that when power returns.
func (s *site) powerChanged(now float64, wasCut bool) {
	isCut := s.cut()
	if isCut == wasCut {
		return
	}
	env := &s.r.m.env
	env.Cancel(s.upsEmpty)
	if isCut && s.charge > eps {
		s.upsEmpty = env.Schedule(now+s.charge, prioWake, s.upsAct)
	}
}
