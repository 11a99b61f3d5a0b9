package model

import (
	"strings"
	"testing"
)

// The days of backlog before the start (origin) cost memory like days of
// the run: record days are counted from the origin. 20,000 regions over
// one year pass; with an origin 49 years before the start they are
// refused, naming the days from the origin.
func TestCheckSizeCountsDaysBeforeTheStart(t *testing.T) {
	sc := load(t, "start: 2017-01-02\nhorizon: 365d\nregions: [{name: A}]\n")
	for len(sc.Regions) < 20000 {
		sc.Regions = append(sc.Regions, sc.Regions[0])
	}
	if err := CheckSize(sc); err != nil {
		t.Fatalf("20000 regions over a year: %v", err)
	}
	small := EstimateBytes(sc)
	origin := sc.Start.AddDays(-49 * 365)
	sc.Origin = &origin
	err := CheckSize(sc)
	if err == nil || !strings.HasPrefix(err.Error(), "regions, end: 20000 regions over 18250 days") {
		t.Fatalf("CheckSize with an origin 49 years back = %v", err)
	}
	if big := EstimateBytes(sc); big < 40*small {
		t.Errorf("estimate %.0f MB with the origin, %.0f MB without: the days before the start are not counted", big/1e6, small/1e6)
	}
}
