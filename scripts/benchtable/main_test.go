package main

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

// The harness behind scripts/bench works: built binary, small scenario,
// every figure printed.
func TestQuick(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	bin := filepath.Join(t.TempDir(), "ektpsim")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/ektpsim").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var b bytes.Buffer
	if err := measure(&b, bin, "../../data/regions.csv", true, 4); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`wall time \(command, writing its output\) +\d+\.\d+ s`, `peak memory .* +\d+\.\d MB`,
		`events +[1-9]\d+`, `model overhead over the bare calendar +\d+\.\dx`, `4 replications, all cores:\n  wall time`} {
		if !regexp.MustCompile(want).Match(b.Bytes()) {
			t.Errorf("output lacks %s:\n%s", want, b.String())
		}
	}
}
