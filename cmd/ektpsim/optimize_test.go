package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `ektpsim optimize` on two regions where every blank sent to A is
// wasted (sim/optimize's test case): the best blend sends B nearly all,
// and the table lists every pure policy against it; bad flags and a
// scenario without an allocation are refused.
func TestOptimizeCommand(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "s.yaml")
	os.WriteFile(file, []byte(`start: 2017-01-02
horizon: 28d
central:
  blanks:
    stock: 400
    deliveries: [{date: 2017-01-09, amount: 400}, {date: 2017-01-16, amount: 400}, {date: 2017-01-23, amount: 400}]
    allocation: {policy: population, every: 1w}
regions:
  - {name: A, population: 1000, blanks: {stock: 0}, sites: [{printers: 1, cards_per_printer_per_day: 100}]}
  - {name: B, backlog: {print_ready: 5000}, blanks: {stock: 0}, sites: [{printers: 1, cards_per_printer_per_day: 100}]}
`), 0o644)
	code, out, errs := ektp(t, "optimize", file, "--figure", "backlog_end", "--replications", "2", "--evaluations", "60")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, %s", code, errs)
	}
	if !strings.Contains(out, "best blend after 60 candidates (2 replications each") {
		t.Errorf("output:\n%s", out)
	}
	got := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) >= 2 {
			got[f[0]] = f[1]
		}
	}
	for policy, want := range map[string]string{"blend": "3400", "population": "5000", "equal": "4200", "print_ready": "3400", "waiting": "3400", "requests": "5000"} {
		if got[policy] != want {
			t.Errorf("%s: %q, want %s\n%s", policy, got[policy], want, out)
		}
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"optimize", file, "--replications", "1"}, 2, "--replications must be 2 or more"},
		{[]string{"optimize", file, "--figure", "printed"}, 1, `--figure "printed" is not a figure optimize can minimise`},
		{[]string{"optimize", "binjai-2017"}, 1, "has no central.blanks.allocation that shares the store out"},
		{[]string{"optimize"}, 2, "give one scenario"},
	} {
		code, _, errs := ektp(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, %q; want %d and %q", c.args, code, errs, c.code, c.want)
		}
	}
}
