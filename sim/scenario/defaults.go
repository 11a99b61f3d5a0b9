package scenario

import "fmt"

// The defaults of a scenario, all in one place. Load starts from Default,
// decodes every region over DefaultRegion, validates (which only reads)
// and then applies ApplyDefaults; a Scenario built in Go gets the same by
// starting from Default and DefaultRegion and calling ApplyDefaults before
// model.New.

// Default returns a scenario holding the default of every top-level key
// that has one: one replication, certificates valid 182 days, offices open
// 08:00-16:00 Monday to Friday, fifo intake, and an unlimited central
// server and national blank store.
func Default() *Scenario {
	sc := &Scenario{Replications: 1, CertificateValidity: NewDuration(182 * 24)}
	sc.Calendar.OfficeHours = ClockRange{8, 16}
	sc.Calendar.Workdays = []Weekday{1, 2, 3, 4, 5}
	sc.Central.IntakePolicy = "fifo"
	sc.Central.StorageCapacity = unlimited
	sc.Central.IntakePerDay = unlimited
	sc.Central.Blanks.Stock = unlimited
	return sc
}

// The keys of a run's initial state (snapshot.go, docs/snapshot.md) default
// to an empty past: origin is the start (OriginDay), no backlog cohorts,
// nothing on order or waiting at the store, no outage in progress, no
// printer under repair, no card under way, every UPS full (ups_charge
// absent), and the allocation schedule from the start (allocation.next
// absent). None is filled in: absent is the default.

// DefaultRegion returns a region holding the default of every region key
// that has one: unlimited blanks and ribbons (a stock not given never runs
// out).
func DefaultRegion() Region {
	return Region{Blanks: Blanks{Stock: unlimited}, Ribbons: Ribbons{Stock: unlimited}}
}

// ApplyDefaults fills in what is derived from other keys: the end from the
// horizon (which is then dropped), an allocation's box (1 blank), each unnamed site's name ("site 1",
// "site 2", ... by its place in the list) and each site's serves (every
// class, first-time first) when not given. It is idempotent, and it is the
// only place that changes a decoded scenario: validation reads it as
// these defaults will make it (EndDay, SiteName).
func (sc *Scenario) ApplyDefaults() {
	sc.End = sc.EndDay()
	sc.Horizon = nil
	if a := sc.Central.Blanks.Allocation; a != nil && a.Box == 0 {
		a.Box = 1
	}
	for i := range sc.Regions {
		r := &sc.Regions[i]
		for j := range r.Sites {
			s := &r.Sites[j]
			s.Name = r.SiteName(j)
			if len(s.Serves) == 0 {
				s.Serves = []Class{FirstTime, Replacement, ElementChange}
			}
		}
	}
}

// EndDay is the last simulated day: End, or with a horizon the day a
// horizon's whole days after Start, less one.
func (sc *Scenario) EndDay() Date {
	if sc.Horizon == nil {
		return sc.End
	}
	return sc.Start.AddDays(int64(sc.Horizon.Hours/24) - 1)
}

// SiteName is the name of site i of the region: its name, or "site i+1"
// when it has none.
func (r *Region) SiteName(i int) string {
	if n := r.Sites[i].Name; n != "" {
		return n
	}
	return fmt.Sprintf("site %d", i+1)
}
