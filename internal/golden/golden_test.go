package golden

import (
	"os"
	"path/filepath"
	"testing"
)

// recorder is a testing.TB that records failures instead of stopping.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }
func (r *recorder) Fatal(...any)          { r.failed = true }

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "doc.md")
	for _, c := range []struct {
		what       string
		on         string // the file's content before, "" for none
		got        string
		update     bool
		wantFailed bool
		wantAfter  string
	}{
		{"equal", "a\n", "a\n", false, false, "a\n"},
		{"differs", "a\n", "b\n", false, true, "a\n"},
		{"missing", "", "a\n", false, true, ""},
		{"update writes", "a\n", "b\n", true, false, "b\n"},
		{"update creates", "", "c\n", true, false, "c\n"},
	} {
		os.Remove(file)
		if c.on != "" {
			if err := os.WriteFile(file, []byte(c.on), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		r := &recorder{TB: t}
		Check(r, file, []byte(c.got), c.update, "go test -update")
		if r.failed != c.wantFailed {
			t.Errorf("%s: failed %v, want %v", c.what, r.failed, c.wantFailed)
		}
		after, _ := os.ReadFile(file)
		if string(after) != c.wantAfter {
			t.Errorf("%s: file holds %q afterwards, want %q", c.what, after, c.wantAfter)
		}
	}
}
