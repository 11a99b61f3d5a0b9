package main

import (
	"reflect"
	"strconv"
	"testing"

	"github.com/ektpsim/ektpsim/sim/scenario"
)

// The --replications flags refuse what a scenario's replications key
// refuses: their bound is the key's.
func TestMaxReplicationsIsTheKeys(t *testing.T) {
	f, _ := reflect.TypeOf(scenario.Scenario{}).FieldByName("Replications")
	max, err := strconv.ParseFloat(f.Tag.Get("max"), 64)
	if err != nil || int(max) != maxReplications {
		t.Errorf("scenario replications max %q, flags' %d", f.Tag.Get("max"), maxReplications)
	}
}
