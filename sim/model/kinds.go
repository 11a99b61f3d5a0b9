package model

import "strconv"

// outageKind is what an outage stops. The scenario names it in text;
// New converts every name once (kindOf), so that a name the model does not
// know stops the run at once instead of silently doing nothing.
type outageKind int8

const (
	kindNetwork outageKind = iota
	kindPower
	kindApplication
	kindPrinter // scheduled outages of a region's site only
)

var kindNames = [...]string{"network", "power", "application", "printer"}

func (k outageKind) String() string { return kindNames[k] }

// kindOf converts a scenario's outage kind. Validation accepts only the
// names above (printer only in regions), so an unknown name is a bug in the
// caller (a Scenario built in Go and not validated): it panics.
func kindOf(s string) outageKind {
	for k, n := range kindNames {
		if s == n {
			return outageKind(k)
		}
	}
	panic("model: outage kind " + strconv.Quote(s) + " is not network, power, application or printer (scenario.Load refuses it)")
}

// intakePolicy is how the centre shares a day's intake among regions.
type intakePolicy int8

const (
	policyFIFO         intakePolicy = iota // oldest recording day first, nationwide
	policyProportional                     // in proportion to what each region has waiting
	policyQuota                            // the same, each region capped at its intake_quota
)

var policyNames = [...]string{"fifo", "proportional", "quota"}

func (p intakePolicy) String() string { return policyNames[p] }

// policyOf converts a scenario's intake policy; like kindOf it panics on a
// name validation refuses.
func policyOf(s string) intakePolicy {
	for p, n := range policyNames {
		if s == n {
			return intakePolicy(p)
		}
	}
	panic("model: intake policy " + strconv.Quote(s) + " is not fifo, proportional or quota (scenario.Load refuses it)")
}
