package serve

import (
	"errors"
	"testing"

	"github.com/ektpsim/ektpsim/scenarios"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// allowed says whether lever key may set path.
func allowed(key, path string) bool {
	prefix := map[string][]string{
		"intake": {"central.intake_per_day"}, "capacity": {"central.storage_capacity"}, "upgrade": {"central.changes[0].date"},
		"blanks_shift": {"central.blanks.deliveries["}, "blanks_scale": {"central.blanks.deliveries["},
		"printers": {"regions[name=Kota Kupang].sites[0].printers"}, "district": {"regions[name=Kota Kupang].sites"},
		"ups": {"regions[name=Kota Kupang].ups_hours"}, "overtime": {"calendar.overtime_hours"},
		"outages": {"regions[name=Kota Kupang].outages."}, "central_outages": {"central.outages."},
	}[key]
	for _, p := range prefix {
		if len(path) >= len(p) && path[:len(p)] == p {
			return true
		}
	}
	return false
}

// FuzzLeverValue: whatever text a lever is given, the what-if is refused
// with problems placed beside a lever, or loads; a value never reaches a
// key other than its lever's (no "=" or newline smuggles in another).
func FuzzLeverValue(f *testing.F) {
	for _, s := range []string{"100000", "-5", "unlimited", "1e9", "2017-13-01", "0.5", "x\nbase: /etc/passwd", "5=6", "{a: 1}", "*a", "[1, 2]", "\"", "1 # c"} {
		for _, k := range []string{"intake", "upgrade", "blanks_shift", "blanks_scale", "printers", "district", "ups", "overtime", "outages", "central_outages", "capacity"} {
			f.Add(k, s)
		}
	}
	src := source{name: "example-2017", file: "example-2017.yaml", fsys: scenarios.FS}
	base, err := src.load(nil, "", 0)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, key, value string) {
		wi := WhatIf{Levers: map[string]string{key: value}, Regions: Selection{Mode: "names", Names: []string{"Kota Kupang"}}}
		sets, from, ps := overrides(base, wi, nil)
		for _, p := range ps {
			if p.Lever != key {
				t.Fatalf("%s=%q: a problem beside %q", key, value, p.Lever)
			}
		}
		if len(ps) > 0 || len(sets) == 0 {
			return
		}
		for _, s := range sets {
			o, err := scenario.ParseOverride(s)
			if err != nil {
				t.Fatalf("%s=%q made %q: %v", key, value, s, err)
			}
			if !allowed(key, o.Path) {
				t.Fatalf("%s=%q sets %s", key, value, o.Path)
			}
		}
		sc, err := src.load(sets, "", 0)
		if err != nil {
			var pe ProblemsError
			if !errors.As(place(err, sets, from, base), &pe) {
				t.Fatalf("%s=%q: %v", key, value, err)
			}
			for _, p := range pe {
				if p.Lever != key {
					t.Fatalf("%s=%q: problem %+v not beside the lever", key, value, p)
				}
			}
			return
		}
		if _, err := scenario.Marshal(sc); err != nil {
			t.Fatal(err)
		}
	})
}
