package model

import "github.com/ektpsim/ektpsim/sim/scenario"

// CheckSize is a stand-in for the model helper's size check, so that the
// runner's branch builds; it accepts everything.
func CheckSize(sc *scenario.Scenario) error { return nil }
