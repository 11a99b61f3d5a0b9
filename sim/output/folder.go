package output

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Marker is the file that marks a folder as an ektpsim result, so that a
// re-run may replace it and nothing else is ever overwritten.
const Marker = ".ektpsim-result"

// Folder is an output folder under construction: files go to a temporary
// folder beside the destination, which Commit moves into place whole.
type Folder struct {
	Dir  string // the temporary folder to write into
	dest string
}

// NewFolder prepares to write dest. It fails if dest exists and is neither
// an ektpsim result nor empty.
func NewFolder(dest string) (*Folder, error) {
	if err := replaceable(dest); err != nil {
		return nil, err
	}
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create %s: %w", parent, errors.Unwrap(err))
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".tmp-")
	if err != nil {
		return nil, fmt.Errorf("cannot write in %s: %w", parent, errors.Unwrap(err))
	}
	if err := os.WriteFile(filepath.Join(tmp, Marker), []byte("written by ektpsim run\n"), 0o644); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &Folder{Dir: tmp, dest: dest}, nil
}

func replaceable(dest string) error {
	st, err := os.Stat(dest)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("%s exists and is not a folder; choose another --out", dest)
	}
	if _, err := os.Stat(filepath.Join(dest, Marker)); err == nil {
		return nil
	}
	if entries, err := os.ReadDir(dest); err == nil && len(entries) == 0 {
		return nil
	}
	return fmt.Errorf("%s exists and is not an ektpsim result; it is left alone: choose another --out or move it", dest)
}

// Commit moves the finished folder into place, replacing a previous result
// there. The old result is moved aside first and removed last, so at every
// moment dest is either the old result or the new one.
func (f *Folder) Commit() error {
	if err := replaceable(f.dest); err != nil {
		f.Abort()
		return err
	}
	var old string
	if _, err := os.Stat(f.dest); err == nil {
		o, err := os.MkdirTemp(filepath.Dir(f.dest), "."+filepath.Base(f.dest)+".old-")
		if err != nil {
			f.Abort()
			return err
		}
		os.Remove(o)
		if err := os.Rename(f.dest, o); err != nil {
			f.Abort()
			return err
		}
		old = o
	}
	if err := os.Rename(f.Dir, f.dest); err != nil {
		if old != "" {
			os.Rename(old, f.dest)
		}
		f.Abort()
		return err
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}

// Abort removes the temporary folder.
func (f *Folder) Abort() { os.RemoveAll(f.Dir) }
