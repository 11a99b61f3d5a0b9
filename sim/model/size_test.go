package model

import (
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ektpsim/ektpsim/sim/scenario"
)

const bigPrinters = `
start: 2017-01-02
end: 2017-12-31
regions:
  - name: A
    districts: 10
    sites: [{name: kecamatan offices, printers_per_district: 10, cards_per_printer_per_day: 80, breakdowns: {every: exponential(30d), repair: 1d}}]
`

// Issue 13: 1e8 printers with breakdowns (23 GB) are refused at once,
// and the check itself allocates nothing big.
func TestCheckSizeRefusesHundredMillionPrinters(t *testing.T) {
	// Validation holds a site to 100,000 printers; the check must hold on
	// its own, so the scenario is enlarged after loading.
	sc := load(t, bigPrinters)
	sc.Regions[0].Districts, sc.Regions[0].Sites[0].PrintersPerDistrict = 10000, 10000
	start := time.Now()
	err := CheckSize(sc)
	if el := time.Since(start); el > 100*time.Millisecond {
		t.Errorf("CheckSize took %v", el)
	}
	want := "regions[0].sites[0].printers_per_district: 100000000 printers with breakdowns would need about 18 GB for one replication; the limit is 8 GiB"
	if err == nil || err.Error() != want {
		t.Fatalf("CheckSize = %v\nwant %s", err, want)
	}
	// The same printers written as printers (validation may refuse so many
	// at one site; the check must hold on its own).
	sc.Regions[0].Sites[0].PrintersPerDistrict, sc.Regions[0].Districts = 0, 0
	sc.Regions[0].Sites[0].Printers = 100000000
	want = "regions[0].sites[0].printers: 100000000 printers with breakdowns would need about 18 GB for one replication; the limit is 8 GiB"
	if err := CheckSize(sc); err == nil || err.Error() != want {
		t.Fatalf("CheckSize = %v\nwant %s", err, want)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	allocs := testing.AllocsPerRun(10, func() { _ = CheckSize(sc) })
	runtime.ReadMemStats(&after)
	if allocs > 20 || after.TotalAlloc-before.TotalAlloc > 64<<10 {
		t.Errorf("CheckSize allocated %v times, %d bytes in all over 11 calls", allocs, after.TotalAlloc-before.TotalAlloc)
	}
}

// 20,000 regions (the most validation accepts) over 50 years are refused,
// naming the regions and the end.
func TestCheckSizeRegionsOverYears(t *testing.T) {
	sc := load(t, "start: 2017-01-02\nhorizon: 18262d\nregions: [{name: A}]\n")
	if err := CheckSize(sc); err != nil {
		t.Fatalf("one region over 50 years: %v", err)
	}
	for len(sc.Regions) < 20000 {
		sc.Regions = append(sc.Regions, sc.Regions[0])
	}
	err := CheckSize(sc)
	if err == nil || !strings.HasPrefix(err.Error(), "regions, end: 20000 regions over 18262 days (their record queues and certificate arrays) would need about 35 GB for one replication") ||
		!strings.HasSuffix(err.Error(), "; the limit is 8 GiB") {
		t.Fatalf("CheckSize = %v", err)
	}
}

// Every shipped scenario, the national ones included, passes, and a check
// that passes allocates nothing.
func TestCheckSizeShippedScenariosPass(t *testing.T) {
	files, _ := filepath.Glob("../../scenarios/*.yaml")
	if len(files) < 5 {
		t.Fatalf("found %d shipped scenarios", len(files))
	}
	for _, f := range files {
		sc, err := scenario.Load(f, scenario.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckSize(sc); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		if a := testing.AllocsPerRun(5, func() { _ = CheckSize(sc) }); a != 0 {
			t.Errorf("%s: CheckSize allocated %v times", f, a)
		}
	}
}

// The estimate is within a factor of 2 of the live heap of a mid-size
// scenario measured after its run: 200 regions over two years, with
// printers with breakdowns, outages, and intake too slow for the
// recordings, so that the queues hold every day.
func TestSizeEstimateMatchesHeap(t *testing.T) {
	var b strings.Builder
	b.WriteString("start: 2017-01-02\nend: 2018-12-31\ncentral: {intake_per_day: 20000, verification_delay: 2d}\nregions:\n")
	for i := 0; i < 200; i++ {
		b.WriteString(sprintf("  - {name: R%d, recording: {first_time: poisson(200), replacement: poisson(50), element_change: poisson(20)}, backlog: {print_ready: 5000}, "+
			"sites: [{name: s, printers: 40, cards_per_printer_per_day: 2, breakdowns: {every: exponential(60d), repair: 2d}}], "+
			"outages: {network: {every: exponential(10d), lasting: 4h}, power: {every: exponential(10d), lasting: 2h}}}\n", i))
	}
	sc := load(t, b.String())
	est := EstimateBytes(sc)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	m := New(sc, Options{})
	if _, err := m.Run(); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(m)
	heap := float64(after.HeapAlloc) - float64(before.HeapAlloc)
	t.Logf("estimate %.1f MB, live heap after the run %.1f MB", est/1e6, heap/1e6)
	if est < heap/2 || est > 2*heap {
		t.Errorf("estimate %.1f MB, measured %.1f MB: not within a factor of 2", est/1e6, heap/1e6)
	}
}
