package output

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// A file's temporary sibling left by a dead process of this machine
// (kill -9) is removed by the next TempFile for the same file; a live
// process's is left; the new one is readable as the umask allows.
func TestTempFileRemovesStale(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip(err)
	}
	stale := filepath.Join(dir, ".report.html.tmp-"+strconv.Itoa(cmd.Process.Pid)+"-"+hostTag()+"-1")
	live := filepath.Join(dir, ".report.html.tmp-"+strconv.Itoa(os.Getppid())+"-"+hostTag()+"-2")
	for _, p := range []string{stale, live} {
		if err := os.WriteFile(p, []byte("part"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	f, err := TempFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := os.Stat(stale); err == nil {
		t.Error("the dead process's part file is left")
	}
	if _, err := os.Stat(live); err != nil {
		t.Error("a live process's part file was removed")
	}
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	if want := os.FileMode(0o666 &^ Umask()); st.Mode().Perm() != want {
		t.Errorf("mode %v, want %v", st.Mode().Perm(), want)
	}
}
