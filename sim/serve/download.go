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
// it is asked for (on one CPU slot).
func (s *Server) folder(ctx context.Context, j *job) (string, error) {
	resolved, identity, err := j.yaml(ctx)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	mu := s.folderMus[identity]
	if mu == nil {
		mu = &sync.Mutex{}
		s.folderMus[identity] = mu
	}
	s.mu.Unlock()
	mu.Lock()
	defer mu.Unlock()
	key := strings.TrimPrefix(identity, "scenario-sha256:")[:16]
	dir := filepath.Join(s.dir, "results", key)
	if _, err := os.Stat(filepath.Join(dir, "summary.json")); err == nil {
		return dir, nil
	}
	file := filepath.Join(s.dir, "scenarios", key+".yaml")
	if err := os.MkdirAll(filepath.Dir(file), 0o777); err != nil {
		return "", err
	}
	if err := os.WriteFile(file, resolved, 0o666); err != nil {
		return "", err
	}
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-s.slots }()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(s.ctx, cancel)
	defer stop()
	if _, err := runner.Run(ctx, runner.Config{Scenario: file, Out: dir, Workers: 1, Force: true}); err != nil {
		return "", err
	}
	return dir, nil
}

// handleZip sends the what-if's result folder as a zip.
func (s *Server) handleZip(w http.ResponseWriter, r *http.Request) {
	j := s.lookup(w, r)
	if j == nil {
		return
	}
	dir, err := s.folder(r.Context(), j)
	if err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return
	}
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
	dir, err := s.folder(r.Context(), j)
	if err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return
	}
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
