package output

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// Marker is the file that marks a folder as an ektpsim result, so that a
// re-run may replace it and nothing else is ever overwritten. Its first
// line says which command wrote it; an "identity:" line, if any, says what
// the folder holds (for a run, the SHA-256 of its scenario.yaml).
const Marker = ".ektpsim-result"

// Spec says what a new result folder will hold.
type Spec struct {
	// Command is what writes it ("run", "compare", "sweep", "merge"), for
	// the marker.
	Command string
	// Identity names what the folder holds (ScenarioIdentity of a run's
	// resolved scenario); "" for nothing in particular. A previous result
	// at the destination whose identity differs is replaced only with
	// Force.
	Identity string
	// What describes the folder for the refusal ("a run of a different
	// scenario (its scenario.yaml differs from this run's)").
	What  string
	Force bool
	// Owns, if set, says which files of the folder the command writes
	// (paths relative to it, with slashes: a run's daily.csv,
	// plots/backlog.png, ...): a previous result holding any other file
	// (notes a user put there) is replaced only with Force, since the
	// replacement would lose it. ektpsim's own hidden temporary files
	// (isTempPath) are always its own.
	Owns func(rel string) bool
	// Guarded, if set, says which of those files a user may edit (a
	// run's snapshots): Commit records their SHA-256 in the marker, and a
	// previous result holding one that no longer matches, or one not
	// recorded, is replaced only with Force.
	Guarded func(rel string) bool
}

// ScenarioIdentity is the identity of a run of the resolved scenario
// whose scenario.yaml is resolved.
func ScenarioIdentity(resolved []byte) string {
	h := sha256.Sum256(resolved)
	return "scenario-sha256:" + hex.EncodeToString(h[:])
}

// Folder is an output folder under construction: files go to a temporary
// folder beside the destination, which Commit moves into place whole.
type Folder struct {
	Dir  string // the temporary folder to write into
	dest string
	spec Spec
}

// CleanDest normalises an output folder given on the command line
// (a trailing slash, "./") and refuses, before anything runs, one that can
// never be replaced whole: ".", "/", the working folder or a folder that
// holds it, a file, a folder that is neither empty nor an ektpsim
// result, or a folder inside an ektpsim result (which a later run of that
// result replaces whole, this folder with it).
func CleanDest(dest string) (string, error) {
	if dest == "" {
		return "", fmt.Errorf("an empty output folder; give --out DIR")
	}
	clean := filepath.Clean(dest)
	abs, err := filepath.Abs(clean)
	if err != nil {
		return "", err
	}
	wd, _ := os.Getwd()
	if base := filepath.Base(abs); base == "/" || base == "." || base == ".." || abs == filepath.Dir(abs) ||
		wd != "" && (wd == abs || strings.HasPrefix(wd, abs+string(filepath.Separator))) {
		return "", fmt.Errorf("--out %s: the output folder is replaced whole, so it cannot be the working folder or hold it; give a folder of its own, e.g. --out results/mine", dest)
	}
	if err := replaceable(clean); err != nil {
		return "", err
	}
	if in := resultAbove(abs); in != "" {
		if rel, err := filepath.Rel(wd, in); err == nil && !strings.HasPrefix(rel, "..") {
			in = rel
		}
		return "", fmt.Errorf("--out %s is inside the ektpsim result %s, which a run replaces whole (and this folder with it); give a folder of its own", dest, in)
	}
	return clean, nil
}

// resultAbove returns the nearest folder above abs that is an ektpsim
// result, or "". A result being written (a hidden temporary folder, such
// as an experiment's, which holds its runs) does not count.
func resultAbove(abs string) string {
	for p := filepath.Dir(abs); p != filepath.Dir(p); p = filepath.Dir(p) {
		if b := filepath.Base(p); strings.HasPrefix(b, ".") && strings.Contains(b, ".tmp-") {
			return ""
		}
		if _, err := os.Stat(filepath.Join(p, Marker)); err == nil {
			return p
		}
	}
	return ""
}

// Check is what NewFolder checks, without writing anything, for a command
// to refuse a destination before it runs; it returns dest cleaned.
func Check(dest string, spec Spec) (string, error) {
	dest, err := CleanDest(dest)
	if err != nil {
		return "", err
	}
	if err := sameIdentity(dest, spec); err != nil {
		return "", err
	}
	return dest, keepsNothing(dest, spec)
}

// keepsNothing refuses, unless spec.Force, to replace a previous result
// at dest that holds what the replacement would lose: a file spec.Owns
// does not own, or a spec.Guarded file changed since Commit recorded it
// (or not recorded, by a marker that records them). Without Owns, or
// without a previous result, it accepts.
func keepsNothing(dest string, spec Spec) error {
	if spec.Force || spec.Owns == nil {
		return nil
	}
	m, ok := readMarker(dest)
	if !ok {
		return nil
	}
	var foreign, edited []string
	walkFiles(dest, func(path, rel string) error {
		switch {
		case rel == Marker || isTempPath(rel):
		case spec.Guarded != nil && spec.Guarded(rel):
			want, ok := m.sums[rel]
			if !ok {
				if m.guarded {
					foreign = append(foreign, rel) // not this command's: the user's
				}
				return nil
			}
			if got, err := fileSHA256(path); err != nil || got != want {
				edited = append(edited, rel)
			}
		case !spec.Owns(rel):
			foreign = append(foreign, rel)
		}
		return nil
	})
	if len(foreign) == 0 && len(edited) == 0 {
		return nil
	}
	var what []string
	if len(foreign) > 0 {
		what = append(what, "files ektpsim did not write ("+listSome(foreign)+")")
	}
	if len(edited) > 0 {
		what = append(what, "files changed since ektpsim wrote them ("+listSome(edited)+")")
	}
	return &RefusedError{fmt.Sprintf("%s holds %s, which replacing the folder whole would lose; move them out, use --out DIR for a new folder, or --force to replace it", dest, strings.Join(what, " and "))}
}

// listSome names up to 5 files, then how many more.
func listSome(names []string) string {
	if len(names) <= 5 {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:5], ", "), len(names)-5)
}

// isTempPath reports whether a path of a result folder is, or is inside,
// one of ektpsim's hidden temporary files or folders (TempFile's, a plot's
// .plots.tmp-*), which a killed process may leave.
func isTempPath(rel string) bool {
	for _, part := range strings.Split(rel, "/") {
		if strings.HasPrefix(part, ".") && strings.Contains(part, ".tmp-") {
			return true
		}
	}
	return false
}

// walkFiles calls f for every file under dir (not folders) with its path
// and its path relative to dir, with slashes; an error from f stops it.
func walkFiles(dir string, f func(path, rel string) error) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		return f(path, filepath.ToSlash(rel))
	})
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// recordGuarded appends to dir's marker the SHA-256 of each file spec
// guards, for keepsNothing.
func recordGuarded(dir string, spec Spec) error {
	if spec.Guarded == nil {
		return nil
	}
	var b strings.Builder
	b.WriteString(guardedLine + "\n")
	err := walkFiles(dir, func(path, rel string) error {
		if !spec.Guarded(rel) {
			return nil
		}
		sum, err := fileSHA256(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "sha256 %s %s\n", sum, rel)
		return nil
	})
	if err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(dir, Marker), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	_, err = f.WriteString(b.String())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// RefusedError is the refusal to replace a previous result that holds
// what the replacement would lose (Check's before the run, Commit's when a
// file appeared or changed meanwhile): the user's to settle, not a
// failure.
type RefusedError struct{ Msg string }

func (e *RefusedError) Error() string { return e.Msg }

// NewFolder prepares to write dest. It fails if dest exists and is neither
// an ektpsim result nor empty, or holds a result of another identity than
// spec's (unless spec.Force). Temporary folders of processes of this
// machine that died without cleaning up (kill -9, out of memory) beside
// dest are removed.
func NewFolder(dest string, spec Spec) (*Folder, error) {
	dest, err := Check(dest, spec)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(dest)
	umask := Umask()
	if err := os.MkdirAll(parent, 0o777); err != nil {
		return nil, fmt.Errorf("cannot create %s: %w", parent, errors.Unwrap(err))
	}
	RemoveStale(parent, filepath.Base(dest))
	tmp, err := os.MkdirTemp(parent, tempPrefix(filepath.Base(dest), "tmp")+"*")
	if err != nil {
		return nil, fmt.Errorf("cannot write in %s: %w", parent, errors.Unwrap(err))
	}
	// MkdirTemp makes the folder 0700: others may read a result if the
	// umask lets them, as with any folder.
	if err := os.Chmod(tmp, 0o777&^umask); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	cmd := spec.Command
	if cmd == "" {
		cmd = "run"
	}
	mark := "written by ektpsim " + cmd + "\n"
	if spec.Identity != "" {
		mark += "identity: " + spec.Identity + "\n"
	}
	if err := os.WriteFile(filepath.Join(tmp, Marker), []byte(mark), 0o666); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &Folder{Dir: tmp, dest: dest, spec: spec}, nil
}

// Dest is where the folder goes on Commit.
func (f *Folder) Dest() string { return f.dest }

// Umask returns the process's file mode creation mask, read from
// /proc/self/status where there is one (which changes nothing), else by
// setting and restoring it.
func Umask() os.FileMode {
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "Umask:"); ok {
				if m, err := strconv.ParseUint(strings.TrimSpace(v), 8, 32); err == nil {
					return os.FileMode(m)
				}
			}
		}
	}
	m := syscall.Umask(0)
	syscall.Umask(m)
	return os.FileMode(m)
}

// hostTag is a short tag of this machine's name, so that only temporary
// folders of this machine's processes are ever judged dead (a results
// folder may be shared between machines).
func hostTag() string {
	h, _ := os.Hostname()
	f := fnv.New32a()
	f.Write([]byte(h))
	return fmt.Sprintf("%08x", f.Sum32())
}

// tempPrefix is the start of the name of a temporary ("tmp") or set-aside
// ("old") sibling of the folder base: .BASE.KIND-PID-HOST-, then a random
// part.
func tempPrefix(base, kind string) string {
	return fmt.Sprintf(".%s.%s-%d-%s-", base, kind, os.Getpid(), hostTag())
}

// TempFile creates the temporary file a file dest is written to before it
// is renamed into place: beside dest (so the rename is atomic), hidden,
// unique, readable as the umask allows, and named with this process and
// machine, so that a later TempFile for the same dest removes one a
// killed process left (kill -9) as RemoveStale does for folders.
func TempFile(dest string) (*os.File, error) {
	parent, base := filepath.Dir(dest), filepath.Base(dest)
	RemoveStale(parent, base)
	f, err := os.CreateTemp(parent, tempPrefix(base, "tmp")+"*")
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(0o666 &^ Umask()); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return f, nil
}

// RemoveStale removes the temporary and set-aside siblings of base in
// parent (.BASE.tmp-PID-HOST-* and .BASE.old-PID-HOST-*) left by a process
// of this machine that is no longer alive. Those of a live process, of
// another machine, or of a name it does not recognise are left alone.
func RemoveStale(parent, base string) {
	tag := hostTag()
	for _, kind := range []string{"tmp", "old"} {
		prefix := "." + base + "." + kind + "-"
		entries, _ := filepath.Glob(filepath.Join(parent, globEscape(prefix)+"*"))
		for _, e := range entries {
			rest := strings.TrimPrefix(filepath.Base(e), prefix)
			parts := strings.SplitN(rest, "-", 3)
			if len(parts) != 3 || parts[1] != tag {
				continue
			}
			pid, err := strconv.Atoi(parts[0])
			if err != nil || pid <= 0 || pid == os.Getpid() {
				continue
			}
			if !alive(pid) {
				os.RemoveAll(e)
			}
		}
	}
}

// alive says whether process pid of this machine is running. A zombie (a
// process killed but not yet reaped by its parent) is not: it writes no
// more.
func alive(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return false
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true // no /proc: trust kill
	}
	// The state follows the command name, which is in parentheses and may
	// hold spaces: "PID (NAME) STATE ...".
	if i := bytes.LastIndexByte(stat, ')'); i >= 0 && i+2 < len(stat) {
		return stat[i+2] != 'Z'
	}
	return true
}

func globEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
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

// Identity returns the identity of the result folder dir: its marker's
// identity line or, for a run written before markers had one, that of its
// scenario.yaml; "" if it has neither.
func Identity(dir string) string {
	m, ok := readMarker(dir)
	if !ok {
		return ""
	}
	if m.identity != "" {
		return m.identity
	}
	if y, err := os.ReadFile(filepath.Join(dir, "scenario.yaml")); err == nil {
		return ScenarioIdentity(y)
	}
	return ""
}

// marker is what a result folder's Marker file says: the command that
// wrote it (its first line, "written by ektpsim run"), its identity
// ("identity: ..."), and, after guardedLine, the SHA-256 of each guarded
// file ("sha256 HEX PATH").
type marker struct {
	command, identity string
	guarded           bool              // it records the guarded files
	sums              map[string]string // their SHA-256 by path
}

// guardedLine opens the marker's record of the guarded files: with it,
// a guarded file the record does not list is not the command's.
const guardedLine = "guarded files:"

// readMarker reads dir's marker; false if dir has none.
func readMarker(dir string) (marker, bool) {
	b, err := os.ReadFile(filepath.Join(dir, Marker))
	if err != nil {
		return marker{}, false
	}
	m := marker{sums: map[string]string{}}
	for i, line := range strings.Split(string(b), "\n") {
		if c, ok := strings.CutPrefix(line, "written by ektpsim "); ok && i == 0 {
			m.command = c
		}
		if v, ok := strings.CutPrefix(line, "identity: "); ok && m.identity == "" {
			m.identity = v
		}
		if line == guardedLine {
			m.guarded = true
		}
		if f := strings.SplitN(line, " ", 3); len(f) == 3 && f[0] == "sha256" {
			m.sums[f[2]] = f[1]
		}
	}
	return m, true
}

// sameIdentity refuses to replace a result at dest of another identity
// than spec's, or written by another command, unless spec.Force.
func sameIdentity(dest string, spec Spec) error {
	if spec.Identity == "" || spec.Force {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dest, Marker)); err != nil {
		return nil
	}
	id, held := Identity(dest), command(dest)
	cmd := spec.Command
	if cmd == "" {
		cmd = "run"
	}
	switch {
	case id == spec.Identity, id == "" && held == cmd:
		return nil
	case held != cmd && held != "":
		return fmt.Errorf("%s holds the result of ektpsim %s; use --out DIR for a new folder or --force to replace it", dest, held)
	}
	what := spec.What
	if what == "" {
		what = "a different result"
	}
	return fmt.Errorf("%s holds %s; use --out DIR for a new folder or --force to replace it", dest, what)
}

// command is the command that wrote the result folder dir, from its
// marker ("written by ektpsim run"); "" if it does not say.
func command(dir string) string {
	m, _ := readMarker(dir)
	return m.command
}

// Commit moves the finished folder into place, replacing a previous result
// there. The old result is moved aside first and removed last, so at every
// moment dest is either the old result or the new one.
func (f *Folder) Commit() error {
	if err := replaceable(f.dest); err != nil {
		f.Abort()
		return err
	}
	if err := sameIdentity(f.dest, f.spec); err != nil {
		f.Abort()
		return err
	}
	if err := keepsNothing(f.dest, f.spec); err != nil {
		f.Abort()
		return err
	}
	if err := recordGuarded(f.Dir, f.spec); err != nil {
		f.Abort()
		return err
	}
	var old string
	if _, err := os.Stat(f.dest); err == nil {
		o, err := os.MkdirTemp(filepath.Dir(f.dest), tempPrefix(filepath.Base(f.dest), "old")+"*")
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
