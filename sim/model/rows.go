package model

// endDay takes the rows of day d at its 24:00 (now) and, if renew, counts
// each region's certificate renewals of day d+1 right after its row (they
// are the first thing of the new day, and touch the region alone).
func (m *Model) endDay(d int, now float64, renew bool) {
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
			m.centre.alloc.stockedOut(i)
		}
		r.resetDay()
		if renew {
			r.renew(d + 1 + m.org)
		}
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

// fillRow writes the end-of-day state and reports whether the day counts
// as a blank stock-out.
func (r *region) fillRow(row *DayRow) bool {
	var unsent, awaiting, ready int64
	for c := range r.ready.total {
		unsent += r.unsent.total[c]
		awaiting += r.awaiting.total[c]
		ready += r.ready.total[c]
	}
	*row = DayRow{
		Recorded: r.recordedCum, Unsent: unsent, AwaitingIntake: awaiting,
		DuplicatesPending: r.dupPending, InVerification: r.inVerif, PrintReady: ready,
		Printed: r.printedDay, PrintedCum: r.printedCum,
		Blanks: r.blanks.report(), RibbonCards: r.ribbon.report(),
		Renewals: r.renewalsDay, RenewalsCum: r.renewalsCum,
		PrintHours: r.printHours, Lost: r.lost, Intake: r.intakeDay,
		CentralStored: Unlimited, NationalBlanks: Unlimited,
		Allocated: r.allocatedDay, InTransit: r.blanks.inTransit,
	}
	return r.blanksShort || r.lost[CauseBlanks] > 0 || (row.Blanks == 0 && ready > 0)
}

func (r *region) resetDay() {
	r.printedDay = 0
	r.printHours = 0
	r.lost = [NumCauses]float64{}
	r.blanksShort = false
	r.renewalsDay = 0
	r.intakeDay = 0
	r.allocatedDay = 0
}
