package model

import (
	"math"
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

func (m *Model) midnight(now float64) {
	d := int(math.Round(now / 24))
	switch {
	case d == m.days:
		m.endDay(d-1, now, false)
		return
	case d > 0:
		// One pass over the regions: each one's row of yesterday, then its
		// renewals of today.
		m.endDay(d-1, now, true)
	default:
		for _, r := range m.regions {
			r.renew(d + m.org)
		}
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

// officeOpen starts every region's recording and printing window.
func (m *Model) officeOpen(now float64) {
	d := int(now / 24)
	for _, r := range m.regions {
		r.update(now, func() {
			r.startRecording(d+m.org, now)
			r.inWindow = true
			r.windowEnd = float64(d)*24 + m.otEnd
		})
	}
}

// officeClose ends every region's recording, and its printing window too
// without overtime.
func (m *Model) officeClose(now float64) {
	for _, r := range m.regions {
		r.update(now, func() {
			r.record(now)
			r.recording = false
			if m.otEnd == m.close {
				r.inWindow = false
			}
		})
	}
}

// overtimeEnd ends every region's printing window.
func (m *Model) overtimeEnd(now float64) {
	for _, r := range m.regions {
		r.update(now, func() { r.inWindow = false })
	}
}
