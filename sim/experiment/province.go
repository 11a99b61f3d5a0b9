package experiment

import (
	"github.com/ektpsim/ektpsim/sim/results"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// provinces returns the province of each region of sc, from
// data/regions.csv (results.Places: by the region's code, else by its
// name); "" for a region the file does not list.
func provinces(sc *scenario.Scenario) []string {
	places := results.Places(sc)
	out := make([]string, len(places))
	for i, p := range places {
		out[i] = p.Province
	}
	return out
}
