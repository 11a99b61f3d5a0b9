package scenario

import (
	"strings"
	"testing"
)

// A population-weighted allocation warns about the regions with limited
// blanks and no population (they get no share), and only then.
func TestWarnings(t *testing.T) {
	sc := &Scenario{Regions: []Region{
		{Name: "A", Population: 1000},
		{Name: "B"},
		{Name: "C", Blanks: Blanks{Stock: Amount{Unlimited: true}}},
	}}
	if w := sc.Warnings(); len(w) != 0 {
		t.Errorf("without an allocation: %q", w)
	}
	sc.Central.Blanks.Allocation = &Allocation{Policy: AllocEqual}
	if w := sc.Warnings(); len(w) != 0 {
		t.Errorf("equal policy: %q", w)
	}
	sc.Central.Blanks.Allocation = &Allocation{Policy: AllocPopulation}
	w := sc.Warnings()
	if len(w) != 1 || !strings.Contains(w[0], `but "B" has no population: it gets no share`) || strings.Contains(w[0], `"C"`) {
		t.Errorf("population policy: %q", w)
	}
	sc.Central.Blanks.Allocation = &Allocation{Policy: AllocBlend, Blend: &Blend{Population: 1, Waiting: 1}}
	if w := sc.Warnings(); len(w) != 1 {
		t.Errorf("blend with population: %q", w)
	}
}
