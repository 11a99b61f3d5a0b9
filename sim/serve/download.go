package serve

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/ektpsim/ektpsim/sim/runner"
)

// attachment names the file a download is saved as.
func attachment(w http.ResponseWriter, name, kind string) {
	w.Header().Set("Content-Type", kind)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
}

// fileName makes a scenario name safe as a file name.
func fileName(name string) string {
	return strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == '"' || r < ' ' {
			return '_'
		}
		return r
	}, name)
}

// handleYAML sends the what-if's resolved scenario: `ektpsim run` of it
// reproduces the run.
func (s *Server) handleYAML(w http.ResponseWriter, r *http.Request) {
	j := s.lookup(w, r)
	if j == nil {
		return
	}
	resolved, _, err := j.yaml(r.Context())
	if err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	attachment(w, fileName(j.sc.Name)+".yaml", "application/yaml")
	w.Write(resolved)
}

// folder returns the result folder of j under the server's folder, made
// by `ektpsim run`'s own runner from the resolved scenario the first time
// it is asked for (on one CPU slot), and release, to call once the folder
// is read: until then it is not removed. Making one removes the least
// recently used folders beyond the server's maxFolders that no request
// is reading, so that the disk the server uses is bounded (a national
// result folder is about 60 MB).
func (s *Server) folder(ctx context.Context, j *job) (dir string, release func(), err error) {
	resolved, identity, err := j.yaml(ctx)
	if err != nil {
		return "", nil, err
	}
	key := strings.TrimPrefix(identity, "scenario-sha256:")[:16]
	s.mu.Lock()
	f := s.folders[key]
	if f == nil {
		f = &folder{}
		s.folders[key] = f
	}
	f.readers++
	s.useClock++
	f.used = s.useClock
	s.mu.Unlock()
	release = func() {
		s.mu.Lock()
		f.readers--
		s.mu.Unlock()
	}
	defer func() {
		if err != nil {
			release()
		}
	}()
	f.mu.Lock()
	defer f.mu.Unlock()
	dir = filepath.Join(s.dir, "results", key)
	if _, err := os.Stat(filepath.Join(dir, "summary.json")); err == nil {
		return dir, release, nil
	}
	s.evictFolders(key)
	file := filepath.Join(s.dir, "scenarios", key+".yaml")
	if err := os.MkdirAll(filepath.Dir(file), 0o777); err != nil {
		return "", nil, err
	}
	if err := os.WriteFile(file, resolved, 0o666); err != nil {
		return "", nil, err
	}
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		return "", nil, ctx.Err()
	}
	defer func() { <-s.slots }()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(s.ctx, cancel)
	defer stop()
	if _, err := runner.Run(ctx, runner.Config{Scenario: file, Out: dir, Workers: 1, Force: true}); err != nil {
		return "", nil, err
	}
	s.mu.Lock()
	f.made = true
	s.mu.Unlock()
	return dir, release, nil
}

// folder is one result folder of the server's, by the resolved
// scenario's identity.
type folder struct {
	mu      sync.Mutex // held while the folder is made
	readers int        // requests between folder and release; guarded by Server.mu
	used    uint64     // Server.useClock when last asked for
	made    bool       // the folder is complete on disk
}

// evictFolders removes the least recently used complete folders no one
// reads, other than keep's, until fewer than s.maxFolders remain, with
// their scenario files. Removal happens under s.mu, so that a folder is
// not asked for again while it goes.
func (s *Server) evictFolders(keep string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		made, oldest := 0, ""
		for k, f := range s.folders {
			if !f.made {
				continue
			}
			made++
			if k != keep && f.readers == 0 && (oldest == "" || f.used < s.folders[oldest].used) {
				oldest = k
			}
		}
		if made < s.maxFolders || oldest == "" {
			return
		}
		os.RemoveAll(filepath.Join(s.dir, "results", oldest))
		os.Remove(filepath.Join(s.dir, "scenarios", oldest+".yaml"))
		delete(s.folders, oldest)
	}
}

// handleZip sends the what-if's result folder as a zip.
func (s *Server) handleZip(w http.ResponseWriter, r *http.Request) {
	j := s.lookup(w, r)
	if j == nil {
		return
	}
	dir, release, err := s.folder(r.Context(), j)
	if err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	defer release()
	name := fileName(j.sc.Name)
	attachment(w, name+".zip", "application/zip")
	zw := zip.NewWriter(w)
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		zf, err := zw.Create(name + "/" + filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		_, err = io.Copy(zf, f)
		return err
	})
	if err == nil {
		zw.Close()
	}
}

// handleReport sends the what-if's briefing (`ektpsim report`).
func (s *Server) handleReport(w http.ResponseWriter, r *http.Request) {
	j := s.lookup(w, r)
	if j == nil {
		return
	}
	dir, release, err := s.folder(r.Context(), j)
	if err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	defer release()
	file := filepath.Join(dir, "report.html")
	if _, err := os.Stat(file); err != nil {
		if _, err := runner.Report(r.Context(), []string{dir}, file); err != nil {
			fail(w, http.StatusInternalServerError, err.Error())
			return
		}
	}
	attachment(w, fileName(j.sc.Name)+"-report.html", "text/html; charset=utf-8")
	http.ServeFile(w, r, file)
}
