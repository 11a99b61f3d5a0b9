package model

import (
	"github.com/ektpsim/ektpsim/sim/des"
	"github.com/ektpsim/ektpsim/sim/dist"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// change starts or ends a central outage: it stops uploads, intake and
// printing in every region.
func (c *centre) change(now float64, down bool) {
	for _, r := range c.m.regions {
		r.advance(now)
		r.record(now)
	}
	c.down += delta(down)
	for _, r := range c.m.regions {
		r.upload()
		r.plan(now)
	}
}

// outageProcesses starts the random network, power and application outages
// of a place, each on its own stream.
func outageProcesses(m *Model, place string, o *scenario.Outages, change func(kind outageKind, now float64, down bool)) {
	for _, k := range []struct {
		kind outageKind
		r    *scenario.Renewal
	}{{kindNetwork, o.Network}, {kindPower, o.Power}, {kindApplication, o.Application}} {
		if k.r == nil {
			continue
		}
		p := &renewal{env: &m.env, every: k.r.Every.Dist, lasting: k.r.Lasting.Dist,
			src: m.streams.Source(place + "/outage/" + k.kind.String())}
		kind := k.kind
		p.kind = kind
		m.register(place, p) // snapshot.go
		p.change = func(now float64, down bool) { change(kind, now, down) }
		if p.lasting == nil {
			p.lasting = dist.Fixed{}
		}
		p.start()
	}
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
	at             float64    // time of the next change, for snapshots
	kind           outageKind // what it is an outage of (kindPrinter: breakdowns)
}

func (p *renewal) start() {
	p.at = p.up()
	p.env.Schedule(p.at, prioChange, p)
}

// up draws the time up until the next outage, in hours, at least minEvery.
func (p *renewal) up() float64 { return max(dist.DrawHours(p.every, p.src), minEvery) }

func (p *renewal) Fire(now float64) {
	p.down = !p.down
	p.change(now, p.down)
	if p.down {
		p.at = now + dist.DrawHours(p.lasting, p.src)
	} else {
		p.at = now + p.up()
	}
	p.env.Schedule(p.at, prioChange, p)
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

// outage starts or ends a region-wide outage of a kind.
func (r *region) outage(kind outageKind, now float64, down bool) {
	r.update(now, func() { r.outageChange(kind, now, down) })
}

func (r *region) outageChange(kind outageKind, now float64, down bool) {
	switch kind {
	case kindNetwork:
		r.record(now)
		r.netDown += delta(down)
		r.upload()
	case kindPower:
		for _, s := range r.sites {
			s.settlePower(now)
		}
		regionCut := r.powerDown > 0
		r.powerDown += delta(down)
		for _, s := range r.sites {
			s.powerChanged(now, regionCut || s.powerDown > 0)
		}
	case kindApplication:
		r.appDown += delta(down)
	}
}

// outage starts or ends an outage of this site alone.
func (s *site) outage(kind outageKind, now float64, down bool) {
	s.r.update(now, func() { s.outageChange(kind, now, down) })
}

func (s *site) outageChange(kind outageKind, now float64, down bool) {
	switch kind {
	case kindNetwork:
		s.netDown += delta(down)
	case kindPower:
		s.settlePower(now)
		was := s.cut()
		s.powerDown += delta(down)
		s.powerChanged(now, was)
	case kindApplication:
		s.appDown += delta(down)
	}
}

// startScheduled schedules the region's dated outages: of printers at a
// site, of one site, or of the whole region.
func (r *region) startScheduled() {
	m := r.m
	for i, o := range r.cfg.Outages.Scheduled {
		kind := r.scheduled[i]
		var target *site
		for _, s := range r.sites {
			if s.cfg.Name == o.Site || (o.Site == "" && kind == kindPrinter && len(r.sites) == 1) {
				target = s
			}
		}
		from, to := o.From.Hours(m.sc.Start), o.To.Hours(m.sc.Start)
		switch {
		case kind == kindPrinter:
			n := int(o.Printers)
			if n == 0 {
				n = int(r.cfg.PrintersAt(target.idx))
			}
			m.window(from, to, func(now float64, down bool) {
				r.update(now, func() { target.schedDown += n * delta(down) })
			})
		case target == nil:
			m.window(from, to, func(now float64, down bool) { r.outage(kind, now, down) })
		default:
			m.window(from, to, func(now float64, down bool) { target.outage(kind, now, down) })
		}
	}
}
