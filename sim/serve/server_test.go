package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ektpsim/ektpsim/sim/runner"
)

const addr = "127.0.0.1:8080"

func newServer(t *testing.T, workers int) (*Server, http.Handler) {
	t.Helper()
	s, err := New(Config{Dir: t.TempDir(), Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, s.Handler(addr)
}

// do sends a request to h as a browser on the page would.
func do(h http.Handler, method, path string, body []byte, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "http://"+addr+path, bytes.NewReader(body))
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func jobCount(s *Server) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.jobs)
}

// The limits: oversized bodies, another origin, another host name, paths
// outside the scenarios. Each is refused with its status and a message,
// and starts nothing.
func TestLimits(t *testing.T) {
	s, h := newServer(t, 1)
	run := []byte(`{"scenario":"binjai-2017","levers":{"intake":"100"}}`)
	big := bytes.Repeat([]byte("#"), MaxUpload+1)
	for _, c := range []struct {
		name         string
		method, path string
		body         []byte
		header       []string
		code         int
		msg          string
	}{
		{"oversized upload", "POST", "/api/upload", big, nil, 413, "larger than 4096 KiB"},
		{"oversized what-if", "POST", "/api/run", append([]byte(`{"scenario":"`), bytes.Repeat([]byte("a"), MaxRequest)...), nil, 413, "larger than 1024 KiB"},
		{"cross-origin POST", "POST", "/api/run", run, []string{"Origin", "http://evil.example", "Sec-Fetch-Site", "cross-site"}, 403, "another origin"},
		{"cross-origin upload, Origin only", "POST", "/api/upload", []byte("start: 2017-01-02\n"), []string{"Origin", "http://evil.example"}, 403, "another origin"},
		{"another host name (DNS rebinding)", "POST", "/api/run", run, []string{"Host", "evil.example:8080"}, 421, "answers only to 127.0.0.1:8080"},
		{"traversal in a scenario name", "GET", "/api/scenario/..%2F..%2F..%2Fetc%2Fpasswd", nil, nil, 404, `etc/passwd\" here`},
		{"a file path as scenario name", "GET", "/api/scenario/%2Fetc%2Fpasswd", nil, nil, 404, `no scenario named \"/etc/passwd\"`},
		{"traversal in a what-if's scenario", "POST", "/api/run", []byte(`{"scenario":"../scenarios/binjai-2017"}`), nil, 404, "no scenario named"},
		{"an unknown job", "GET", "/api/jobs/..%2F..%2Fetc/scenario.yaml", nil, nil, 404, ""},
		{"not JSON", "POST", "/api/run", []byte("scenario=binjai-2017"), nil, 400, "not a what-if"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "another host name (DNS rebinding)" {
				r := httptest.NewRequest(c.method, "http://evil.example:8080"+c.path, bytes.NewReader(c.body))
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if w.Code != c.code || !strings.Contains(w.Body.String(), c.msg) {
					t.Errorf("%d %s; want %d %q", w.Code, w.Body, c.code, c.msg)
				}
				return
			}
			w := do(h, c.method, c.path, c.body, c.header...)
			if w.Code != c.code || !strings.Contains(w.Body.String(), c.msg) {
				t.Errorf("%d %s; want %d %q", w.Code, w.Body, c.code, c.msg)
			}
		})
	}
	if n := jobCount(s); n != 0 {
		t.Errorf("refused requests started %d jobs", n)
	}
	if len(s.uploads) != 0 {
		t.Errorf("refused uploads kept %d scenarios", len(s.uploads))
	}
	// The same what-if from the page's own origin runs.
	if w := do(h, "POST", "/api/run", run, "Origin", "http://"+addr, "Sec-Fetch-Site", "same-origin"); w.Code != 200 {
		t.Errorf("same-origin run: %d %s", w.Code, w.Body)
	}
}

// An uploaded scenario reads nothing but itself and the shipped
// scenarios: a base: naming another file of the machine is refused, and
// its problems are located by line and column.
func TestUpload(t *testing.T) {
	_, h := newServer(t, 1)
	secret := filepath.Join(t.TempDir(), "secret.yaml")
	os.WriteFile(secret, []byte("start: 2017-01-02\nend: 2017-02-01\nregions: [{name: X, sites: [{name: a, printers: 1, cards_per_printer_per_day: 10}]}]\n"), 0o666)
	for _, c := range []struct {
		name, body string
		code       int
		want       *regexp.Regexp
	}{
		{"a base outside", "base: " + secret + "\nname: x\n", 422, regexp.MustCompile(`"msg":"[^"]*`)},
		{"a base with ..", "base: ../../../../../../" + secret + "\nname: x\n", 422, regexp.MustCompile(`"msg":"`)},
		{"a bad key, located", "base: binjai-2017.yaml\nname: up\ncentral:\n  intake_per_dya: 5\n", 422, regexp.MustCompile(`"line":4,"col":3,"key":"central.intake_per_dya"`)},
		{"a shipped base", "base: binjai-2017.yaml\nname: up\ncentral:\n  intake_per_day: 5\n", 200, regexp.MustCompile(`"name":"upload:1","title":"up"`)},
	} {
		w := do(h, "POST", "/api/upload?file=mine.yaml", []byte(c.body))
		if w.Code != c.code || !c.want.MatchString(w.Body.String()) {
			t.Errorf("%s: %d %s; want %d and %s", c.name, w.Code, w.Body, c.code, c.want)
		}
		if c.code == 422 && strings.Contains(w.Body.String(), "cards_per_printer_per_day") {
			t.Errorf("%s: the answer shows the other file's text: %s", c.name, w.Body)
		}
	}
}

// wait waits for a job to end.
func wait(t *testing.T, s *Server, id string) *job {
	t.Helper()
	s.mu.Lock()
	j := s.jobs[id]
	s.mu.Unlock()
	select {
	case <-j.finished:
	case <-time.After(2 * time.Minute):
		t.Fatalf("job %s did not end", id)
	}
	return j
}

// A what-if's summary is summary.json of `ektpsim run --set ...`, byte
// for byte but for the run's name; its downloaded YAML runs to the same
// summary; asking again is answered from the cache.
func TestWhatIfIsTheRun(t *testing.T) {
	s, _ := newServer(t, 2)
	wi := WhatIf{Scenario: "binjai-2017", Levers: map[string]string{"intake": "20000", "printers": "1"},
		Regions: Selection{Mode: "names", Names: []string{"Kota Binjai"}}, Replications: 3, Client: "a"}
	ans, err := s.Start(context.Background(), wi)
	if err != nil {
		t.Fatal(err)
	}
	wantSets := []string{"central.intake_per_day=20000", "regions[name=Kota Binjai].sites[0].printers=2"}
	if strings.Join(ans.Sets, " ") != strings.Join(wantSets, " ") {
		t.Errorf("sets %q, want %q", ans.Sets, wantSets)
	}
	j := wait(t, s, ans.WhatIf)
	if j.state != Done {
		t.Fatalf("%s: %s", j.state, j.err)
	}
	dir := filepath.Join(t.TempDir(), "run")
	if _, err := runner.Run(context.Background(), runner.Config{Scenario: "binjai-2017", Set: wantSets, Replications: 3, Out: dir, NoPlots: true}); err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(filepath.Join(dir, "summary.json"))
	name := regexp.MustCompile(`(?m)^  "scenario": .*$`)
	if got := name.ReplaceAll(j.summary, nil); !bytes.Equal(got, name.ReplaceAll(want, nil)) {
		t.Errorf("the page's summary differs from ektpsim run's:\n%s\nwant\n%s", got[:300], want[:300])
	}
	resolved, _, err := j.yaml(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	yml := filepath.Join(t.TempDir(), "what-if.yaml")
	os.WriteFile(yml, resolved, 0o666)
	dir2 := filepath.Join(t.TempDir(), "run2")
	if _, err := runner.Run(context.Background(), runner.Config{Scenario: yml, Out: dir2, NoPlots: true}); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(filepath.Join(dir2, "summary.json")); !bytes.Equal(again, j.summary) {
		t.Error("the what-if's YAML runs to another summary")
	}
	again, err := s.Start(context.Background(), wi)
	if err != nil {
		t.Fatal(err)
	}
	if again.WhatIf != ans.WhatIf || again.Baseline != ans.Baseline {
		t.Errorf("the same what-if again started %s/%s, want the cached %s/%s", again.WhatIf, again.Baseline, ans.WhatIf, ans.Baseline)
	}
	// The paired differences: what-if minus baseline, replication by
	// replication.
	b := wait(t, s, ans.Baseline)
	bf, _ := b.nationFigures()
	wf, _ := j.nationFigures()
	ds, err := Differences(bf, wf)
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for i := range bf {
		sum += float64(wf[i].BacklogEnd - bf[i].BacklogEnd)
	}
	if ds[0].Key != "backlog_end" || math.Abs(ds[0].Mean-sum/3) > 1e-9 || ds[0].Low == nil || *ds[0].Low > ds[0].Mean || *ds[0].High < ds[0].Mean {
		t.Errorf("backlog_end difference %+v, want mean %v inside its interval", ds[0], sum/3)
	}
}

// A bad lever value is refused beside its lever and runs nothing.
func TestBadValueRunsNothing(t *testing.T) {
	s, _ := newServer(t, 1)
	for _, c := range []struct {
		levers map[string]string
		sel    Selection
		sc     string
		reps   int
		lever  string
		msg    string
	}{
		{map[string]string{"intake": "-5"}, Selection{}, "", 0, "intake", "negative"},
		{map[string]string{"upgrade": "2017-02-30"}, Selection{}, "example-2017", 0, "upgrade", "2017-02-30"},
		{map[string]string{"intake": "lots"}, Selection{}, "", 0, "intake", "whole number"},
		{map[string]string{"overtime": "-1"}, Selection{}, "", 0, "overtime", ""},
		{map[string]string{"outages": "0"}, Selection{}, "", 0, "outages", "factor between 0.01 and 100"},
		{map[string]string{"printers": "1"}, Selection{Mode: "names", Names: []string{"Kota Medan"}}, "", 0, "regions", `no region named "Kota Medan"`},
		{nil, Selection{}, "", 201, "replications", "1 to 200"},
		{nil, Selection{}, "", 0, "seed", ""},
	} {
		wi := WhatIf{Scenario: "binjai-2017", Levers: c.levers, Regions: c.sel, Replications: c.reps}
		if c.sc != "" {
			wi.Scenario = c.sc
		}
		if c.lever == "seed" {
			wi.Seed = "-3"
		}
		_, err := s.Start(context.Background(), wi)
		var ps ProblemsError
		if !errors.As(err, &ps) || len(ps) == 0 || ps[0].Lever != c.lever || !strings.Contains(ps[0].Msg, c.msg) {
			t.Errorf("%v: %v; want a problem beside %s saying %q", c.levers, err, c.lever, c.msg)
		}
	}
	if n := jobCount(s); n != 0 {
		t.Errorf("bad values started %d jobs", n)
	}
}

// A client's new request cancels its superseded run; with one CPU a
// second client's run waits, shown as queued, and runs once the CPU is
// free.
func TestSupersedeAndQueue(t *testing.T) {
	s, h := newServer(t, 1)
	slow := WhatIf{Scenario: "example-2017", Levers: map[string]string{"intake": "30000"}, Replications: 200, Client: "a"}
	first, err := s.Start(context.Background(), slow)
	if err != nil {
		t.Fatal(err)
	}
	other := WhatIf{Scenario: "example-2017", Levers: map[string]string{"intake": "40000"}, Replications: 2, Client: "b"}
	queued, err := s.Start(context.Background(), other)
	if err != nil {
		t.Fatal(err)
	}
	var st Status
	json.Unmarshal(do(h, "GET", "/api/jobs/"+queued.WhatIf, nil).Body.Bytes(), &st)
	if st.State != Queued || st.Position < 1 {
		t.Errorf("the second client's run is %q at position %d while the first runs on the only CPU; want queued", st.State, st.Position)
	}
	slow.Levers["intake"] = "35000"
	slow.Replications = 2
	if _, err := s.Start(context.Background(), slow); err != nil {
		t.Fatal(err)
	}
	if j := wait(t, s, first.WhatIf); j.state != Cancelled {
		t.Errorf("the superseded run is %s, want cancelled", j.state)
	}
	if j := wait(t, s, first.Baseline); j.state != Cancelled {
		t.Errorf("the superseded baseline (200 replications, wanted by no one now) is %s, want cancelled", j.state)
	}
	if j := wait(t, s, queued.WhatIf); j.state != Done {
		t.Errorf("the queued run is %s, want done", j.state)
	}
}

// Downloads: the what-if's YAML, its result folder as `ektpsim run`
// writes it, and its briefing.
func TestDownloads(t *testing.T) {
	s, h := newServer(t, 1)
	ans, err := s.Start(context.Background(), WhatIf{Scenario: "binjai-2017", Levers: map[string]string{"ups": "2"}})
	if err != nil {
		t.Fatal(err)
	}
	j := wait(t, s, ans.WhatIf)
	for _, c := range []struct{ path, kind, start string }{
		{"scenario.yaml", "application/yaml", "# Resolved by ektpsim"},
		{"result.zip", "application/zip", "PK"},
		{"report.html", "text/html; charset=utf-8", "<!DOCTYPE html>"},
	} {
		w := do(h, "GET", "/api/jobs/"+ans.WhatIf+"/"+c.path, nil)
		if w.Code != 200 || w.Header().Get("Content-Type") != c.kind || !strings.HasPrefix(w.Body.String(), c.start) ||
			!strings.Contains(w.Header().Get("Content-Disposition"), "attachment") {
			t.Errorf("%s: %d %s %q, starts %.40q", c.path, w.Code, w.Header().Get("Content-Type"), w.Header().Get("Content-Disposition"), w.Body.String())
		}
		if resolved, _, _ := j.yaml(context.Background()); c.path == "scenario.yaml" && !bytes.Equal(w.Body.Bytes(), resolved) {
			t.Error("the YAML downloaded is not the what-if's resolved scenario")
		}
	}
	// The result folder is under the server's own folder.
	if _, err := os.Stat(filepath.Join(s.dir, "results")); err != nil {
		t.Errorf("no result folder under the server's folder: %v", err)
	}
}

// A page that asks for the baseline itself (no lever moved), then a
// what-if, then another: the baseline, wanted all along, runs to the end;
// the superseded what-if no one wants is cancelled.
func TestBaselineKeptWhileWanted(t *testing.T) {
	s, _ := newServer(t, 1)
	base := WhatIf{Scenario: "example-2017", Replications: 40, Client: "a"}
	b, err := s.Start(context.Background(), base)
	if err != nil {
		t.Fatal(err)
	}
	if b.WhatIf != b.Baseline {
		t.Fatalf("no lever moved: what-if %s, baseline %s", b.WhatIf, b.Baseline)
	}
	w1 := base
	w1.Levers = map[string]string{"overtime": "1"}
	a1, err := s.Start(context.Background(), w1)
	if err != nil {
		t.Fatal(err)
	}
	w2 := base
	w2.Levers = map[string]string{"overtime": "2"}
	if _, err := s.Start(context.Background(), w2); err != nil {
		t.Fatal(err)
	}
	if j := wait(t, s, a1.WhatIf); j.state != Cancelled {
		t.Errorf("superseded what-if: %s, want cancelled", j.state)
	}
	if j := wait(t, s, b.Baseline); j.state != Done {
		t.Errorf("the baseline, wanted by every request: %s, want done", j.state)
	}
	s.mu.Lock()
	n := s.jobs[b.Baseline].watchers
	s.mu.Unlock()
	if n != 1 {
		t.Errorf("the baseline has %d watchers, want 1 (the client's current request)", n)
	}
}

// Results are cached by the resolved scenario: two requests written
// differently (overtime 1 and 1.0) that resolve to the same scenario
// share one run's results.
func TestCacheByResolvedScenario(t *testing.T) {
	s, _ := newServer(t, 2)
	a, err := s.Start(context.Background(), WhatIf{Scenario: "example-2017", Levers: map[string]string{"overtime": "1"}, Replications: 30, Client: "a"})
	if err != nil {
		t.Fatal(err)
	}
	ja := wait(t, s, a.WhatIf)
	b, err := s.Start(context.Background(), WhatIf{Scenario: "example-2017", Levers: map[string]string{"overtime": "1.0"}, Replications: 30, Client: "b"})
	if err != nil {
		t.Fatal(err)
	}
	if b.WhatIf == a.WhatIf {
		t.Fatal("another request, the same job: the request is not what the cache is keyed by")
	}
	jb := wait(t, s, b.WhatIf)
	if jb.state != Done || !jb.adopted || !bytes.Equal(jb.summary, ja.summary) {
		t.Errorf("the second request: %s, adopted %v, same summary %v; want done with the first's results", jb.state, jb.adopted, bytes.Equal(jb.summary, ja.summary))
	}
	if jb.done != 30 {
		t.Errorf("%d replications done, want 30", jb.done)
	}
}

// "The worst" regions are those with the largest backlog at the end of
// the baseline, which runs first.
func TestWorstRegions(t *testing.T) {
	s, _ := newServer(t, 2)
	ans, err := s.Start(context.Background(), WhatIf{Scenario: "example-2017", Levers: map[string]string{"ups": "3"},
		Regions: Selection{Mode: "worst", Worst: 2}, Client: "a"})
	if err != nil {
		t.Fatal(err)
	}
	b := wait(t, s, ans.Baseline)
	var sum map[string]any
	if err := json.Unmarshal(b.summary, &sum); err != nil {
		t.Fatal(err)
	}
	regions := sum["regions"].(map[string]any)
	var names []string
	for _, r := range b.sc.Regions {
		names = append(names, r.Name)
	}
	end := func(n string) float64 { return regions[n].(map[string]any)["backlog_end"].(float64) }
	// The two largest by summary.json, in scenario order.
	var want []string
	for _, n := range names {
		larger := 0
		for _, m := range names {
			if end(m) > end(n) {
				larger++
			}
		}
		if larger < 2 {
			want = append(want, "regions[name="+n+"].ups_hours=3")
		}
	}
	if strings.Join(ans.Sets, "\n") != strings.Join(want, "\n") {
		t.Errorf("the 2 worst: %q, want %q", ans.Sets, want)
	}
}

// Result folders made for downloads are bounded: beyond maxFolders the
// least recently used one goes, never one a request is still reading,
// and a folder that went is made again when asked for.
func TestFoldersBounded(t *testing.T) {
	s, h := newServer(t, 1)
	s.maxFolders = 2
	var ids []string
	for _, ups := range []string{"1", "2", "3"} {
		ans, err := s.Start(context.Background(), WhatIf{Scenario: "binjai-2017", Levers: map[string]string{"ups": ups}})
		if err != nil {
			t.Fatal(err)
		}
		wait(t, s, ans.WhatIf)
		ids = append(ids, ans.WhatIf)
	}
	folders := func() int {
		es, _ := os.ReadDir(filepath.Join(s.dir, "results"))
		return len(es)
	}
	zip := func(id string) {
		t.Helper()
		if w := do(h, "GET", "/api/jobs/"+id+"/result.zip", nil); w.Code != 200 || !strings.HasPrefix(w.Body.String(), "PK") {
			t.Fatalf("%s: %d %.60q", id, w.Code, w.Body.String())
		}
	}
	jobOf := func(id string) *job {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.jobs[id]
	}
	zip(ids[0])
	zip(ids[1])
	zip(ids[0]) // now ids[1] is the least recently used
	if n := folders(); n != 2 {
		t.Fatalf("%d folders after two what-ifs", n)
	}
	// A reader of ids[1]'s folder keeps it: ids[0]'s goes instead.
	_, release, err := s.folder(context.Background(), jobOf(ids[1]))
	if err != nil {
		t.Fatal(err)
	}
	zip(ids[2])
	release()
	if n := folders(); n != 2 {
		t.Errorf("%d folders after three what-ifs with at most 2", n)
	}
	key := func(id string) string {
		_, identity, _ := jobOf(id).yaml(context.Background())
		return strings.TrimPrefix(identity, "scenario-sha256:")[:16]
	}
	for i, want := range []bool{false, true, true} {
		_, err := os.Stat(filepath.Join(s.dir, "results", key(ids[i]), "summary.json"))
		if (err == nil) != want {
			t.Errorf("what-if %d's folder kept: %v, want %v", i, err == nil, want)
		}
	}
	zip(ids[0]) // made again; ids[1]'s goes now
	if n := folders(); n != 2 {
		t.Errorf("%d folders", n)
	}
}
