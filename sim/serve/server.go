package serve

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ektpsim/ektpsim/scenarios"
	"github.com/ektpsim/ektpsim/sim/output"
	"github.com/ektpsim/ektpsim/sim/results"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

//go:embed web
var web embed.FS

// Limits of what a request may send.
const (
	MaxUpload   = 4 << 20 // bytes of an uploaded scenario
	MaxRequest  = 1 << 20 // bytes of a what-if request
	maxUploads  = 16      // uploaded scenarios kept; older ones are forgotten
	maxFinished = 12      // finished jobs kept in the cache
	maxStopped  = 64      // cancelled or failed jobs whose status is kept
	// maxFolders is the most result folders (made for downloads) kept
	// on disk; the least recently used go first.
	maxFolders = 8
)

// Config is what `ektpsim serve` was asked to serve.
type Config struct {
	// Scenario is preselected on the page: a shipped name, a file, or ""
	// for the default national scenario.
	Scenario string
	// Dir is the server's own folder for result folders and briefings;
	// "" makes a temporary one, removed by Close.
	Dir string
	// Workers is how many replications run at once; 0 means one per CPU.
	Workers int
}

// Server serves the page and runs what it asks. Build it with New, serve
// its Handler, and Close it.
type Server struct {
	dir     string
	ownDir  bool
	workers int
	slots   slots
	first   string // the preselected scenario's name
	ctx     context.Context
	stop    context.CancelFunc

	mu         sync.Mutex
	sources    map[string]source
	uploads    []string // upload names, oldest first
	bases      map[string]*scenario.Scenario
	jobs       map[string]*job // by id
	byID       map[string]*job // by resolved scenario's identity: the cache
	byReq      map[string]*job // by requestKey: the cache's index
	finished   []*job          // done jobs, oldest first
	stopped    []*job          // cancelled and failed jobs, oldest first
	clients    map[string][]*job
	waiting    []*job
	counter    int
	folders    map[string]*folder // result folders on disk, by key
	useClock   uint64             // counts folder requests, for least recently used
	maxFolders int
}

// New makes a server for cfg. The scenario given, if any, must load.
func New(cfg Config) (*Server, error) {
	s := &Server{workers: cfg.Workers, sources: map[string]source{}, bases: map[string]*scenario.Scenario{},
		jobs: map[string]*job{}, byID: map[string]*job{}, byReq: map[string]*job{}, clients: map[string][]*job{}, folders: map[string]*folder{}, maxFolders: maxFolders}
	if s.workers <= 0 {
		s.workers = runtime.NumCPU()
	}
	s.slots = make(slots, s.workers)
	names, _ := fs.Glob(scenarios.FS, "*.yaml")
	for _, n := range names {
		name := strings.TrimSuffix(n, ".yaml")
		s.sources[name] = source{name: name, file: n, fsys: scenarios.FS}
	}
	s.first = strings.TrimSuffix(scenarios.Default, ".yaml")
	if cfg.Scenario != "" {
		name := strings.TrimSuffix(cfg.Scenario, ".yaml")
		if _, err := os.Stat(cfg.Scenario); err == nil || strings.ContainsAny(cfg.Scenario, `/\`) {
			src := source{name: "file:" + cfg.Scenario, file: cfg.Scenario}
			if _, err := src.load(nil, "", 0); err != nil {
				return nil, err
			}
			name = src.name
			s.sources[name] = src
		} else if _, ok := s.sources[name]; !ok {
			return nil, fmt.Errorf("%s is neither a file nor a shipped scenario", cfg.Scenario)
		}
		s.first = name
	}
	s.dir = cfg.Dir
	if s.dir == "" {
		d, err := os.MkdirTemp("", "ektpsim-serve-")
		if err != nil {
			return nil, err
		}
		s.dir, s.ownDir = d, true
	} else if err := os.MkdirAll(s.dir, 0o777); err != nil {
		return nil, err
	}
	s.ctx, s.stop = context.WithCancel(context.Background())
	return s, nil
}

// Close cancels every run and removes the server's temporary folder.
func (s *Server) Close() error {
	s.stop()
	s.mu.Lock()
	jobs := make([]*job, 0, len(s.jobs))
	for _, j := range s.jobs {
		jobs = append(jobs, j)
	}
	s.mu.Unlock()
	for _, j := range jobs {
		<-j.finished
	}
	if s.ownDir {
		return os.RemoveAll(s.dir)
	}
	return nil
}

// Serve serves on ln until ctx is done, then shuts down: running
// simulations are cancelled and open requests get a second to finish.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: s.Handler(ln.Addr().String()), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.stop()
	sctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	err := srv.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = srv.Close()
	}
	return err
}

// Handler is the server's HTTP handler for a listener at addr. It refuses
// state-changing requests from another origin, and, on a loopback
// address, requests for another host name (DNS rebinding).
func (s *Server) Handler(addr string) http.Handler {
	mux := http.NewServeMux()
	sub, _ := fs.Sub(web, "web")
	mux.Handle("GET /assets/", http.StripPrefix("/assets/", http.FileServerFS(sub)))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		b, _ := fs.ReadFile(sub, "index.html")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(b)
	})
	mux.HandleFunc("GET /api/scenarios", s.handleScenarios)
	mux.HandleFunc("GET /api/scenario/{name}", s.handleScenario)
	mux.HandleFunc("POST /api/upload", s.handleUpload)
	mux.HandleFunc("POST /api/run", s.handleRun)
	mux.HandleFunc("GET /api/jobs/{id}", s.handleStatus)
	mux.HandleFunc("GET /api/jobs/{id}/regions/{i}", s.handleRegion)
	mux.HandleFunc("GET /api/diff", s.handleDiff)
	mux.HandleFunc("GET /api/jobs/{id}/scenario.yaml", s.handleYAML)
	mux.HandleFunc("GET /api/jobs/{id}/result.zip", s.handleZip)
	mux.HandleFunc("GET /api/jobs/{id}/report.html", s.handleReport)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fail(w, http.StatusForbidden, "a request from another origin may not change anything here")
	}))
	h := cop.Handler(mux)
	host, port, _ := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		allowed := []string{net.JoinHostPort(host, port), "localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port}
		inner := h
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !slices.Contains(allowed, r.Host) {
				fail(w, http.StatusMisdirectedRequest, "this server answers only to "+allowed[0])
				return
			}
			inner.ServeHTTP(w, r)
		})
	}
	return h
}

// fail answers with an error the page shows.
func fail(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, map[string]any{"error": msg})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// readBody reads a request body of at most limit bytes.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, bool) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			fail(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the request is larger than %d KiB", limit>>10))
		} else {
			fail(w, http.StatusBadRequest, "the request could not be read: "+err.Error())
		}
		return nil, false
	}
	return b, true
}

// ScenarioInfo is what the page shows of a scenario before a run.
type ScenarioInfo struct {
	Name         string       `json:"name"`
	Title        string       `json:"title"` // its own name:
	Description  string       `json:"description"`
	Start        string       `json:"start"`
	End          string       `json:"end"`
	Seed         string       `json:"seed"`
	Replications int64        `json:"replications"`
	Levers       []LeverValue `json:"levers"`
	Regions      []RegionInfo `json:"regions"`
	Provinces    []string     `json:"provinces"`
}

// LeverValue is a lever with the scenario's value.
type LeverValue struct {
	Lever
	Value string `json:"value"`
}

// RegionInfo names a region.
type RegionInfo struct {
	Name     string `json:"name"`
	Code     string `json:"code"`
	Province string `json:"province"`
}

func info(name string, sc *scenario.Scenario) ScenarioInfo {
	in := ScenarioInfo{Name: name, Title: sc.Name, Description: strings.TrimSpace(sc.Description),
		Start: sc.Start.String(), End: sc.End.String(), Seed: strconv.FormatUint(sc.Seed, 10), Replications: sc.Replications}
	for _, l := range Levers() {
		if v := l.Value(sc); v != "" {
			in.Levers = append(in.Levers, LeverValue{l, v})
		}
	}
	seen := map[string]bool{}
	places := results.Places(sc)
	for i, r := range sc.Regions {
		p := places[i].Province
		in.Regions = append(in.Regions, RegionInfo{r.Name, r.Code, p})
		if p != "" && !seen[p] {
			seen[p] = true
			in.Provinces = append(in.Provinces, p)
		}
	}
	slices.Sort(in.Provinces)
	return in
}

func (s *Server) handleScenarios(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	var names []string
	for n := range s.sources {
		if !strings.HasPrefix(n, "upload:") {
			names = append(names, n)
		}
	}
	s.mu.Unlock()
	slices.Sort(names)
	writeJSON(w, http.StatusOK, map[string]any{"scenarios": names, "selected": s.first})
}

// base is the scenario name as it is, loaded once.
func (s *Server) base(name string) (*scenario.Scenario, source, error) {
	s.mu.Lock()
	src, ok := s.sources[name]
	sc := s.bases[name]
	s.mu.Unlock()
	if !ok {
		return nil, source{}, errUnknown
	}
	if sc != nil {
		return sc, src, nil
	}
	sc, err := src.load(nil, "", 0)
	if err != nil {
		return nil, src, err
	}
	s.mu.Lock()
	s.bases[name] = sc
	s.mu.Unlock()
	return sc, src, nil
}

var errUnknown = errors.New("no such scenario")

func (s *Server) handleScenario(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	sc, _, err := s.base(name)
	if errors.Is(err, errUnknown) {
		fail(w, http.StatusNotFound, fmt.Sprintf("no scenario named %q here; choose one of the list", name))
		return
	}
	if err != nil {
		fail(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, info(name, sc))
}

// uploadFS is the shipped scenarios with one more file, so that an
// uploaded scenario's base: can name a shipped one, and nothing else of
// the machine's files can be read.
type uploadFS struct {
	name string
	data []byte
}

func (u uploadFS) Open(name string) (fs.File, error) {
	if name == u.name {
		return &memFile{name: name, data: u.data}, nil
	}
	if name == u.name+".yaml" {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return scenarios.FS.Open(name)
}

func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) {
	b, ok := readBody(w, r, MaxUpload)
	if !ok {
		return
	}
	file := strings.TrimSuffix(strings.TrimSpace(r.URL.Query().Get("file")), ".yaml")
	if file == "" || strings.ContainsAny(file, `/\`) || len(file) > 100 {
		file = "uploaded"
	}
	file += ".yaml"
	src := source{file: file, fsys: uploadFS{file, b}}
	sc, err := src.load(nil, "", 0)
	if err != nil {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"problems": place(err, nil, nil, nil)})
		return
	}
	s.mu.Lock()
	s.counter++
	src.name = fmt.Sprintf("upload:%d", s.counter)
	s.sources[src.name] = src
	s.bases[src.name] = sc
	s.uploads = append(s.uploads, src.name)
	if len(s.uploads) > maxUploads {
		old := s.uploads[0]
		s.uploads = s.uploads[1:]
		delete(s.sources, old)
		delete(s.bases, old)
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, info(src.name, sc))
}

// RunAnswer is what the page gets for a what-if: the jobs to poll, and
// the what-if as a command line.
type RunAnswer struct {
	WhatIf   string   `json:"whatif"`
	Baseline string   `json:"baseline"`
	Sets     []string `json:"sets"`
	Command  string   `json:"command"`
}

func (s *Server) handleRun(w http.ResponseWriter, r *http.Request) {
	b, ok := readBody(w, r, MaxRequest)
	if !ok {
		return
	}
	var wi WhatIf
	if err := json.Unmarshal(b, &wi); err != nil {
		fail(w, http.StatusBadRequest, "the request is not a what-if: "+err.Error())
		return
	}
	ans, err := s.Start(r.Context(), wi)
	var ps ProblemsError
	switch {
	case errors.As(err, &ps):
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"problems": ps})
	case errors.Is(err, errUnknown):
		fail(w, http.StatusNotFound, fmt.Sprintf("no scenario named %q here; choose one of the list", wi.Scenario))
	case err != nil:
		fail(w, http.StatusServiceUnavailable, err.Error())
	default:
		writeJSON(w, http.StatusOK, ans)
	}
}

// Start checks a what-if and starts it and its baseline (the same
// scenario, seed and replications without the levers), or finds them in
// the cache. The client's previous jobs that it no longer needs are
// cancelled. A what-if with problems starts nothing.
func (s *Server) Start(ctx context.Context, wi WhatIf) (*RunAnswer, error) {
	base, src, err := s.base(wi.Scenario)
	if err != nil {
		if errors.Is(err, errUnknown) {
			return nil, err
		}
		return nil, place(err, nil, nil, nil)
	}
	var ps ProblemsError
	if wi.Replications < 0 || wi.Replications > MaxReplications {
		ps = append(ps, Problem{Lever: "replications", Msg: fmt.Sprintf("%d replications: the page runs 1 to %d (the command line runs more)", wi.Replications, MaxReplications)})
	}
	if len(ps) > 0 {
		return nil, ps
	}
	// A cached what-if is found by its request without loading anything;
	// one that is not is loaded, and checked, once.
	bkey := requestKey(src.name, nil, wi.Seed, wi.Replications)
	var bsc *scenario.Scenario
	var berr error
	loadBaseline := func() (*scenario.Scenario, error) {
		switch {
		case bsc != nil || berr != nil:
		case wi.Seed == "" && wi.Replications == 0:
			bsc = base
		default:
			if bsc, berr = src.load(nil, wi.Seed, wi.Replications); berr != nil {
				berr = place(berr, nil, nil, nil)
			}
		}
		return bsc, berr
	}
	// "The 20 worst" are the baseline's: it runs first (the one case in
	// which a what-if with a bad value runs something, its baseline).
	var bj *job
	var worst []float64
	if wi.Regions.Mode == "worst" {
		if bj, err = s.jobFor(bkey, loadBaseline, nil, src.name); err != nil {
			return nil, err
		}
		select {
		case <-bj.finished:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if worst = bj.regionBacklogs(); worst == nil {
			return nil, ProblemsError{{Lever: "regions", Msg: "the baseline did not finish, so its worst regions are not known: " + bj.status(0).State}}
		}
	} else if !s.cached(bkey) {
		if _, err := loadBaseline(); err != nil {
			return nil, err // a bad seed: nothing runs
		}
	}
	sets, from, ps := overrides(base, wi, worst)
	if len(ps) > 0 {
		return nil, ps
	}
	// The what-if first: its replications take the free CPUs before the
	// baseline's (cached, most of the time, since the page loaded).
	var wj *job
	if len(sets) > 0 {
		wj, err = s.jobFor(requestKey(src.name, sets, wi.Seed, wi.Replications), func() (*scenario.Scenario, error) {
			sc, err := src.load(sets, wi.Seed, wi.Replications)
			if err != nil {
				return nil, place(err, sets, from, base)
			}
			sc.Name = whatIfName(sc.Name)
			return sc, nil
		}, sets, src.name)
		if err != nil {
			return nil, err
		}
	}
	if bj == nil {
		if bj, err = s.jobFor(bkey, loadBaseline, nil, src.name); err != nil {
			return nil, err
		}
	}
	if wj == nil {
		wj = bj
	}
	s.supersede(wi.Client, bj, wj)
	return &RunAnswer{WhatIf: wj.id, Baseline: bj.id, Sets: sets, Command: command(src, sets, wi)}, nil
}

// whatIfName is the name a what-if's scenario takes: its folder under
// results/ when its YAML is run.
func whatIfName(name string) string {
	const suffix = "-what-if"
	if len(name)+len(suffix) > 100 {
		name = name[:100-len(suffix)]
	}
	return name + suffix
}

// command is the what-if as an `ektpsim run` command line (an uploaded
// scenario is named UPLOADED.yaml).
func command(src source, sets []string, wi WhatIf) string {
	var b strings.Builder
	b.WriteString("ektpsim run ")
	switch {
	case src.fsys == scenarios.FS:
		b.WriteString(src.name)
	case src.fsys == nil:
		b.WriteString(shellQuote(src.file)) // the file given to serve
	default:
		b.WriteString("UPLOADED.yaml")
	}
	if wi.Seed != "" {
		b.WriteString(" --seed " + wi.Seed)
	}
	if wi.Replications > 0 {
		b.WriteString(" --replications " + strconv.Itoa(wi.Replications))
	}
	for _, x := range sets {
		b.WriteString(" --set " + shellQuote(x))
	}
	return b.String()
}

func shellQuote(s string) string {
	if !strings.ContainsAny(s, " \"'$`\\\n[]()*?{}") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// cached reports whether the what-if key has a job.
func (s *Server) cached(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.byReq[key] != nil
}

// requestKey names a what-if by what its resolved scenario is made
// from: the scenario, the overrides, the seed and the replications.
func requestKey(source string, sets []string, seed string, reps int) string {
	h := sha256.New()
	fmt.Fprintf(h, "%q %q %d", source, seed, reps)
	for _, x := range sets {
		fmt.Fprintf(h, " %q", x)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// jobFor returns the job of the what-if key, from the cache, or loads its
// scenario with load and starts it. The resolved scenario is written and
// hashed while the job runs (for a national scenario that takes a
// quarter of a second); a job whose resolved scenario turns out to be one
// already run takes that run's results.
func (s *Server) jobFor(key string, load func() (*scenario.Scenario, error), sets []string, from string) (*job, error) {
	s.mu.Lock()
	j := s.byReq[key]
	s.mu.Unlock()
	if j != nil {
		return j, nil
	}
	sc, err := load()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx.Err() != nil {
		return nil, errors.New("the server is stopping")
	}
	if j := s.byReq[key]; j != nil {
		return j, nil
	}
	s.counter++
	ctx, cancel := context.WithCancel(s.ctx)
	j = &job{id: fmt.Sprintf("j%d", s.counter), key: key, sc: sc, sets: sets, source: from, cancel: cancel,
		finished: make(chan struct{}), marshalled: make(chan struct{}), state: Queued}
	s.jobs[j.id] = j
	s.byReq[key] = j
	s.waiting = append(s.waiting, j)
	go func() {
		j.run(ctx, s.slots, s.workers, s.started)
		cancel()
		s.ended(j)
	}()
	go s.identify(j)
	return j, nil
}

// identify writes j's resolved scenario and files j by its identity;
// if a finished job has the same, j takes its results.
func (s *Server) identify(j *job) {
	resolved, err := scenario.Marshal(j.sc)
	j.mu.Lock()
	if err != nil {
		j.marshalErr = err
	} else {
		j.resolved, j.identity = resolved, output.ScenarioIdentity(resolved)
	}
	identity := j.identity
	j.mu.Unlock()
	close(j.marshalled)
	if identity == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.byID[identity]
	if old == nil || old == j {
		s.byID[identity] = j
		return
	}
	j.adopt(old)
}

// started takes a job off the list of jobs waiting for their first CPU
// (job puts it there).
func (s *Server) started(j *job) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waiting = slices.DeleteFunc(s.waiting, func(x *job) bool { return x == j })
}

// ended files a job that stopped: kept in the cache when done (the
// oldest unwatched finished jobs go beyond maxFinished), forgotten
// otherwise.
func (s *Server) ended(j *job) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j.mu.Lock()
	state := j.state
	j.mu.Unlock()
	if state != Done {
		s.forget(j)
		// Its status stays to be read ("cancelled"), not its data.
		j.mu.Lock()
		j.results, j.backlogs, j.first = nil, nil, nil
		j.mu.Unlock()
		s.stopped = append(s.stopped, j)
		if len(s.stopped) > maxStopped {
			delete(s.jobs, s.stopped[0].id)
			s.stopped = s.stopped[1:]
		}
		return
	}
	s.finished = append(s.finished, j)
	for len(s.finished) > maxFinished {
		k := slices.IndexFunc(s.finished, func(x *job) bool { return x.watchers == 0 })
		if k < 0 {
			break
		}
		old := s.finished[k]
		s.finished = slices.Delete(s.finished, k, k+1)
		delete(s.jobs, old.id)
		s.forget(old)
	}
}

// forget takes j out of the cache. Call with s.mu held.
func (s *Server) forget(j *job) {
	if s.byReq[j.key] == j {
		delete(s.byReq, j.key)
	}
	j.mu.Lock()
	identity := j.identity
	j.mu.Unlock()
	if identity != "" && s.byID[identity] == j {
		delete(s.byID, identity)
	}
}

// supersede makes jobs the client's current ones; its previous jobs that
// no client watches any more are cancelled.
func (s *Server) supersede(client string, jobs ...*job) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(jobs) == 2 && jobs[0] == jobs[1] {
		jobs = jobs[:1] // the what-if is the baseline
	}
	for _, j := range jobs {
		j.watchers++
	}
	old := s.clients[client]
	s.clients[client] = jobs
	if client == "" {
		delete(s.clients, client)
	}
	for _, j := range old {
		j.watchers--
		if j.watchers <= 0 {
			j.watchers = 0
			j.mu.Lock()
			running := j.state == Queued || j.state == Running
			j.mu.Unlock()
			if running {
				j.cancel()
				s.forget(j)
			}
		}
	}
}

// lookup finds a job by id.
func (s *Server) lookup(w http.ResponseWriter, r *http.Request) *job {
	s.mu.Lock()
	j := s.jobs[r.PathValue("id")]
	s.mu.Unlock()
	if j == nil {
		fail(w, http.StatusNotFound, "no such run (the server forgets old runs); run it again")
	}
	return j
}

func (s *Server) handleStatus(w http.ResponseWriter, r *http.Request) {
	j := s.lookup(w, r)
	if j == nil {
		return
	}
	have, _ := strconv.Atoi(r.URL.Query().Get("have"))
	st := j.status(have)
	if st.State == Queued {
		s.mu.Lock()
		st.Position = slices.Index(s.waiting, j) + 1
		s.mu.Unlock()
	}
	writeJSON(w, http.StatusOK, st)
}

func (s *Server) handleRegion(w http.ResponseWriter, r *http.Request) {
	j := s.lookup(w, r)
	if j == nil {
		return
	}
	i, err := strconv.Atoi(r.PathValue("i"))
	j.mu.Lock()
	defer j.mu.Unlock()
	if err != nil || i < 0 || i >= len(j.sc.Regions) {
		fail(w, http.StatusNotFound, "no such region")
		return
	}
	if j.first == nil {
		fail(w, http.StatusConflict, "the run has not got that far")
		return
	}
	d := j.first.regions[i]
	writeJSON(w, http.StatusOK, map[string]any{"name": j.sc.Regions[i].Name, "start": j.sc.Start.String(),
		"backlog": d[0], "printed_cum": d[1], "blanks": d[2]})
}

func (s *Server) handleDiff(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	a, b := s.jobs[r.URL.Query().Get("whatif")], s.jobs[r.URL.Query().Get("baseline")]
	s.mu.Unlock()
	if a == nil || b == nil {
		fail(w, http.StatusNotFound, "no such run (the server forgets old runs); run it again")
		return
	}
	fa, okA := a.nationFigures()
	fb, okB := b.nationFigures()
	if !okA || !okB {
		fail(w, http.StatusConflict, "both runs must have finished")
		return
	}
	ds, err := Differences(fb, fa)
	if err != nil {
		fail(w, http.StatusConflict, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"differences": ds})
}
