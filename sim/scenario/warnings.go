package scenario

import (
	"fmt"
	"strings"
)

// Warnings are what a valid scenario does that a planner may not mean,
// said before it runs (the scenario is not changed). Today: an
// allocation that weighs population (the population policy, or a blend
// with a population weight) while regions with limited blanks have no
// population, so that they get no share of the waves (a region may be
// meant to live on reorders alone, so it is not refused).
func (sc *Scenario) Warnings() []string {
	var out []string
	a := sc.Central.Blanks.Allocation
	if a == nil || !(a.Policy == AllocPopulation || a.Policy == AllocBlend && a.Blend != nil && a.Blend.Population > 0) {
		return out
	}
	var missing []string
	for _, r := range sc.Regions {
		if r.Population == 0 && !r.Blanks.Stock.Unlimited {
			missing = append(missing, fmt.Sprintf("%q", r.Name))
		}
	}
	if len(missing) == 0 || len(missing) == len(sc.Regions) {
		return out
	}
	n := len(missing)
	if n > 5 {
		missing = append(missing[:5], fmt.Sprintf("%d more", n-5))
	}
	verb := "has"
	if n > 1 {
		verb = "have"
	}
	return append(out, fmt.Sprintf("central.blanks.allocation.policy %s weighs population, but %s %s no population: %s no share of the waves (give a population to each region that should get one)",
		a.Policy, strings.Join(missing, ", "), verb, map[bool]string{true: "it gets", false: "they get"}[n == 1]))
}
