//go:build unix

package scenario

import "syscall"

// mkfifo makes a named pipe, for the tests that a scenario read from one
// is refused rather than blocking.
func mkfifo(path string) error { return syscall.Mkfifo(path, 0o644) }
