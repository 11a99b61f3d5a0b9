package experiment

import (
	"github.com/ektpsim/ektpsim/sim/chart"
	"github.com/ektpsim/ektpsim/sim/results"
)

// Figures are the headline figures an experiment may name (figures:,
// and by: of a selection): the numeric ones that every region has too.
func Figures() []string {
	var keys []string
	for _, h := range chart.Headlines() {
		if h.Format != results.Date {
			keys = append(keys, h.Key)
		}
	}
	return keys
}
