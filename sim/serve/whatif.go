package serve

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/results"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// WhatIf is what the page asks for: a scenario, lever values and the
// regions the regional levers act on.
type WhatIf struct {
	// Scenario is a shipped scenario's name, or "upload:ID" for one
	// uploaded to this server.
	Scenario string            `json:"scenario"`
	Levers   map[string]string `json:"levers"`
	Regions  Selection         `json:"regions"`
	// Seed and Replications override the scenario's when set ("" and 0
	// keep them).
	Seed         string `json:"seed"`
	Replications int    `json:"replications"`
	// Client names the page that asks; its new request cancels its
	// superseded one.
	Client string `json:"client"`
}

// Selection says which regions the regional levers act on.
type Selection struct {
	// Mode is "all", "names" (Names), "province" (Province) or "worst"
	// (the Worst regions with the largest backlog at the end of the
	// baseline).
	Mode     string   `json:"mode"`
	Names    []string `json:"names"`
	Province string   `json:"province"`
	Worst    int      `json:"worst"`
}

// Problem is one problem of a what-if, placed where the page shows it:
// beside the lever Lever (a lever key, "regions", "seed",
// "replications"), or, for an uploaded scenario, at Line and Col of its
// text.
type Problem struct {
	Lever string `json:"lever,omitempty"`
	Line  int    `json:"line,omitempty"`
	Col   int    `json:"col,omitempty"`
	Key   string `json:"key,omitempty"`
	Msg   string `json:"msg"`
}

// ProblemsError is a what-if with problems: nothing was run.
type ProblemsError []Problem

func (ps ProblemsError) Error() string {
	var lines []string
	for _, p := range ps {
		where := p.Lever
		if p.Line > 0 {
			where = fmt.Sprintf("line %d:%d", p.Line, p.Col)
		}
		lines = append(lines, fmt.Sprintf("%s: %s", where, p.Msg))
	}
	return strings.Join(lines, "\n")
}

// MaxReplications bounds the replications the page may ask for.
const MaxReplications = 200

// source is a scenario the server can load: its file in fsys (nil for
// the operating system's files, for the scenario given on the command
// line).
type source struct {
	name string // as the page names it
	file string
	fsys fs.FS
}

// load reads the source with the overrides sets, and the seed and
// replications overrides last, as runner.Load does for `ektpsim run`.
func (s source) load(sets []string, seed string, reps int) (*scenario.Scenario, error) {
	opt := scenario.Options{FS: s.fsys}
	for _, v := range sets {
		o, err := scenario.ParseOverride(v)
		if err != nil {
			return nil, err
		}
		opt.Set = append(opt.Set, o)
	}
	if seed != "" {
		opt.Set = append(opt.Set, scenario.Override{Path: "seed", Value: seed})
	}
	if reps > 0 {
		opt.Set = append(opt.Set, scenario.Override{Path: "replications", Value: strconv.Itoa(reps)})
	}
	sc, err := scenario.Load(s.file, opt)
	if err != nil {
		return nil, err
	}
	if err := model.CheckSize(sc); err != nil {
		return nil, err
	}
	return sc, nil
}

// chosen returns the indexes of the regions sel picks in sc; baseline is
// each region's backlog at the end of the baseline (for "worst"), nil if
// not known yet.
func chosen(sc *scenario.Scenario, sel Selection, baseline []float64) ([]int, error) {
	var idx []int
	switch sel.Mode {
	case "", "all":
		for i := range sc.Regions {
			idx = append(idx, i)
		}
	case "names":
		for _, n := range sel.Names {
			i := slices.IndexFunc(sc.Regions, func(r scenario.Region) bool { return r.Name == n })
			if i < 0 {
				return nil, fmt.Errorf("no region named %q in the scenario", n)
			}
			idx = append(idx, i)
		}
		if len(idx) == 0 {
			return nil, errors.New("choose at least one region")
		}
	case "province":
		for i, p := range results.Places(sc) {
			if p.Province == sel.Province {
				idx = append(idx, i)
			}
		}
		if len(idx) == 0 {
			return nil, fmt.Errorf("no region of the scenario is in province %q", sel.Province)
		}
	case "worst":
		n := sel.Worst
		if n <= 0 {
			n = 20
		}
		if baseline == nil {
			return nil, errors.New("the baseline has not run yet, so its worst regions are not known")
		}
		for i := range sc.Regions {
			idx = append(idx, i)
		}
		// Largest backlog first; ties to the region listed first.
		slices.SortStableFunc(idx, func(a, b int) int {
			switch {
			case baseline[a] > baseline[b]:
				return -1
			case baseline[a] < baseline[b]:
				return 1
			}
			return 0
		})
		idx = idx[:min(n, len(idx))]
		slices.Sort(idx)
	default:
		return nil, fmt.Errorf("unknown choice of regions %q", sel.Mode)
	}
	return idx, nil
}

// overrides turns the lever values of w into --set options against the
// baseline scenario base, with the lever each came from. A value equal
// to the scenario's own sets nothing.
func overrides(base *scenario.Scenario, w WhatIf, baseline []float64) (sets []string, from []string, ps ProblemsError) {
	var regions []int
	var regionsErr error
	regional := false
	// A key that is no lever, or a lever this scenario does not offer
	// (the page never sends those), is refused rather than ignored: the
	// run would silently be the baseline.
	known := map[string]bool{}
	for _, l := range Levers() {
		known[l.Key] = true
	}
	var keys []string
	for k := range w.Levers {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !known[k] {
			ps = append(ps, Problem{Lever: k, Msg: fmt.Sprintf("%q is not a lever", k)})
		}
	}
	for _, l := range Levers() {
		v, ok := w.Levers[l.Key]
		if !ok || strings.TrimSpace(v) == "" {
			continue
		}
		own := l.Value(base)
		if own == "" {
			ps = append(ps, Problem{Lever: l.Key, Msg: "this scenario has nothing this lever acts on"})
			continue
		}
		if strings.TrimSpace(v) == own {
			continue
		}
		if l.Regional && !regional {
			regional = true
			regions, regionsErr = chosen(base, w.Regions, baseline)
			if regionsErr != nil {
				ps = append(ps, Problem{Lever: "regions", Msg: regionsErr.Error()})
			}
		}
		if l.Regional && regionsErr != nil {
			continue
		}
		s, err := l.Sets(base, v, regions)
		if err != nil {
			ps = append(ps, Problem{Lever: l.Key, Msg: err.Error()})
			continue
		}
		for _, x := range s {
			sets = append(sets, x)
			from = append(from, l.Key)
		}
	}
	return sets, from, ps
}

// place turns the loader's problems into the page's: a problem of an
// override, or of a key an override set or lies under (a date removed by
// a value that is a comment), goes beside the lever that made it, one of
// the seed or replications beside those fields, the rest at their line.
// base names the regions, for overrides that select them by name.
func place(err error, sets, from []string, base *scenario.Scenario) error {
	var sps scenario.Problems
	if !errors.As(err, &sps) {
		return ProblemsError{{Msg: err.Error()}}
	}
	paths := make([]string, len(sets))
	for i, s := range sets {
		paths[i], _, _ = strings.Cut(s, "=")
		if base != nil {
			paths[i] = byIndex(paths[i], base)
		}
	}
	related := func(key, path string) bool {
		return key == path || strings.HasPrefix(path, key+".") || strings.HasPrefix(path, key+"[") ||
			strings.HasPrefix(key, path+".") || strings.HasPrefix(key, path+"[")
	}
	var ps ProblemsError
	for _, p := range sps {
		q := Problem{Key: p.Key, Msg: p.Msg, Line: p.Loc.Line, Col: p.Loc.Col}
		label, isSet := strings.CutPrefix(p.Loc.File, "--set ")
		for i, s := range sets {
			path, _, _ := strings.Cut(s, "=")
			if isSet && strings.HasPrefix(label, path+"=") || p.Key != "" && related(p.Key, paths[i]) {
				q.Lever = from[i]
				break
			}
		}
		switch {
		case q.Lever != "":
		case isSet && strings.HasPrefix(label, "seed="):
			q.Lever = "seed"
		case isSet && strings.HasPrefix(label, "replications="):
			q.Lever = "replications"
		}
		if q.Lever != "" {
			q.Line, q.Col = 0, 0
		}
		ps = append(ps, q)
	}
	return ps
}

// byIndex writes a region selected by name in a --set path by its index,
// as the loader's problems name it: regions[name=Kota Kupang].ups_hours is
// regions[2].ups_hours.
func byIndex(path string, base *scenario.Scenario) string {
	rest, ok := strings.CutPrefix(path, "regions[name=")
	if !ok {
		return path
	}
	name, after, ok := strings.Cut(rest, "]")
	if !ok {
		return path
	}
	for i, r := range base.Regions {
		if r.Name == name {
			return fmt.Sprintf("regions[%d]%s", i, after)
		}
	}
	return path
}
