package model

import (
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// centre is the national biodata server and the national blank store.
type centre struct {
	m *Model

	intakePerDay int64 // records a day; -1 unlimited
	capacity     int64 // records the server can hold; -1 unlimited
	stored       int64
	// ceiling is the most the server may hold: the capacity, or what it
	// held when the capacity was set below that (at the start or by a
	// dated change). A server holding more than its capacity keeps it and
	// accepts nothing until the capacity exceeds what it holds.
	ceiling int64
	policy  intakePolicy
	down    int // active central outages of any kind

	storeUnlimited                                    bool
	storeLevel, storeStart, storeDelivered, storeSent int64
	waiting                                           []blankRequest
	alloc                                             allocator // h17: central.blanks.allocation (allocation.go)

	// scratch for intake, reused every day
	weights, shares []int64
	split           splitter
	frontDay        []int32 // fifo: each region's oldest awaiting day
	frontN          []int64 // fifo: its records of that day
	taken           []int   // regions with a batch today

}

func (c *centre) init(m *Model) {
	sc := m.sc.Central
	c.m = m
	c.intakePerDay = amount(sc.IntakePerDay)
	c.stored = sc.Stored
	c.setCapacity(amount(sc.StorageCapacity))
	c.policy = policyOf(sc.IntakePolicy)
	for _, s := range sc.Outages.Scheduled {
		// Every kind stops the centre alike; the name is still checked.
		if kindOf(s.Kind) == kindPrinter {
			panic("model: a printer outage at the centre (scenario.Load refuses it)")
		}
	}
	c.storeUnlimited = sc.Blanks.Stock.Unlimited
	c.storeLevel = min(sc.Blanks.Stock.N, maxCards)
	c.storeStart = c.storeLevel
	c.initAllocation(m) // h17: allocation.go
	n := len(m.sc.Regions)
	c.weights, c.shares = make([]int64, n), make([]int64, n)
	c.frontDay, c.frontN = make([]int32, n), make([]int64, n)
}

func amount(a scenario.Amount) int64 {
	if a.Unlimited {
		return -1
	}
	return a.N
}

func (c *centre) start() {
	m := c.m
	sc := &m.sc.Central
	for _, ch := range sc.Changes {
		ch := ch
		if at := m.hours(ch.Date); at < float64(m.days)*24 {
			m.env.Schedule(at, prioChange, actionFunc(func(float64) {
				if ch.IntakePerDay != nil {
					c.intakePerDay = amount(*ch.IntakePerDay)
				}
				if ch.StorageCapacity != nil {
					c.setCapacity(amount(*ch.StorageCapacity))
				}
			}))
		}
	}
	for _, d := range sc.Blanks.Deliveries {
		d := d
		if at := m.hours(d.Date); at < float64(m.days)*24 {
			m.env.Schedule(at, prioChange, actionFunc(func(now float64) { c.deliver(now, d.Amount) }))
		}
	}
	c.startAllocation() // h17: allocation.go
	outageProcesses(m, "central", &sc.Outages, func(_ outageKind, now float64, down bool) { c.change(now, down) })
	for _, s := range sc.Outages.Scheduled {
		m.window(s.From.Hours(m.sc.Start), s.To.Hours(m.sc.Start), c.change)
	}
}

// setCapacity sets the storage capacity in records (-1 unlimited). A
// capacity below what is stored keeps the records: intake takes nothing
// until the capacity exceeds them.
func (c *centre) setCapacity(n int64) {
	c.capacity = n
	c.ceiling = max(n, c.stored)
}
