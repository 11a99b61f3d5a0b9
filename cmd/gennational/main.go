// Command gennational writes scenarios/national-2016-2018.yaml from
// data/regions.csv. Run it through `go generate ./scenarios`.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/ektpsim/ektpsim/scenarios/national"
)

func main() {
	in := flag.String("regions", "data/regions.csv", "the list of regions with population and districts")
	out := flag.String("o", "scenarios/national-2016-2018.yaml", "the scenario file to write")
	flag.Parse()
	if err := generate(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gennational:", err)
		os.Exit(1)
	}
}

func generate(in, out string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	regions, err := national.ReadRegions(f)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	var b bytes.Buffer
	if err := national.Write(&b, regions); err != nil {
		return err
	}
	tmp := out + ".tmp"
	if err := os.WriteFile(tmp, b.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}
