package experiment

import (
	"strings"
	"testing"

	"github.com/ektpsim/ektpsim/scenarios/experiments"
)

// FuzzDecode feeds the experiment decoder arbitrary text: it must never
// panic, and it either returns an experiment or located problems, each
// naming the file.
func FuzzDecode(f *testing.F) {
	for _, name := range Shipped() {
		data, err := experiments.FS.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(threeExperiment))
	f.Add([]byte("base: x\nvariants:\n  - name: a\n    edits: [{scale: a, by: x1e400}, {shift: b, by: -99999999999d}]\n"))
	f.Add([]byte("base: &a x\nvariants: [{name: *a, edits: [{append: sites, item: *a, regions: {top: 1e9, by: *a}}]}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := Decode("f.yaml", data)
		if err == nil {
			if e == nil || e.Base == "" || len(e.Variants) == 0 {
				t.Fatalf("accepted without a base or variants: %+v", e)
			}
			for _, v := range e.Variants {
				for _, ed := range v.Edits {
					if ed.Kind == Scale && !(ed.Factor > 0) || ed.Kind == Shift && ed.Days == 0 {
						t.Fatalf("accepted a bad edit %+v", ed)
					}
				}
			}
			return
		}
		for _, line := range strings.Split(err.Error(), "\n") {
			if !strings.HasPrefix(line, "f.yaml") {
				t.Fatalf("a problem that does not name the file: %q", line)
			}
		}
	})
}
