// Package snapshot turns a run's state at the end of a day into a scenario
// that starts the next day from it (docs/snapshot.md), and builds such a
// scenario from observed figures (observed.go).
package snapshot

import (
	"bytes"
	"fmt"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// FileName is the name of the snapshot of date d in a result folder.
func FileName(d scenario.Date) string { return "snapshot-" + d.String() + ".yaml" }

// FromState returns the scenario that starts the day after st (st.Next)
// with the state st of a run of sc: the state is folded into the initial
// keys, the dated items before the new start dropped (changes already
// applied folded in), everything later kept. sc is not changed.
func FromState(sc *scenario.Scenario, st *model.State) *scenario.Scenario {
	next := st.Next
	out := *sc
	out.Start = next
	out.Horizon = nil
	out.Base = ""
	out.Defaults = nil
	if st.Org.Days() < next.Days() {
		org := st.Org
		out.Origin = &org
	} else {
		out.Origin = nil
	}
	out.Name = sc.Name + "-from-" + next.String()
	out.Description = fmt.Sprintf("The state of %q at 24:00 on %s (a snapshot).", sc.Name, next.AddDays(-1))
	out.Calendar.Holidays = nil
	for _, h := range sc.Calendar.Holidays {
		if h.Days() >= next.Days() {
			out.Calendar.Holidays = append(out.Calendar.Holidays, h)
		}
	}

	c := &out.Central
	c.IntakePerDay = amount(st.IntakePerDay)
	c.StorageCapacity = amount(st.Capacity)
	c.Stored = st.Stored
	c.Changes = nil
	for _, ch := range sc.Central.Changes {
		if ch.Date.Days() >= next.Days() {
			c.Changes = append(c.Changes, ch)
		}
	}
	c.Outages = outages(sc.Central.Outages, next)
	c.Outages.InProgress = st.Outages
	c.Blanks.Stock = amount(st.StoreBlanks)
	c.Blanks.Deliveries = deliveries(sc.Central.Blanks.Deliveries, next)
	c.Blanks.Requests = st.Requests
	if a := sc.Central.Blanks.Allocation; a != nil {
		na := *a
		na.Next = st.AllocNext
		c.Blanks.Allocation = &na
	}

	out.Regions = make([]scenario.Region, len(sc.Regions))
	for i := range sc.Regions {
		out.Regions[i] = region(sc.Regions[i], st.Regions[i], next)
	}
	return &out
}

func region(r scenario.Region, rs model.RegionState, next scenario.Date) scenario.Region {
	r.Backlog = scenario.Backlog{Cohorts: rs.Cohorts, Accepted: rs.Accepted}
	var changes []scenario.RecordingChange
	for _, ch := range r.RecordingChanges {
		if ch.Date.Days() >= next.Days() {
			changes = append(changes, ch)
			continue
		}
		for _, k := range []struct {
			to   *scenario.CountDist
			from *scenario.CountDist
		}{{&r.Recording.FirstTime, ch.FirstTime}, {&r.Recording.Replacement, ch.Replacement}, {&r.Recording.ElementChange, ch.ElementChange}} {
			if k.from != nil {
				*k.to = *k.from
			}
		}
	}
	r.RecordingChanges = changes
	r.Blanks.Stock = amount(rs.Blanks)
	r.Blanks.Deliveries = deliveries(r.Blanks.Deliveries, next)
	r.Blanks.OnOrder = rs.BlanksOnOrder
	r.Ribbons.Cards = nil
	if rs.RibbonCards != model.Unlimited {
		per := max(r.Ribbons.CardsPerRibbon, 1)
		r.Ribbons.Stock = scenario.Amount{N: (rs.RibbonCards + per - 1) / per}
		cards := rs.RibbonCards
		r.Ribbons.Cards = &cards
	}
	r.Ribbons.Deliveries = deliveries(r.Ribbons.Deliveries, next)
	r.Ribbons.OnOrder = rs.RibbonsOnOrder
	r.Outages = outages(r.Outages, next)
	r.Outages.InProgress = rs.Outages
	sites := make([]scenario.Site, len(r.Sites))
	for j, s := range r.Sites {
		if s.Opens != nil && s.Opens.Days() <= next.Days() {
			s.Opens = nil
		}
		ss := rs.Sites[j]
		s.Progress = ss.Progress
		s.Broken = ss.Broken
		s.UPSCharge = nil
		full := float64(r.UPSHours)
		if s.UPSHours != nil {
			full = float64(*s.UPSHours)
		}
		if ss.UPSCharge < full {
			h := scenario.Hours(ss.UPSCharge)
			s.UPSCharge = &h
		}
		sites[j] = s
	}
	r.Sites = sites
	return r
}

func amount(n int64) scenario.Amount {
	if n == model.Unlimited {
		return scenario.Amount{Unlimited: true}
	}
	return scenario.Amount{N: n}
}

// deliveries keeps those on or after next.
func deliveries(ds []scenario.Delivery, next scenario.Date) []scenario.Delivery {
	var out []scenario.Delivery
	for _, d := range ds {
		if d.Date.Days() >= next.Days() {
			out = append(out, d)
		}
	}
	return out
}

// outages keeps the random processes (which draw afresh) and the scheduled
// outages that end after next's 00:00; one in progress then starts at the
// new start.
func outages(o scenario.Outages, next scenario.Date) scenario.Outages {
	var kept []scenario.Scheduled
	for _, s := range o.Scheduled {
		if s.To.Hours(next) > 0 {
			kept = append(kept, s)
		}
	}
	o.Scheduled = kept
	return o
}

// Marshal writes the snapshot scenario with a header comment saying what it
// is; replications > 1 say the state is replication 0's.
func Marshal(sc *scenario.Scenario, from string, replications int64) ([]byte, error) {
	day := sc.Start.AddDays(-1)
	var h bytes.Buffer
	fmt.Fprintf(&h, "%s: the state of %s at 24:00 on %s, so this scenario\n", Header, from, day)
	fmt.Fprintf(&h, "# starts on %s. Backlog cohorts keep their recording days (certificates and\n", sc.Start)
	h.WriteString("# waits count from them); stocks, orders on their way, the server and the\n")
	h.WriteString("# printers' progress are as they were; dated items before the start are\n")
	h.WriteString("# dropped (changes already made folded in). Random processes draw afresh.\n")
	if replications > 1 {
		fmt.Fprintf(&h, "# The run had %d replications: this is replication 0's state.\n", replications)
	}
	return withHeader(sc, h.Bytes())
}

// Header is how every snapshot file begins.
const Header = "# Snapshot by ektpsim"

// MarshalObserved writes a scenario built by FromObserved with a header
// comment naming the CSV and the base.
func MarshalObserved(sc *scenario.Scenario, csvName, base string) ([]byte, error) {
	var h bytes.Buffer
	fmt.Fprintf(&h, "%s from observed figures: %s on %s over the base scenario %s.\n", Header, csvName, sc.Start, base)
	h.WriteString("# Observed regions start with the CSV's backlog (recorded before the start,\n")
	h.WriteString("# certificates from the start) and stocks; the rest is the base's state at\n")
	h.WriteString("# its start. Dated items before the start are dropped, changes folded in.\n")
	return withHeader(sc, h.Bytes())
}

// withHeader is the scenario's YAML after header instead of Marshal's own
// first comment line.
func withHeader(sc *scenario.Scenario, header []byte) ([]byte, error) {
	b, err := scenario.Marshal(sc)
	if err != nil {
		return nil, err
	}
	if i := bytes.IndexByte(b, '\n'); i >= 0 && bytes.HasPrefix(b, []byte("#")) {
		b = b[i+1:]
	}
	return append(header, b...), nil
}
