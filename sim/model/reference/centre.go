package reference

import (
	"math"
	"slices"

	"github.com/ektpsim/ektpsim/sim/dist"
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
	policy  string
	down    int // active central outages of any kind

	storeUnlimited                                    bool
	storeLevel, storeStart, storeDelivered, storeSent int64
	waiting                                           []blankRequest

	// scratch for intake, reused every day
	weights, shares []int64
	split           splitter
	frontDay        []int32 // fifo: each region's oldest awaiting day
	frontN          []int64 // fifo: its records of that day
	taken           []int   // regions with a batch today

}

// blankRequest is k orders of unit blanks each from region r, placed at
// once and waiting at the store: each is filled whole, in turn.
type blankRequest struct {
	r       *region
	unit, k int64
}

func (c *centre) init(m *Model) {
	sc := m.sc.Central
	c.m = m
	c.intakePerDay = amount(sc.IntakePerDay)
	c.stored = sc.Stored
	c.setCapacity(amount(sc.StorageCapacity))
	c.policy = sc.IntakePolicy
	c.storeUnlimited = sc.Blanks.Stock.Unlimited
	c.storeLevel = min(sc.Blanks.Stock.N, maxCards)
	c.storeStart = c.storeLevel
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
	outageProcesses(m, "central", &sc.Outages, func(_ string, now float64, down bool) { c.change(now, down) })
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

// Fire runs the day's intake at 00:00.
func (c *centre) Fire(now float64) {
	if c.down > 0 {
		return
	}
	limit := c.intakePerDay
	if limit < 0 {
		limit = math.MaxInt64
	}
	if c.capacity >= 0 {
		limit = min(limit, c.capacity-c.stored)
	}
	if limit <= 0 {
		return
	}
	regions := c.m.regions
	c.taken = c.taken[:0]
	switch c.policy {
	case "fifo":
		c.fifo(limit)
	case "proportional", "quota":
		var sum int64
		for i, r := range regions {
			w := r.awaitingTotal()
			if c.policy == "quota" {
				w = min(w, r.cfg.IntakeQuota)
			}
			c.weights[i] = w
			sum += w
		}
		if sum <= limit {
			copy(c.shares, c.weights)
		} else {
			c.split.split(limit, c.weights, c.shares)
		}
		for i, r := range regions {
			if c.shares[i] > 0 {
				r.takeOldest(c.shares[i])
				c.taken = append(c.taken, i)
			}
		}
	}
	// Regions accept in scenario order, whatever order their records were
	// taken in.
	slices.Sort(c.taken)
	for _, i := range c.taken {
		r := regions[i]
		c.stored += r.accept(now)
		r.batch = r.batch[:0]
	}
}

// fifo takes the oldest recording day first, nationwide; a day that does
// not fit whole is shared among regions in proportion to their records of
// that day. Each region's oldest day and its count are read once and then
// kept up to date for the regions taken from, so that a day costs passes
// over two flat arrays rather than over the regions.
func (c *centre) fifo(limit int64) {
	regions := c.m.regions
	for i, r := range regions {
		c.refreshFront(i, r)
	}
	for limit > 0 {
		oldest := int32(math.MaxInt32)
		for _, d := range c.frontDay {
			oldest = min(oldest, d)
		}
		if oldest == math.MaxInt32 {
			return
		}
		var sum int64
		for i, d := range c.frontDay {
			c.weights[i] = 0
			if d == oldest {
				c.weights[i] = c.frontN[i]
				sum += c.frontN[i]
			}
		}
		if sum <= limit {
			copy(c.shares, c.weights)
		} else {
			c.split.split(limit, c.weights, c.shares)
		}
		for i, k := range c.shares {
			if k > 0 {
				r := regions[i]
				if len(r.batch) == 0 {
					c.taken = append(c.taken, i)
				}
				r.takeDay(oldest, k)
				limit -= k
				c.refreshFront(i, r)
			}
		}
	}
}

// refreshFront reads region i's oldest awaiting day and its count into
// frontDay and frontN (MaxInt32 and 0 when nothing waits).
func (c *centre) refreshFront(i int, r *region) {
	d, ok := r.oldestAwaiting()
	if !ok {
		c.frontDay[i], c.frontN[i] = math.MaxInt32, 0
		return
	}
	c.frontDay[i], c.frontN[i] = d, r.awaitingOn(d)
}

// request asks the national store for k orders of unit blanks for r. They
// are served first come, first served, each order whole: the store sends
// at once as many of the k as it can fill, unless earlier requests wait,
// and the rest wait. The orders sent together travel as one shipment.
func (c *centre) request(now float64, r *region, unit, k int64) {
	if len(c.waiting) == 0 {
		k -= c.fill(now, r, unit, k)
	}
	if k > 0 {
		c.waiting = append(c.waiting, blankRequest{r, unit, k})
	}
}

// fill sends as many of k orders of unit blanks to r as the store can fill
// whole, as one shipment, and returns how many.
func (c *centre) fill(now float64, r *region, unit, k int64) int64 {
	m := k
	if !c.storeUnlimited {
		m = min(k, c.storeLevel/unit)
	}
	if m <= 0 {
		return 0
	}
	n := m * unit
	if !c.storeUnlimited {
		c.storeLevel -= n
		c.storeSent += n
	}
	r.blanks.ship(now, n)
	return m
}

func (c *centre) deliver(now float64, n int64) {
	if c.storeUnlimited {
		return
	}
	n = room(c.storeLevel, n)
	c.storeLevel += n
	c.storeDelivered += n
	for len(c.waiting) > 0 {
		q := &c.waiting[0]
		q.k -= c.fill(now, q.r, q.unit, q.k)
		if q.k > 0 {
			return
		}
		c.waiting = c.waiting[1:]
	}
}

// outageProcesses starts the random network, power and application outages
// of a place, each on its own stream.
func outageProcesses(m *Model, place string, o *scenario.Outages, change func(kind string, now float64, down bool)) {
	for _, k := range []struct {
		name string
		r    *scenario.Renewal
	}{{"network", o.Network}, {"power", o.Power}, {"application", o.Application}} {
		if k.r == nil {
			continue
		}
		p := &renewal{env: &m.env, every: k.r.Every.Dist, lasting: k.r.Lasting.Dist,
			src: m.streams.Source(place + "/outage/" + k.name)}
		kind := k.name
		p.change = func(now float64, down bool) { change(kind, now, down) }
		if p.lasting == nil {
			p.lasting = dist.Fixed{}
		}
		p.start()
	}
}

type actionFunc func(now float64)

func (f actionFunc) Fire(now float64) { f(now) }
