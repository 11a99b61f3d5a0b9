package serve

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/ektpsim/ektpsim/scenarios"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

func shipped(t *testing.T, name string) (source, *scenario.Scenario) {
	t.Helper()
	src := source{name: name, file: name + ".yaml", fsys: scenarios.FS}
	sc, err := src.load(nil, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	return src, sc
}

// Every lever's overrides, against example-2017's own values (read from
// scenarios/example-2017.yaml by hand), and what the loaded what-if has.
func TestLevers(t *testing.T) {
	src, base := shipped(t, "example-2017")
	binjai := Selection{Mode: "names", Names: []string{"Kota Binjai"}}
	for _, c := range []struct {
		lever, value string
		sel          Selection
		sets         []string
		check        func(sc *scenario.Scenario) bool
	}{
		{"intake", "75000", Selection{}, []string{"central.intake_per_day=75000"},
			func(sc *scenario.Scenario) bool { return sc.Central.IntakePerDay.N == 75000 }},
		{"capacity", "unlimited", Selection{}, []string{"central.storage_capacity=unlimited"},
			func(sc *scenario.Scenario) bool { return sc.Central.StorageCapacity.Unlimited }},
		{"upgrade", "2017-10-02", Selection{}, []string{"central.changes[0].date=2017-10-02"},
			func(sc *scenario.Scenario) bool { return sc.Central.Changes[0].Date.String() == "2017-10-02" }},
		{"blanks_shift", "-14", Selection{}, []string{"central.blanks.deliveries[0].date=2017-03-20",
			"central.blanks.deliveries[1].date=2017-08-21", "central.blanks.deliveries[2].date=2018-02-19"},
			func(sc *scenario.Scenario) bool { return sc.Central.Blanks.Deliveries[2].Date.String() == "2018-02-19" }},
		{"blanks_scale", "1.5", Selection{}, []string{"central.blanks.deliveries[0].amount=4500000",
			"central.blanks.deliveries[1].amount=6000000", "central.blanks.deliveries[2].amount=9000000"},
			func(sc *scenario.Scenario) bool { return sc.Central.Blanks.Deliveries[0].Amount == 4500000 }},
		{"printers", "2", binjai, []string{"regions[name=Kota Binjai].sites[0].printers=3"},
			func(sc *scenario.Scenario) bool {
				return sc.Regions[0].Sites[0].Printers == 3 && sc.Regions[1].Sites[0].Printers == 3
			}},
		{"printers", "1", Selection{Mode: "province", Province: "Nusa Tenggara Timur"}, []string{"regions[name=Kota Kupang].sites[0].printers=3"},
			func(sc *scenario.Scenario) bool { return sc.Regions[2].Sites[0].Printers == 3 }},
		{"ups", "6", Selection{Mode: "names", Names: []string{"Kota Kupang", "Kota Binjai"}},
			[]string{"regions[name=Kota Kupang].ups_hours=6", "regions[name=Kota Binjai].ups_hours=6"},
			func(sc *scenario.Scenario) bool {
				return sc.Regions[2].UPSHours == 6 && sc.Regions[0].UPSHours == 6 && sc.Regions[3].UPSHours == 0
			}},
		{"overtime", "2", Selection{}, []string{"calendar.overtime_hours=2"},
			func(sc *scenario.Scenario) bool { return sc.Calendar.OvertimeHours == 2 }},
		// Kota Binjai's outages come from defaults: network every
		// exponential(10d), power exponential(15d), application
		// exponential(30d).
		{"outages", "2", binjai, []string{`regions[name=Kota Binjai].outages.network.every="exponential(5d)"`,
			`regions[name=Kota Binjai].outages.power.every="exponential(7.5d)"`,
			`regions[name=Kota Binjai].outages.application.every="exponential(15d)"`},
			func(sc *scenario.Scenario) bool {
				return sc.Regions[0].Outages.Power.Every.Text == "exponential(7.5d)" && sc.Regions[1].Outages.Power.Every.Text == "exponential(15d)"
			}},
		{"central_outages", "0.5", Selection{}, []string{`central.outages.network.every="exponential(40d)"`},
			func(sc *scenario.Scenario) bool { return sc.Central.Outages.Network.Every.Text == "exponential(40d)" }},
		// example-2017 has no allocation key: the lever adds the shipped
		// national-allocation-<policy> scenarios' keys.
		{"allocation", "need", Selection{}, []string{"central.blanks.allocation.policy=need",
			"central.blanks.allocation.every=2w", "central.blanks.allocation.box=2000",
			"central.blanks.allocation.reserve=200000", "defaults.fetch_time=uniform(1d, 3d)"},
			func(sc *scenario.Scenario) bool {
				a := sc.Central.Blanks.Allocation
				return a != nil && a.Policy == "need" && a.Box == 2000 && a.Reserve == 200000 && a.Every != nil
			}},
	} {
		wi := WhatIf{Levers: map[string]string{c.lever: c.value}, Regions: c.sel}
		sets, from, ps := overrides(base, wi, nil)
		if len(ps) > 0 {
			t.Errorf("%s=%s: %v", c.lever, c.value, ps)
			continue
		}
		if !slices.Equal(sets, c.sets) {
			t.Errorf("%s=%s: sets\n%q\nwant\n%q", c.lever, c.value, sets, c.sets)
		}
		for _, f := range from {
			if f != c.lever {
				t.Errorf("%s: a set attributed to %s", c.lever, f)
			}
		}
		sc, err := src.load(sets, "", 0)
		if err != nil {
			t.Errorf("%s=%s: %v", c.lever, c.value, err)
			continue
		}
		if !c.check(sc) {
			t.Errorf("%s=%s: the loaded what-if does not have the value", c.lever, c.value)
		}
		// The scenario's own value sets nothing.
		own := LeverValueOf(t, base, c.lever)
		if sets, _, _ := overrides(base, WhatIf{Levers: map[string]string{c.lever: own}, Regions: c.sel}, nil); len(sets) != 0 {
			t.Errorf("%s at the scenario's own value %q sets %q", c.lever, own, sets)
		}
	}
}

// The allocation lever on the national scenario is the shipped variant of
// that policy, key for key; a scenario that has the key gets only its
// policy changed; blend and misspelt policies are refused.
func TestAllocationLever(t *testing.T) {
	src, base := shipped(t, "national-2016-2018")
	sets, _, ps := overrides(base, WhatIf{Levers: map[string]string{"allocation": "population"}}, nil)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	got, err := src.load(sets, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	want := mustShipped(t, "national-allocation-population")
	if g, w := *got.Central.Blanks.Allocation, *want.Central.Blanks.Allocation; g.Policy != w.Policy || g.Box != w.Box || g.Reserve != w.Reserve || *g.Every != *w.Every {
		t.Errorf("allocation %+v, want the shipped %+v", g, w)
	}
	for i := range got.Regions {
		if got.Regions[i].FetchTime.Text != want.Regions[i].FetchTime.Text {
			t.Fatalf("%s: fetch time %q, want %q", got.Regions[i].Name, got.Regions[i].FetchTime.Text, want.Regions[i].FetchTime.Text)
		}
	}
	pop := mustShipped(t, "national-allocation-population")
	if sets, _, _ := overrides(pop, WhatIf{Levers: map[string]string{"allocation": "waiting"}}, nil); !slices.Equal(sets, []string{"central.blanks.allocation.policy=waiting"}) {
		t.Errorf("on a scenario with the key: %q", sets)
	}
	for _, v := range []string{"blend", "populaton"} {
		if _, _, ps := overrides(base, WhatIf{Levers: map[string]string{"allocation": v}}, nil); len(ps) != 1 || ps[0].Lever != "allocation" {
			t.Errorf("%s: %v, want one problem beside the allocation lever", v, ps)
		}
	}
}

// A key that is no lever, or a lever the scenario does not offer
// (binjai-2017 has no national deliveries to shift), is a problem beside
// it, not silently the baseline.
func TestUnknownAndHiddenLevers(t *testing.T) {
	_, base := shipped(t, "binjai-2017")
	_, _, ps := overrides(base, WhatIf{Levers: map[string]string{"nope": "1", "blanks_shift": "-10"}}, nil)
	if len(ps) != 2 || ps[0].Lever != "nope" || ps[1].Lever != "blanks_shift" {
		t.Errorf("problems %+v, want nope then blanks_shift", ps)
	}
}

func mustShipped(t *testing.T, name string) *scenario.Scenario {
	_, sc := shipped(t, name)
	return sc
}

func LeverValueOf(t *testing.T, sc *scenario.Scenario, key string) string {
	for _, l := range Levers() {
		if l.Key == key {
			return l.Value(sc)
		}
	}
	t.Fatalf("no lever %s", key)
	return ""
}

// District printing adds a site to a region without one, printing
// first-time cards in every kecamatan; a region without districts cannot
// have it.
func TestDistrictPrinting(t *testing.T) {
	src, base := shipped(t, "national-2016-2018")
	sel := Selection{Mode: "names", Names: []string{"Kabupaten Aceh Selatan"}}
	sets, _, ps := overrides(base, WhatIf{Levers: map[string]string{"district": "1"}, Regions: sel}, nil)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	sc, err := src.load(sets, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	r := sc.Regions[0]
	if len(r.Sites) != 2 || r.Sites[1].Name != "kecamatan offices" || r.PrintersAt(1) != 18 ||
		!slices.Equal(r.Sites[1].Serves, []scenario.Class{scenario.FirstTime}) || r.Sites[0].Printers != 1 {
		t.Errorf("sites after district printing: %+v", r.Sites)
	}
	// A region whose kecamatan site is there already: its printers. The
	// scenario's value is what most regions have (1 here).
	if v := LeverValueOf(t, mustShipped(t, "national-district-printing"), "district"); v != "1" {
		t.Errorf("national-district-printing's printers per kecamatan: %s, want 1", v)
	}
	src, dp := shipped(t, "national-district-printing")
	sets, _, ps = overrides(dp, WhatIf{Levers: map[string]string{"district": "2"}, Regions: sel}, nil)
	want := []string{"regions[name=Kabupaten Aceh Selatan].sites[name=kecamatan offices].printers_per_district=2"}
	if len(ps) > 0 || !slices.Equal(sets, want) {
		t.Errorf("district printing doubled: %q %v, want %q", sets, ps, want)
	} else if sc, err := src.load(sets, "", 0); err != nil || sc.Regions[0].PrintersAt(1) != 36 {
		t.Errorf("district printing doubled: %v", err)
	}
	// Kota Palembang's kecamatan site in example-2017 has printers but
	// the region no districts: a count per kecamatan cannot be given.
	_, ex := shipped(t, "example-2017")
	_, _, ps = overrides(ex, WhatIf{Levers: map[string]string{"district": "1"}, Regions: Selection{Mode: "names", Names: []string{"Kota Binjai"}}}, nil)
	if len(ps) != 1 || ps[0].Lever != "district" || !strings.Contains(ps[0].Msg, "no districts") {
		t.Errorf("district printing in a region without districts: %v", ps)
	}
}

// "The 20 worst" are the regions with the largest baseline backlog at the
// end, ties to the region listed first, in scenario order.
func TestChosenWorst(t *testing.T) {
	sc := &scenario.Scenario{}
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		sc.Regions = append(sc.Regions, scenario.Region{Name: n})
	}
	got, err := chosen(sc, Selection{Mode: "worst", Worst: 3}, []float64{5, 9, 1, 9, 7})
	if err != nil || !slices.Equal(got, []int{1, 3, 4}) {
		t.Errorf("worst 3: %v %v, want [1 3 4]", got, err)
	}
	got, _ = chosen(sc, Selection{Mode: "worst", Worst: 2}, []float64{5, 9, 1, 9, 7})
	if !slices.Equal(got, []int{1, 3}) {
		t.Errorf("worst 2: %v, want [1 3]", got)
	}
	if _, err := chosen(sc, Selection{Mode: "worst"}, nil); err == nil {
		t.Error("worst without a baseline: no error")
	}
}

func TestScaleDurations(t *testing.T) {
	for _, c := range []struct {
		in   string
		f    float64
		want string
	}{
		{"exponential(10d)", 2, "exponential(5d)"},
		{"lognormal(mean=4h, sd=3h)", 0.5, "lognormal(mean=8h, sd=6h)"},
		{"weibull(shape=1.5, scale=10d)", 4, "weibull(shape=1.5, scale=2.5d)"},
		{"uniform(90m, 1.5w)", 3, "uniform(30m, 0.5w)"},
	} {
		if got := scaleDurations(c.in, c.f); got != c.want {
			t.Errorf("scaleDurations(%q, %v) = %q, want %q", c.in, c.f, got, c.want)
		}
	}
}

// The words of a paired difference, the example first.
func TestWords(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		label, unit     string
		mean, low, high float64
		want            string
	}{
		{"the backlog at the end", "", -1.7e6, -1.75e6, -1.64e6, "the backlog at the end falls by 1.7 million, 1.64-1.75 million"},
		{"cards printed", "", 26300, 25100, 27000, "cards printed rises by 26.3 thousand, 25.1-27 thousand"},
		{"the mean wait", " days", 12.26, 11.5, 13, "the mean wait rises by 12.3 days, 11.5-13 days"},
		{"the mean wait", " days", -0.0123, -0.02, -0.004, "the mean wait falls by 0.012 days, 0.004-0.02 days"},
		{"the peak backlog", "", 416.7, 399.9, 433.4, "the peak backlog rises by 417, 400-433"},
		{"the peak backlog", "", 441, nan, nan, "the peak backlog rises by 441 (one replication: no interval; run more to see how sure this is)"},
		{"the backlog at the end", "", 1.7, -2.1, 5.5, "the backlog at the end rises by 1.7, but its 95% interval, -2.1 to +5.5, includes no change"},
		{"printer-hours lost", "", 0, 0, 0, "printer-hours lost does not change"},
		{"the backlog at the end", "", -950000, -1.2e6, -700000, "the backlog at the end falls by 950 thousand, 700 thousand-1.2 million"},
	} {
		if got := words(c.label, c.unit, c.mean, c.low, c.high); got != c.want {
			t.Errorf("words(%v, %v, %v):\n%q\nwant\n%q", c.mean, c.low, c.high, got, c.want)
		}
	}
}
