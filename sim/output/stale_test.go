package output

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// A process killed with kill -9 stays a zombie until its parent reaps it,
// and kill(pid, 0) still finds it. Its temporary folder is stale all the
// same: the next folder beside it removes it, and keeps a live one's.
func TestZombieTemporaryRemoved(t *testing.T) {
	cmd := exec.Command("sleep", "30")
	if err := cmd.Start(); err != nil {
		t.Skip(err)
	}
	defer cmd.Wait()
	pid := cmd.Process.Pid
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100 && alive(pid); i++ { // until the kernel makes it a zombie
		time.Sleep(10 * time.Millisecond)
	}
	if err := syscall.Kill(pid, 0); err != nil {
		t.Skipf("the killed process was reaped already (%v); nothing to test", err)
	}
	if alive(pid) {
		t.Fatalf("process %d, killed, is still taken as alive", pid)
	}
	parent := t.TempDir()
	dead := filepath.Join(parent, ".r.tmp-"+itoa(pid)+"-"+hostTag()+"-1")
	live := filepath.Join(parent, ".r.tmp-"+itoa(os.Getppid())+"-"+hostTag()+"-2")
	for _, d := range []string{dead, live} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	f, err := NewFolder(filepath.Join(parent, "r"), Spec{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Abort()
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		t.Errorf("the zombie's folder is still there (%v)", err)
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("a live process's folder was removed: %v", err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
