package model

import (
	"strings"
	"testing"

	"github.com/ektpsim/ektpsim/sim/scenario"
)

// TestKindsAndPoliciesConvert: every outage kind and intake policy that
// validation accepts converts to the model's type and back to its name,
// and a name validation refuses (a Scenario built in Go, a typo) stops New
// with a panic naming it instead of silently doing nothing.
func TestKindsAndPoliciesConvert(t *testing.T) {
	for _, policy := range []string{"fifo", "proportional", "quota"} {
		text := sprintf("start: 2017-01-02\nhorizon: 3d\ncentral: {intake_policy: %s}\nregions:\n  - {name: A, intake_quota: 5, recording: {first_time: 10}, sites: [{printers: 1, cards_per_printer_per_day: 5}]}\n", policy)
		m := New(load(t, text), Options{})
		if got := m.centre.policy.String(); got != policy {
			t.Errorf("policy %s converted to %s", policy, got)
		}
	}
	for _, kind := range []string{"network", "power", "application", "printer"} {
		text := sprintf("start: 2017-01-02\nhorizon: 3d\nregions:\n  - name: A\n    recording: {first_time: 10}\n    sites: [{printers: 1, cards_per_printer_per_day: 5}]\n    outages: {scheduled: [{kind: %s, from: 2017-01-03, to: 2017-01-04}]}\n", kind)
		m := New(load(t, text), Options{})
		if got := m.regions[0].scheduled[0].String(); got != kind {
			t.Errorf("kind %s converted to %s", kind, got)
		}
	}
	base := "start: 2017-01-02\nhorizon: 3d\nregions:\n  - name: A\n    recording: {first_time: 10}\n    sites: [{printers: 1, cards_per_printer_per_day: 5}]\n    outages: {scheduled: [{kind: power, from: 2017-01-03, to: 2017-01-04}]}\n"
	for _, c := range []struct {
		name string
		bad  func(t *testing.T) any
		want string
	}{
		{"policy", func(t *testing.T) any {
			sc := load(t, base)
			sc.Central.IntakePolicy = "FIFO"
			return sc
		}, `intake policy "FIFO"`},
		{"region kind", func(t *testing.T) any {
			sc := load(t, base)
			sc.Regions[0].Outages.Scheduled[0].Kind = "powr"
			return sc
		}, `outage kind "powr"`},
		{"central printer", func(t *testing.T) any {
			sc := load(t, base)
			sc.Central.Outages.Scheduled = sc.Regions[0].Outages.Scheduled
			sc.Central.Outages.Scheduled[0].Kind = "printer"
			return sc
		}, "printer outage at the centre"},
	} {
		t.Run(c.name, func(t *testing.T) {
			sc := c.bad(t)
			defer func() {
				msg, _ := recover().(string)
				if !strings.Contains(msg, c.want) {
					t.Fatalf("panic %q, want one containing %q", msg, c.want)
				}
			}()
			New(sc.(*scenario.Scenario), Options{})
		})
	}
}
