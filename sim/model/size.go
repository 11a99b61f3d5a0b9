package model

import (
	"fmt"
	"unsafe"

	"github.com/ektpsim/ektpsim/sim/scenario"
)

// MaxReplicationBytes is the most memory, in bytes, that CheckSize lets
// one replication of the model take: 8 GiB.
const MaxReplicationBytes = 8 << 30

// Per-item memory of a model, in bytes, as New and Run allocate it. They
// follow the real types (unsafe.Sizeof) where one type is one item, plus
// what goes with it (random sources, closures, calendar entries); checked
// against the measured heap by TestSizeEstimateMatchesHeap.
const (
	pcgBytes   = 16                              // a *rand.PCG stream
	entryBytes = 32 + 36                         // a pending event: its entry and its heap slot, with growth slack
	procBytes  = 80 + pcgBytes + 16 + entryBytes // a renewal process (an outage kind, a printer's breakdowns): struct, stream, closure, event
	// regionBytes is a region with its row, tracker, streams, the centre's
	// scratch for it and small buffers.
	regionBytes = int64(unsafe.Sizeof(region{})+unsafe.Sizeof(DayRow{})+unsafe.Sizeof(tracker{})) + 3*pcgBytes + 28 + 256
	siteBytes   = int64(unsafe.Sizeof(site{})) + 64
	// regionDayBytes is a region's arrays by day of the run: certificate
	// holders and waits (8 + 8), print-ready counts by class (3 x 8) and
	// their bitmap, and a day's counts of records awaiting intake (32) with
	// room to grow.
	regionDayBytes = 8 + 8 + 3*8 + 1 + int64(unsafe.Sizeof(dayCounts{})) + 16
	dayBytes       = 1 + 8 // the working-day table and a certificate expiry offset
	datedBytes     = 120   // a dated item (delivery, change, scheduled outage end): its closure and event
	baseBytes      = 64 << 10
)

// sizeItem is one part of the estimate, with the scenario key responsible.
// Its text is built only when CheckSize refuses, so that the estimate
// allocates nothing.
type sizeItem struct {
	kind     int // one of the part kinds below
	region   int // with partPrinters: the site with the most printers
	site     int
	district bool // its printers are mostly printers_per_district
	count    float64
	most     float64 // with partPrinters: printers at that site
	bytes    float64
}

const (
	partPrinters = iota
	partRegionDays
	partOutages
	partDated
)

func (it sizeItem) key() string {
	switch it.kind {
	case partPrinters:
		k := "printers"
		if it.district {
			k = "printers_per_district"
		}
		return fmt.Sprintf("regions[%d].sites[%d].%s", it.region, it.site, k)
	case partRegionDays:
		return "regions, end"
	case partOutages:
		return "outages"
	}
	return "regions"
}

func (it sizeItem) what(days float64) string {
	switch it.kind {
	case partPrinters:
		if it.count > it.most {
			return fmt.Sprintf("%.0f printers with breakdowns (%.0f at this site)", it.count, it.most)
		}
		return fmt.Sprintf("%.0f printers with breakdowns", it.count)
	case partRegionDays:
		return fmt.Sprintf("%.0f regions over %.0f days (their record queues and certificate arrays)", it.count, days)
	case partOutages:
		return fmt.Sprintf("%.0f random outage processes", it.count)
	}
	return fmt.Sprintf("%.0f deliveries, changes and scheduled outages", it.count)
}

// EstimateBytes returns about how many bytes of memory one replication of
// sc takes in the model (not counting the outputs' own buffers). It
// allocates nothing and takes time in proportion to the number of regions
// and sites.
func EstimateBytes(sc *scenario.Scenario) float64 {
	total, _, _ := estimate(sc)
	return total
}

// CheckSize refuses a scenario whose one replication would need more than
// MaxReplicationBytes of memory, before anything is allocated. The error
// names the scenario key responsible for most of it, what it counts, the
// estimate and the limit, for example
//
//	regions[3].sites[0].printers: 100000000 printers with breakdowns would need about 18 GB for one replication; the limit is 8 GiB
//
// sc must have been loaded by package scenario (defaults applied,
// validated). It allocates only for the error.
func CheckSize(sc *scenario.Scenario) error {
	total, worst, days := estimate(sc)
	if total <= MaxReplicationBytes {
		return nil
	}
	all := ""
	if worst.bytes < 0.9*total {
		all = fmt.Sprintf(" (about %s in all)", bytesText(total))
	}
	return fmt.Errorf("%s: %s would need about %s for one replication%s; the limit is 8 GiB",
		worst.key(), worst.what(days), bytesText(worst.bytes), all)
}

// estimate returns the estimated bytes, the largest part and the days of
// the run. Counts are floats so that no product of counts can overflow.
func estimate(sc *scenario.Scenario) (total float64, worst sizeItem, days float64) {
	days = max(float64(sc.End.Days()-sc.OriginDay().Days())+1, 1) // with the days of backlog before the start
	printers := sizeItem{kind: partPrinters}
	dated := sizeItem{kind: partDated, count: float64(len(sc.Central.Changes)+len(sc.Central.Blanks.Deliveries)) + 2*float64(len(sc.Central.Outages.Scheduled))}
	procs := sizeItem{kind: partOutages, count: outageCount(&sc.Central.Outages)}
	regionDays := sizeItem{kind: partRegionDays, count: float64(len(sc.Regions))}
	perDay := float64(regionDayBytes)
	if days*24/max(sc.CertificateValidity.Hours, 24) > naiveRenewals {
		// The running sums of certificate holders: at most one count a
		// day (certificate.go).
		perDay += 8
	}
	perRegion := float64(regionBytes) + days*perDay
	total = float64(baseBytes) + days*float64(dayBytes)
	for i := range sc.Regions {
		r := &sc.Regions[i]
		procs.count += outageCount(&r.Outages)
		dated.count += float64(len(r.Blanks.Deliveries)+len(r.Ribbons.Deliveries)+len(r.RecordingChanges)) + 2*float64(len(r.Outages.Scheduled))
		total += float64(len(r.Sites)) * float64(siteBytes)
		for j := range r.Sites {
			s := &r.Sites[j]
			if s.Breakdowns == nil {
				continue
			}
			perDistrict := float64(s.PrintersPerDistrict) * float64(r.Districts)
			n := float64(s.Printers) + perDistrict
			printers.count += n
			if n > printers.most {
				printers.most, printers.region, printers.site = n, i, j
				printers.district = perDistrict >= float64(s.Printers)
			}
		}
	}
	printers.bytes = printers.count * procBytes
	regionDays.bytes = regionDays.count * perRegion
	procs.bytes = procs.count * procBytes
	dated.bytes = dated.count * datedBytes
	for _, it := range [...]sizeItem{printers, regionDays, procs, dated} {
		total += it.bytes
		if it.bytes > worst.bytes {
			worst = it
		}
	}
	return total, worst, days
}

func outageCount(o *scenario.Outages) float64 {
	n := 0.0
	for _, r := range []*scenario.Renewal{o.Network, o.Power, o.Application} {
		if r != nil {
			n++
		}
	}
	return n
}

// bytesText writes a size in decimal units: "23 GB", "450 MB".
func bytesText(b float64) string {
	switch {
	case b >= 1e12:
		return fmt.Sprintf("%.0f TB", b/1e12)
	case b >= 1e9:
		return fmt.Sprintf("%.0f GB", b/1e9)
	default:
		return fmt.Sprintf("%.0f MB", b/1e6)
	}
}
