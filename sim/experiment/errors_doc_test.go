package experiment

import (
	"bytes"
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/ektpsim/ektpsim/internal/golden"
)

var update = flag.Bool("update", false, "rewrite docs/experiment-errors.md")

// docs/experiment-errors.md is the refusal tables of this package's tests
// (go test ./sim/experiment -run ExperimentErrorsDoc -update rewrites
// it); the test fails when the file is out of date.
func TestExperimentErrorsDoc(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(`# What bad experiment files get

Written by ` + "`go test ./sim/experiment -run ExperimentErrorsDoc -update`" + `; do not edit by hand.
Each row is an experiment file ` + "`e.yaml`" + ` with one mistake (or several), built on a small scenario
of three regions (Kota Kupang, Kabupaten Kupang, Kota Binjai), and what ` + "`ektpsim experiment e.yaml`" + `
prints for it (exit status 1, nothing run or written). Every problem of a file is reported at once,
as ` + "`FILE:LINE:COLUMN: key: message`" + `. Problems of the scenario files themselves are in
[errors.md](errors.md); refusals of the command line in [command-errors.md](command-errors.md).

| mistake | message |
|---|---|
`)
	row := func(what string, want []string) {
		var cells []string
		for _, w := range want {
			cells = append(cells, "`` "+strings.ReplaceAll(w, "|", `\|`)+" ``")
		}
		fmt.Fprintf(&b, "| %s | %s |\n", what, strings.Join(cells, "<br>"))
	}
	for _, c := range decodeCases {
		row(c.what, c.want)
	}
	for _, c := range resolveCases {
		row(c.what, c.want)
	}
	file := "../../docs/experiment-errors.md"
	golden.Check(t, file, b.Bytes(), *update, "go test ./sim/experiment -run ExperimentErrorsDoc -update")
}
