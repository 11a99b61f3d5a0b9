package scenario

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ektpsim/ektpsim/internal/golden"
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
		fifo       string            // make this file a named pipe
		set        []Override        // --set options
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
		{what: "an experiment file as a base", text: "base: e.yaml\n" + head + "regions: [{name: A}]\n", files: map[string]string{"e.yaml": "base: national-2016-2018\nvariants: [{name: v}]\n"}, want: "run it with ektpsim experiment"},
		{what: "base files in a cycle", text: "base: b.yaml\n" + head + "regions: [{name: A}]\n", files: map[string]string{"b.yaml": "base: s.yaml\n"}, want: "cycle"},
		{what: "duplicate region names", text: head + "regions: [{name: Kota A}, {name: Kota A}]\n", want: `"Kota A" is also the name of regions[0]`},
		{what: "focus on a region the scenario lacks", text: head + "focus: [Kota Binjia]\nregions: [{name: Kota Binjai}, {name: Rest of Indonesia}]\n", want: `:3:9: focus[0]: no region named "Kota Binjia" in this scenario; did you mean "Kota Binjai"?`},
		{what: "focus naming a region twice", text: head + "focus: [A, A]\nregions: [{name: A}]\n", want: `:3:12: focus[1]: "A" is named twice`},
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
		// Working days.
		{what: "working day misspelt", text: head + "calendar: {workdays: mon-fry}\nregions: [{name: A}]\n", want: `"fry" is not a weekday`},
		{what: "working day given twice", text: head + "calendar: {workdays: \"mon-fri, wed\"}\nregions: [{name: A}]\n", want: "wed is given twice"},
		// Numbers the model cannot represent.
		{what: "count beyond its range (once wrapped int64)", text: head + "regions: [{name: A, recording: {first_time: 4e18}}]\n", want: "4e18 is more than 100,000,000, the limit for records a day"},
		{what: "delay beyond 50 years (once a panic)", text: head + "central: {verification_delay: 1e21h}\nregions: [{name: A}]\n", want: "1e21h is more than 50 years"},
		{what: "certificate validity beyond 50 years (once ran out of memory)", text: head + "certificate_validity: 1e21h\nregions: [{name: A}]\n", want: "1e21h is more than 50 years"},
		{what: "distribution whose mean is beyond the range", text: head + "central: {verification_delay: exponential(1e21h)}\nregions: [{name: A}]\n", want: "a parameter is more than 50 years"},
		{what: "distribution whose tail is beyond the range", text: head + "regions: [{name: A, recording: {first_time: \"lognormal(mean=5e7, sd=1e8)\"}}]\n", want: "more than one draw in a million"},
		{what: "a count that is not whole", text: head + "regions: [{name: A, backlog: {print_ready: 2.5}}]\n", want: "2.5 is not a whole number"},
		{what: "negative zero duration", text: head + "regions: [{name: A, blanks: {stock: 1, reorder: {amount: 1, lead_time: -0h}}}]\n", want: "is negative"},
		{what: "date outside 1900-2199", text: head + "regions: [{name: A, outages: {scheduled: [{kind: power, from: 0001-01-01, to: 2017-01-03}]}}]\n", want: "outside the dates"},
		{what: "no replications", text: head + "replications: 0\nregions: [{name: A}]\n", want: "must be between 1 and 100,000"},
		{what: "printers of a site beyond the range", text: head + "regions: [{name: A, districts: 7000, sites: [{name: s, printers_per_district: 20, cards_per_printer_per_day: 1}]}]\n", want: "more than 100,000"},
		{what: "ribbons beyond the range", text: head + "regions: [{name: A, ribbons: {stock: 1e10, cards_per_ribbon: 5}}]\n", want: "the limit for ribbons"},
		// Renewal processes that would never advance.
		{what: "outages whose draws collapse to 0 (once ran forever)", text: head + "regions: [{name: A, outages: {network: {every: \"gamma(mean=1d, sd=1w)\", lasting: 1h}}}]\n", want: "more than half of its draws are shorter than a minute"},
		{what: "outages every nanosecond (once ran forever)", text: head + "central: {outages: {power: {every: 1e-9h, lasting: 1h}}}\nregions: [{name: A}]\n", want: "its mean is under a minute"},
		{what: "breakdowns with a median under a minute", text: head + "regions: [{name: A, sites: [{name: s, printers: 1, cards_per_printer_per_day: 5, breakdowns: {every: exponential(1m), repair: 1h}}]}]\n", want: "a breakdown process must make progress"},
		// Initial state (snapshots, docs/snapshot.md).
		{what: "backlog cohort recorded on or after the start", text: head + "regions:\n  - name: A\n    backlog: {cohorts: [{recorded: 2017-01-05, stage: print_ready, class: first_time, count: 5}]}\n", want: "2017-01-05 is not before start 2017-01-02"},
		{what: "backlog cohort before the origin", text: head + "origin: 2016-12-01\nregions:\n  - name: A\n    backlog: {cohorts: [{recorded: 2016-11-20, stage: print_ready, class: first_time, count: 5}]}\n", want: "set origin: 2016-11-20 or earlier"},
		{what: "backlog cohort stage misspelt", text: head + "regions:\n  - name: A\n    backlog: {cohorts: [{stage: print_redy, class: first_time, count: 5}]}\n", want: `did you mean "print_ready"?`},
		{what: "backlog cohort without its count", text: head + "regions:\n  - name: A\n    backlog: {cohorts: [{stage: print_ready, class: first_time}]}\n", want: "missing count"},
		{what: "records in verification without a release time", text: head + "regions:\n  - name: A\n    backlog: {cohorts: [{stage: in_verification, class: first_time, count: 5}]}\n", want: "needs release"},
		{what: "daily counts running past the start", text: head + "origin: 2016-12-01\nregions:\n  - name: A\n    backlog: {cohorts: [{recorded: 2016-12-30, stage: unsent, daily: {first_time: 5*4}}]}\n", want: "4 days from 2016-12-30 run past the day before start"},
		{what: "daily counts that are not counts", text: head + "origin: 2016-12-01\nregions:\n  - name: A\n    backlog: {cohorts: [{recorded: 2016-12-30, stage: unsent, daily: {first_time: 5 x 2}}]}\n", want: `"x" is not a count of records`},
		{what: "order on its way of an unknown kind", text: head + "regions:\n  - name: A\n    blanks: {stock: 5, on_order: [{in: 2d, amount: 100, kind: gift}]}\n", want: `"gift" is not a kind of order`},
		{what: "waiting request of a region the scenario lacks", text: head + "central: {blanks: {stock: 0, requests: [{region: Kota Bnjai, amount: 5, orders: 1}]}}\nregions:\n  - name: Kota Binjai\n    blanks: {stock: 5, reorder: {below: 2, amount: 5, lead_time: 1d}}\n", want: `no region named "Kota Bnjai" in this scenario; did you mean "Kota Binjai"?`},
		{what: "site progress of a whole card", text: head + "regions:\n  - name: A\n    sites: [{name: s, printers: 1, cards_per_printer_per_day: 10, progress: 1}]\n", want: "is not below 1"},
		{what: "UPS charged beyond what it holds", text: head + "regions:\n  - name: A\n    ups_hours: 2\n    sites: [{name: s, printers: 1, cards_per_printer_per_day: 10, ups_charge: 3h}]\n", want: "more than the site's UPS holds"},
		{what: "outage in progress of an unknown kind", text: head + "regions:\n  - name: A\n    outages: {in_progress: [{kind: powr, for: 3h}]}\n", want: `did you mean "power"?`},
		{what: "more printers under repair than the site has", text: head + "regions:\n  - name: A\n    sites: [{name: s, printers: 2, cards_per_printer_per_day: 10, broken: [{printers: 3, for: 20h}]}]\n", want: "3 printers under repair, but the site has 2"},
		// Blank allocations (issue 17).
		{what: "allocation policy misspelt", text: head + "central: {blanks: {stock: 5000, allocation: {policy: populaton}}}\nregions: [{name: A}]\n", want: `did you mean "population"?`},
		{what: "allocation without a policy", text: head + "central: {blanks: {stock: 5000, allocation: {box: 2000}}}\nregions: [{name: A}]\n", want: "missing policy"},
		{what: "allocation from an unlimited store", text: head + "central: {blanks: {allocation: {policy: need}}}\nregions: [{name: A}]\n", want: "central.blanks.stock is unlimited"},
		{what: "allocation every part of a day", text: head + "central: {blanks: {stock: 5000, allocation: {policy: equal, every: 36h}}}\nregions: [{name: A}]\n", want: "whole number of days"},
		{what: "allocation box of 0", text: head + "central: {blanks: {stock: 5000, allocation: {policy: equal, box: 0}}}\nregions: [{name: A}]\n", want: "between 1 and"},
		{what: "reserve with the requests policy", text: head + "central: {blanks: {stock: 5000, allocation: {policy: requests, reserve: 1000}}}\nregions: [{name: A}]\n", want: "the requests policy only serves regional reorders"},
		{what: "population policy, no populations", text: head + "central: {blanks: {stock: 5000, allocation: {policy: population}}}\nregions: [{name: A}, {name: B}]\n", want: "no region has a population"},
		{what: "blend policy without weights", text: head + "central: {blanks: {stock: 5000, allocation: {policy: blend}}}\nregions: [{name: A}]\n", want: "with a weight above 0"},
		{what: "blend weights with another policy", text: head + "central: {blanks: {stock: 5000, allocation: {policy: need, blend: {waiting: 1}}}}\nregions: [{name: A}]\n", want: "blend applies to the blend policy"},
		{what: "fetch_time without an allocation", text: head + "defaults: {fetch_time: 2d}\nregions: [{name: A}, {name: B}]\n", want: "a reorder's time is its lead_time"},
		{what: "fetch_time without a unit", text: head + "central: {blanks: {stock: 5000, allocation: {policy: equal}}}\nregions: [{name: A, fetch_time: 2}]\n", want: "unit"},
		// YAML semantics.
		{what: "key given twice in one mapping (once the last won)", text: head + "regions:\n  - name: A\n    blanks: {stock: 5}\n    blanks: {stock: 6}\n", want: "key given twice in one mapping (first at line 5)"},
		{what: "base given twice", text: "base: b.yaml\nbase: c.yaml\n", files: map[string]string{"b.yaml": minimal, "c.yaml": minimal}, want: "key given twice"},
		{what: "region given twice over a base (once merged into one)", text: "base: b.yaml\nregions: [{name: A, ups_hours: 1}, {name: A, ups_hours: 2}]\n", files: map[string]string{"b.yaml": minimal}, want: "names must differ"},
		{what: "YAML merge key", text: head + "regions:\n  - &a {name: A, ups_hours: 2}\n  - {<<: *a, name: B}\n", want: "merge keys (<<) are not supported"},
		{what: "--set base (once ignored)", text: minimal, set: []Override{{"base", "x.yaml"}}, want: "base cannot be set on the command line"},
		{what: "bad --set and a problem in the file (both reported)", text: head + "regions: [{name: A, ups_hours: -1}]\n", set: []Override{{"regions[0].sites[1].printers", "2"}}, want: "there is no list sites"},
		{what: "alias bomb through --set (once expanded)", text: minimal, set: []Override{{"description", "{a: &a [" + strings.Repeat("x, ", 199) + "x], b: &b [" + strings.Repeat("*a, ", 199) + "*a], c: &c [" + strings.Repeat("*b, ", 199) + "*b], d: [" + strings.Repeat("*c, ", 199) + "*c]}"}}, want: "the value expands to more than"},
		// Names.
		{what: "region named ALL", text: head + "regions: [{name: All}]\n", want: "the name of the nation's rows"},
		{what: "region name with a line break (once broke daily.csv)", text: head + "regions: [{name: \"Kota\\nBinjai\"}]\n", want: "a name is one line of printable text"},
		{what: "site name with a tab", text: head + "regions: [{name: A, sites: [{name: \"city\\toffice\"}]}]\n", want: "control character"},
		{what: "scenario name with a path (once wrote outside results/)", text: "name: ../../x\n" + minimal, want: "names its result folder"},
		{what: "scenario name beginning with a dot", text: "name: .x\n" + minimal, want: "begins with a dot"},
		// Files.
		{what: "scenario file is a named pipe (once blocked forever)", fifo: "s.yaml", want: "is a named pipe (FIFO), not a scenario file"},
		{what: "base is a named pipe (once blocked forever)", text: "base: p.yaml\n", fifo: "p.yaml", want: "is a named pipe (FIFO)"},
		{what: "base is a folder", text: "base: /\n", want: "is a folder"},
		{what: "base is not a scenario (once printed its first line)", text: "base: secret\n", files: map[string]string{"secret": "root:$6$hash:19000:0:99999:7:0\n"}, want: "not a scenario file"},
	}
	var doc strings.Builder
	doc.WriteString("# What bad input gets\n\nWritten by `go test ./sim/scenario -run ErrorTable -update`; do not edit by hand.\n")
	doc.WriteString("Each row is a scenario file `s.yaml` with one mistake, and the first line `ektpsim validate s.yaml`\n")
	doc.WriteString("prints for it (exit status 1; `run` prints the same and writes nothing). Rows with `--set` give the\n")
	doc.WriteString("scenario and the override to `run` (a problem of an override is named by the flag, `--set KEY=VALUE`).\n")
	doc.WriteString("For refusals of the command line itself (flags, folders, shards) see [command-errors.md](command-errors.md).\n\n")
	doc.WriteString("| mistake | message |\n|---|---|\n")
	for _, c := range cases {
		dir := t.TempDir()
		file := filepath.Join(dir, "s.yaml")
		if c.fifo != "" {
			if err := mkfifo(filepath.Join(dir, c.fifo)); err != nil {
				t.Skip("no named pipes here:", err)
			}
		}
		if c.fifo == "s.yaml" {
		} else if c.size > 0 {
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
		_, err := Load(file, Options{Set: c.set})
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
			if !strings.HasPrefix(line, file) && !(len(c.set) > 0 && strings.HasPrefix(line, "--set ")) {
				t.Errorf("%s: message does not start with the file: %q", c.what, line)
			}
		}
		first := strings.ReplaceAll(strings.SplitN(msg, "\n", 2)[0], dir+string(filepath.Separator), "")
		what := c.what
		for _, o := range c.set {
			v := o.Value
			if len(v) > 40 {
				v = v[:40] + "..."
			}
			what += fmt.Sprintf(" (`--set %s=%s`)", o.Path, strings.ReplaceAll(v, "|", `\|`))
		}
		fmt.Fprintf(&doc, "| %s | `%s` |\n", what, strings.ReplaceAll(first, "|", `\|`))
	}
	file := filepath.Join("..", "..", "docs", "errors.md")
	golden.Check(t, file, []byte(doc.String()), *updateDocs, "go test ./sim/scenario -run ErrorTable -update")
}
