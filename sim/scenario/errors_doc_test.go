package scenario

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateDocs = flag.Bool("update", false, "rewrite docs/errors.md")

// The bad inputs planners will produce, and what each gets: the table in
// docs/errors.md is this test's output (go test ./sim/scenario -run
// ErrorTable -update rewrites it). Every message must name the file, a
// line and column where there is one, and the key.
func TestErrorTable(t *testing.T) {
	const head = "start: 2017-01-02\nend: 2017-03-31\n"
	many := func(n int) string {
		var b strings.Builder
		b.WriteString(head + "regions:\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "  - {name: r%d}\n", i)
		}
		return b.String()
	}
	cases := []struct {
		what, text string
		files      map[string]string // other files beside it
		size       int64             // make the file this big (sparse) instead
		want       string            // a part of the message
	}{
		{what: "unknown key, misspelt", text: head + "regions:\n  - name: A\n    blanks: {stok: 5}\n", want: `did you mean "stock"?`},
		{what: "wrong type", text: head + "regions:\n  - name: A\n    sites: {name: office}\n", want: "expected a list, found a mapping"},
		{what: "negative count", text: head + "regions:\n  - name: A\n    sites: [{name: s, printers: -2, cards_per_printer_per_day: 100}]\n", want: "-2 is negative; it counts printers, 0 or more"},
		{what: "not a number (NaN)", text: head + "central: {duplicate_share: .nan, duplicate_resolution: 30d}\nregions: [{name: A}]\n", want: "duplicate_share"},
		{what: "value off by a thousand", text: head + "central: {duplicate_share: 20}\nregions: [{name: A}]\n", want: "20 is more than 1"},
		{what: "date that does not exist", text: "start: 2017-02-30\nend: 2017-03-31\nregions: [{name: A}]\n", want: `"2017-02-30" is not a date`},
		{what: "end before start", text: "start: 2017-03-01\nend: 2017-01-31\nregions: [{name: A}]\n", want: "is before start"},
		{what: "dated change before the run", text: head + "regions:\n  - name: A\n    blanks: {stock: 0, deliveries: [{date: 2016-12-01, amount: 5}]}\n", want: "2016-12-01 is before start 2017-01-02"},
		{what: "changes out of order", text: head + "regions:\n  - name: A\n    recording_changes: [{date: 2017-03-01, first_time: 5}, {date: 2017-02-01, first_time: 9}]\n", want: "list changes in date order"},
		{what: "outage that ends before it starts", text: head + "regions:\n  - name: A\n    outages: {scheduled: [{kind: power, from: 2017-02-05, to: 2017-02-01}]}\n", want: "is not after from"},
		{what: "base file missing", text: "base: nowhere.yaml\n" + head + "regions: [{name: A}]\n", want: "nowhere.yaml"},
		{what: "base files in a cycle", text: "base: b.yaml\n" + head + "regions: [{name: A}]\n", files: map[string]string{"b.yaml": "base: s.yaml\n"}, want: "cycle"},
		{what: "duplicate region names", text: head + "regions: [{name: Kota A}, {name: Kota A}]\n", want: `"Kota A" is also the name of regions[0]`},
		{what: "site serving an unknown class", text: head + "regions: [{name: A, sites: [{name: s, serves: [first_time, lost]}]}]\n", want: `"lost" is not a demand class`},
		{what: "impossible distribution", text: head + "central: {verification_delay: \"triangular(1h, 7h, 6h)\"}\nregions: [{name: A}]\n", want: "min <= mode <= max"},
		{what: "misspelt distribution of a random outage (once a crash, found by the fuzzer)", text: head + "regions:\n  - name: A\n    outages: {application: {every: exponenEial(30d), lasting: 6h}}\n    sites: [{name: s, printers: 1, cards_per_printer_per_day: 100, breakdowns: {every: expo(9d), repair: 2d}}]\n", want: `unknown distribution "exponeneial"`},
		{what: "distribution with a comma, unquoted", text: head + "central: {verification_delay: uniform(1d, 3d)}\nregions: [{name: A}]\n", want: "quote"},
		{what: "duration without a unit", text: head + "certificate_validity: 182\nregions: [{name: A}]\n", want: "unit"},
		{what: "both end and horizon", text: "start: 2017-01-02\nhorizon: 100w\nregions: [{name: A}]\nend: 2019-01-01\n", want: "end or horizon, not both"},
		{what: "horizon beyond the limit", text: "start: 2017-01-02\nhorizon: 3000w\nregions: [{name: A}]\n", want: "longer than 50 years"},
		{what: "run longer than 50 years", text: "start: 2017-01-02\nend: 2090-01-01\nregions: [{name: A}]\n", want: "longer than 50 years"},
		{what: "too many regions", text: many(20001), want: "20000"},
		{what: "empty file", text: "", want: "the file is empty"},
		{what: "binary file", text: "\x89PNG\r\n\x1a\n\x00\x00", want: "not a text file"},
		{what: "100 MB file", size: 100 << 20, want: "larger than 16 MiB"},
		{what: "not YAML", text: "start: [2017-01-02\n", want: "not valid YAML"},
		{what: "a list instead of a scenario", text: "- start: 2017-01-02\n", want: "a scenario is a mapping of keys"},
	}
	var doc strings.Builder
	doc.WriteString("# What bad input gets\n\nWritten by `go test ./sim/scenario -run ErrorTable -update`; do not edit by hand.\n")
	doc.WriteString("Each row is a scenario file `s.yaml` with one mistake, and the first line `ektpsim validate s.yaml`\n")
	doc.WriteString("prints for it (exit status 1; `run` prints the same and writes nothing).\n\n")
	doc.WriteString("| mistake | message |\n|---|---|\n")
	for _, c := range cases {
		dir := t.TempDir()
		file := filepath.Join(dir, "s.yaml")
		if c.size > 0 {
			f, err := os.Create(file)
			if err != nil {
				t.Fatal(err)
			}
			f.Truncate(c.size)
			f.Close()
		} else {
			write(t, dir, "s.yaml", c.text)
		}
		for name, text := range c.files {
			write(t, dir, name, text)
		}
		_, err := Load(file, Options{})
		var ps Problems
		if !errors.As(err, &ps) {
			t.Errorf("%s: got %v, want problems", c.what, err)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, c.want) {
			t.Errorf("%s: message lacks %q:\n%s", c.what, c.want, msg)
		}
		for _, line := range strings.Split(msg, "\n") {
			if !strings.HasPrefix(line, file) {
				t.Errorf("%s: message does not start with the file: %q", c.what, line)
			}
		}
		first := strings.ReplaceAll(strings.SplitN(msg, "\n", 2)[0], dir+string(filepath.Separator), "")
		fmt.Fprintf(&doc, "| %s | `%s` |\n", c.what, strings.ReplaceAll(first, "|", `\|`))
	}
	file := filepath.Join("..", "..", "docs", "errors.md")
	if *updateDocs {
		if err := os.WriteFile(file, []byte(doc.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != doc.String() {
		t.Errorf("%s is out of date (go test ./sim/scenario -run ErrorTable -update):\n%s", file, doc.String())
	}
}
