package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ektpsim/ektpsim/internal/golden"
)

// commandErrors are the command lines docs/command-errors.md shows, each
// run against the fixtures of TestCommandErrorsDoc: a and b (finished
// runs of example-2017), s1 and s2 (its two shards), damaged (s2 with one
// byte of shard.gob flipped), notes/chapter1.tex (a folder and a file
// that are not ektpsim's). One row is one line.
var commandErrors = []string{
	// Usage (exit 2)
	`ektpsim`,
	`ektpsim frobnicate`,
	`ektpsim help frobnicate`,
	`ektpsim run --no-such-flag`,
	`ektpsim run --out`,
	`ektpsim run a.yaml b.yaml`,
	`ektpsim run --no-plots=maybe`,
	`ektpsim plot`,
	`ektpsim compare a`,
	`ektpsim sweep example-2017`,
	`ektpsim sweep example-2017 --vary central.intake_per_day=5,`,
	`ektpsim experiment`,
	// Flag values (exit 2)
	`ektpsim run --replications 0`,
	`ektpsim run --replications -3`,
	`ektpsim run --replications many`,
	`ektpsim run --replications 100001`,
	`ektpsim experiment blanks-earlier --replications 99999999999999999999`,
	`ektpsim run --workers -1`,
	`ektpsim run --seed abc`,
	`ektpsim experiment blanks-earlier --replications 0`,
	// Scenarios that are neither a file nor a shipped name (exit 1)
	`ektpsim run palembang`,
	`ektpsim run kupang-2017`,
	`ektpsim validate scenarios/palembang.yaml`,
	`ektpsim experiment blanks-erlier`,
	`ektpsim experiment example-2017`,
	// Folders and files (exit 1)
	`ektpsim run example-2017 --out notes`,
	`ektpsim plot notes`,
	`ektpsim merge a`,
	`ektpsim merge s1`,
	`ektpsim run example-2017 --replications 2 --shard 3/2`,
	`ektpsim compare a b --out a`,
	`ektpsim compare a b --out ./a/`,
	`ektpsim merge s1 s2 --out s1`,
	`ektpsim merge s1 s2 --out b`,
	`ektpsim compare a b --out a/sub`,
	`ektpsim run example-2017 --out a/nested`,
	`ektpsim merge s1 damaged`,
	`ektpsim run example-2017 --out .`,
	`ektpsim run example-2017 --out notes/chapter1.tex`,
	`ektpsim report a --out notes/chapter1.tex`,
	`ektpsim report a --out a/scenario.yaml`,
	`ektpsim run example-2017 --set end=2017-02-28 --out a`,
	`ektpsim run example-2017 --name ../x`,
	`ektpsim sweep example-2017 --vary seed=1,2,3,4,5,6,7,8,9,10 --vary central.intake_per_day=1,2,3,4,5,6,7,8,9,10 --vary clear_level=1,2,3,4,5,6,7,8,9,10 --vary certificate_validity=1d,2d,3d,4d,5d,6d,7d,8d,9d,10d --vary central.verification_delay=1h,2h,3h,4h,5h,6h,7h,8h,9h,10h`,
	// Regions that are not the scenario's (exit 1)
	`ektpsim run example-2017 --region "Kota Kupng"`,
	`ektpsim report a --region "Kota Binjia"`,
	`ektpsim sweep example-2017 --vary seed=1,2 --figure "Kota Palembng:backlog_end"`,
	`ektpsim sweep example-2017 --vary seed=1,2 --figure ":backlog_end"`,
	// Snapshots (exit 1; docs/snapshot-errors.md has the observed CSV's own)
	`ektpsim run example-2017 --snapshot 2019-01-01`,
	`ektpsim run example-2017 --snapshot 2017-02-30`,
	`ektpsim run example-2017 --replications 2 --shard 1/2 --snapshot 2017-06-30`,
	`ektpsim snapshot --base example-2017`,
	`ektpsim snapshot --from-csv none.csv --base example-2017 --date 2017-06-01`,
	`ektpsim snapshot --from-csv notes/chapter1.tex --base example-2017 --date 2017-06-01`,
	`ektpsim snapshot --from-csv notes/chapter1.tex --base exampel-2017 --date 2017-06-01`,
	`ektpsim snapshot --from-csv notes/chapter1.tex --base example-2017 --date 2019-06-01`,
	`ektpsim snapshot --from-csv notes/chapter1.tex --base example-2017 --date 2016-06-01`,
	// Bad scenarios and --set (exit 1; docs/errors.md has the scenario's own)
	`ektpsim run example-2017 --set base=x.yaml`,
	`ektpsim run example-2017 --set replications=0`,
	// Help (exit 0: the usage on stdout)
	`ektpsim --help`,
	`ektpsim run --help`,
	`ektpsim validate --help`,
	`ektpsim help sweep`,
}

// splitLine splits a command line at spaces, keeping "double-quoted"
// words whole.
func splitLine(s string) []string {
	var words []string
	var w strings.Builder
	quoted, any := false, false
	for _, r := range s {
		switch {
		case r == '"':
			quoted, any = !quoted, true
		case r == ' ' && !quoted:
			if any {
				words, any = append(words, w.String()), false
				w.Reset()
			}
		default:
			w.WriteRune(r)
			any = true
		}
	}
	if any {
		words = append(words, w.String())
	}
	return words
}

// cell formats output for a Markdown table cell: its first 2 lines that
// are not empty, each as a code span.
func cell(s string) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) > 2 {
		lines = append(lines[:2], "…")
	}
	for i, l := range lines {
		lines[i] = "`` " + strings.ReplaceAll(l, "|", `\|`) + " ``"
	}
	return strings.Join(lines, "<br>")
}

// docs/command-errors.md is written by this test from commandErrors (go
// test ./cmd/ektpsim -run CommandErrorsDoc -update), and the test fails
// when the file differs from what the command does now.
func TestCommandErrorsDoc(t *testing.T) {
	root, _ := filepath.Abs("../..")
	t.Chdir(t.TempDir())
	for _, args := range [][]string{
		{"run", "example-2017", "--set", "end=2017-01-31", "--no-plots", "--out", "a"},
		{"run", "example-2017", "--set", "end=2017-01-31", "--no-plots", "--out", "b", "--set", "name=b", "--set", "central.intake_per_day=100000"},
		{"run", "example-2017", "--set", "end=2017-01-31", "--no-plots", "--out", "s1", "--replications", "2", "--shard", "1/2"},
		{"run", "example-2017", "--set", "end=2017-01-31", "--no-plots", "--out", "s2", "--replications", "2", "--shard", "2/2"},
		{"run", "example-2017", "--set", "end=2017-01-31", "--no-plots", "--out", "damaged", "--replications", "2", "--shard", "2/2"},
	} {
		if code, _, errs := ektp(t, args...); code != 0 {
			t.Fatalf("%v: %s", args, errs)
		}
	}
	gob := read(t, "damaged/shard.gob")
	gob[len(gob)/2] ^= 0x10
	os.WriteFile("damaged/shard.gob", gob, 0o644)
	os.Mkdir("notes", 0o755)
	os.WriteFile("notes/chapter1.tex", []byte("precious"), 0o644)

	var b bytes.Buffer
	b.WriteString(`# What bad command lines get

Written by ` + "`go test ./cmd/ektpsim -run CommandErrorsDoc -update`" + ` (the test fails when this
file is out of date). Each line was run in a folder holding ` + "`a`, `b`" + ` (finished runs of
example-2017), ` + "`s1`, `s2`" + ` (its two shards), ` + "`damaged`" + ` (a shard with one byte flipped) and
` + "`notes/chapter1.tex`" + ` (not ektpsim's). Exit status: 0 success, 1 a problem with the input,
2 wrong usage, 130 interrupted (Ctrl-C or SIGTERM). Problems inside scenario files are in
[errors.md](errors.md).

| command line | exit | prints |
| --- | ---: | --- |
`)
	for _, line := range commandErrors {
		words := splitLine(line)
		code, out, errs := ektp(t, words[1:]...)
		msg := errs
		if msg == "" {
			msg = out
		}
		fmt.Fprintf(&b, "| `%s` | %d | %s |\n", strings.ReplaceAll(line, "|", `\|`), code, cell(msg))
		if code == 0 && !strings.Contains(line, "help") {
			t.Errorf("%s succeeded; the table is of refusals and help", line)
		}
	}
	for _, e := range []string{"a", "b"} {
		if _, err := os.Stat(e + "/summary.json"); err != nil {
			t.Errorf("a refused command line damaged the fixture %s: %v", e, err)
		}
	}
	file := filepath.Join(root, "docs", "command-errors.md")
	golden.Check(t, file, b.Bytes(), *update, "go test ./cmd/ektpsim -run CommandErrorsDoc -update")
}
