// Package golden compares what a test produced with a committed file,
// and rewrites the file when the test runs with -update: the one place the
// project's golden documents (docs/errors.md and the other tables a test
// writes) are checked.
package golden

import (
	"bytes"
	"os"
	"testing"
)

// Check fails t unless file holds got exactly. With update it first
// writes got to file (so that the check then passes), which is how a
// reviewed change of the document is accepted. rerun is the command that
// rewrites it ("go test ./sim/scenario -run ErrorTable -update"), named in
// the failure together with what the file should hold.
func Check(t testing.TB, file string, got []byte, update bool, rerun string) {
	t.Helper()
	if update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%s: %v; run %s", file, err, rerun)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s is out of date; check the change and run %s. It should read:\n%s", file, rerun, got)
	}
}
