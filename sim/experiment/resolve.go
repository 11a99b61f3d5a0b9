package experiment

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/ektpsim/ektpsim/sim/runner"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// plan is an experiment made ready to resolve its variants against its
// base scenario.
type plan struct {
	exp *Experiment
	// baseFile is the base as runner.Load takes it (a path, or a shipped
	// scenario's name).
	baseFile  string
	base      *scenario.Scenario // the base, resolved, without edits
	provinces []string           // of each region of base
	// replications, when > 0, replace the experiment's (the command
	// line's --replications).
	replications int
	// tmp is a private folder for the variants' scenario files.
	tmp string
	// ready are the runs resolved before the baseline ran, by name.
	ready map[string]*resolved
}

// ranking is each region's figures in the baseline's result (means over
// replications), by figure and region name; nil until the baseline ran.
type ranking map[string]map[string]float64

// resolved is a variant's scenario, ready to run.
type resolved struct {
	name string
	file string // its scenario file, in plan.tmp
	text []byte
	// selected are the regions (indices into base.Regions) its edits
	// with a selection applied to, in the scenario's order.
	selected []int
}

// baseOf says where the base of an experiment read from file is read
// from: a file of that path from the experiment's folder when there is
// one; else a shipped scenario of that name. ok is false when it is
// neither.
func baseOf(e *Experiment, shipped bool) (string, bool) {
	if !shipped {
		p := e.Base
		if !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(e.File), p)
		}
		if _, err := os.Stat(p); err == nil || strings.ContainsAny(e.Base, `/\`) {
			return p, err == nil
		}
	}
	if _, embedded := runner.Resolve(e.Base); embedded && !strings.ContainsAny(e.Base, `/\`) {
		return e.Base, true
	}
	return e.Base, false
}

// newPlan loads the experiment's base and checks the regions of interest
// against it. With problems of those it returns the plan too.
func newPlan(e *Experiment, shipped bool, replications int) (*plan, error) {
	file, ok := baseOf(e, shipped)
	if !ok {
		msg := fmt.Sprintf("%s: no such file (from the experiment's folder), nor a shipped scenario of that name", e.Base)
		if shipped {
			msg = fmt.Sprintf("%q is not a shipped scenario; a shipped experiment builds on one", e.Base)
		}
		if n := nearest(strings.TrimSuffix(e.Base, ".yaml"), shippedNames()); n != "" {
			msg += fmt.Sprintf("; did you mean %q?", n)
		}
		return nil, scenario.Problems{{Loc: e.BaseLoc, Key: "base", Msg: msg}}
	}
	sc, err := runner.Load(runner.Config{Scenario: file})
	if exp, ok := scenario.ExperimentFile(err); ok {
		// base: names an experiment, perhaps this one: say so at base:.
		msg := fmt.Sprintf("%s is an experiment file (it has variants:), not a scenario; base: names the scenario the variants edit, a path or a shipped name", e.Base)
		if a, b := statOf(exp), statOf(e.File); !shipped && a != nil && b != nil && os.SameFile(a, b) {
			msg = "names this experiment file itself; base: names the scenario the variants edit, a path or a shipped name"
		}
		return nil, scenario.Problems{{Loc: e.BaseLoc, Key: "base", Msg: msg}}
	}
	if err != nil {
		return nil, err
	}
	p := &plan{exp: e, baseFile: file, base: sc, provinces: provinces(sc), replications: replications}
	var ps scenario.Problems
	for i, r := range e.Regions {
		if _, err := p.region(r); err != nil {
			ps = append(ps, scenario.Problem{Loc: e.RegionLocs[i], Key: fmt.Sprintf("regions[%d]", i), Msg: err.Error()})
		}
	}
	if len(ps) > 0 {
		return p, ps // the plan, for the variants' problems to be found too
	}
	return p, nil
}

// statOf is path's file information, nil if it cannot be read.
func statOf(path string) os.FileInfo {
	fi, err := os.Stat(path)
	if err != nil {
		return nil
	}
	return fi
}

func shippedNames() []string {
	var names []string
	for _, n := range runner.Shipped() {
		names = append(names, strings.TrimSuffix(n, ".yaml"))
	}
	return names
}

// region returns the index of the base's region of that name.
func (p *plan) region(name string) (int, error) {
	var names []string
	for i, r := range p.base.Regions {
		if r.Name == name {
			return i, nil
		}
		names = append(names, r.Name)
	}
	msg := fmt.Sprintf("the base %s has no region %q", p.base.Name, name)
	if n := nearest(name, names); n != "" {
		msg += fmt.Sprintf("; did you mean %q?", n)
	}
	return 0, errors.New(msg)
}

// selectRegions returns the regions a selection picks, in the
// scenario's order. Before the baseline has run (rank nil), top takes the
// first regions that pass the filters, so that the rest of the variant
// can be checked.
func (p *plan) selectRegions(s *Selection, rank ranking) ([]int, scenario.Problems) {
	var ps scenario.Problems
	bad := func(loc scenario.Loc, key, format string, a ...any) {
		ps = append(ps, scenario.Problem{Loc: loc, Key: key, Msg: fmt.Sprintf(format, a...)})
	}
	keep := make([]bool, len(p.base.Regions))
	for i := range keep {
		keep[i] = true
	}
	if s.Names != nil {
		named := make([]bool, len(keep))
		for j, n := range s.Names {
			i, err := p.region(n)
			if err != nil {
				bad(s.NameLocs[j], fmt.Sprintf("%s.names[%d]", s.Path, j), "%v", err)
				continue
			}
			named[i] = true
		}
		for i := range keep {
			keep[i] = keep[i] && named[i]
		}
	}
	if s.Province != "" {
		any := false
		var known []string
		for i, pr := range p.provinces {
			in := strings.EqualFold(pr, s.Province)
			any = any || in
			keep[i] = keep[i] && in
			if pr != "" && !contains(known, pr) {
				known = append(known, pr)
			}
		}
		if !any {
			msg := fmt.Sprintf("no region of %s is in the province %q", p.base.Name, s.Province)
			switch n := nearest(s.Province, known); {
			case len(known) == 0:
				msg += " (none of its regions has a code of data/regions.csv, which gives the provinces)"
			case n != "":
				msg += fmt.Sprintf("; did you mean %q?", n)
			}
			bad(s.provinceLoc, s.Path+".province", "%s", msg)
		}
	}
	if len(ps) > 0 {
		return nil, ps
	}
	var out []int
	for i, k := range keep {
		if k {
			out = append(out, i)
		}
	}
	if len(out) == 0 {
		bad(s.Loc, s.Path, "the selection matches no region: no region passes every filter given")
		return nil, ps
	}
	if s.Top > 0 {
		if s.Top > len(out) {
			bad(s.topLoc, s.Path+".top", "top %d, but only %d region(s) of %s pass the other filters", s.Top, len(out), p.base.Name)
			return nil, ps
		}
		if rank != nil {
			fig := rank[s.By]
			value := func(i int) float64 {
				v, ok := fig[p.base.Regions[i].Name]
				if !ok || math.IsNaN(v) {
					return math.Inf(-1)
				}
				return v
			}
			sort.SliceStable(out, func(a, b int) bool { return value(out[a]) > value(out[b]) })
		}
		out = out[:s.Top]
		sort.Ints(out)
	}
	return out, nil
}

// overrideOf is a set edit as --set KEY=VALUE.
func overrideOf(key string, value *yaml.Node) (string, error) {
	v := copyTree(value)
	setFlow(v)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	enc.Close()
	text := strings.TrimSuffix(buf.String(), "\n")
	return key + "=" + text, nil
}

func setFlow(n *yaml.Node) {
	if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
		n.Style |= yaml.FlowStyle
	}
	for _, c := range n.Content {
		setFlow(c)
	}
}

// regionKey is the key path of region i of the base, for --set.
func (p *plan) regionKey(i int) string {
	if n := p.base.Regions[i].Name; !strings.ContainsAny(n, "[]=") {
		return "regions[name=" + n + "]"
	}
	return fmt.Sprintf("regions[%d]", i)
}

// variant resolves a variant (nil: the baseline) into the scenario it
// runs: the base with its set edits as --set, then its other edits in
// order, then the experiment's name, seed and replications. Problems are
// placed in the experiment file where they can be: at the edit that
// caused them.
func (p *plan) variant(v *Variant, rank ranking) (*resolved, error) {
	name, edits := Baseline, []Edit(nil)
	if v != nil {
		name, edits = v.Name, v.Edits
	}
	var ps scenario.Problems
	bad := func(loc scenario.Loc, key, format string, a ...any) {
		ps = append(ps, scenario.Problem{Loc: loc, Key: key, Msg: fmt.Sprintf(format, a...)})
	}
	out := &resolved{name: name}
	// Every edit's regions, and the --set options of the set edits.
	regions := make([][]int, len(edits))
	var sets []string
	setOf := map[string]*Edit{}
	for i := range edits {
		e := &edits[i]
		t := scenarioType
		if e.Regions != nil {
			t = regionType
			sel, sps := p.selectRegions(e.Regions, rank)
			ps = append(ps, sps...)
			regions[i] = sel
			out.selected = union(out.selected, sel)
		}
		if _, err := checkKey(t, e.Key); err != nil {
			bad(e.KeyLoc, e.Path+"."+e.Kind.String(), "%v", err)
			continue
		}
		if e.Kind != Set {
			continue
		}
		keys := []string{e.Key}
		if e.Regions != nil {
			keys = nil
			for _, r := range regions[i] {
				keys = append(keys, p.regionKey(r)+"."+e.Key)
			}
		}
		for _, k := range keys {
			o, err := overrideOf(k, e.Value)
			if err != nil {
				bad(e.ValueLoc, e.Path+".value", "%v", err)
				continue
			}
			sets = append(sets, o)
			setOf["--set "+k+"="] = e
		}
	}
	if len(ps) > 0 {
		return nil, ps.Sorted()
	}
	sc := p.base
	if len(sets) > 0 {
		var err error
		if sc, err = runner.Load(runner.Config{Scenario: p.baseFile, Set: sets}); err != nil {
			return nil, placeSets(err, setOf)
		}
	}
	text, err := scenario.Marshal(sc)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		return nil, err
	}
	root := doc.Content[0]
	regionsNode := valueOf(root, "regions")
	for i := range edits {
		e := &edits[i]
		if e.Kind == Set {
			continue
		}
		type place struct {
			n    *yaml.Node
			t    reflect.Type
			path string
		}
		places := []place{{root, scenarioType, ""}}
		if e.Regions != nil {
			places = nil
			for _, r := range regions[i] {
				places = append(places, place{regionsNode.Content[r], regionType, p.regionKey(r)})
			}
		}
		var early []moved
		var empty error // the first selected region with nothing to change
		changed := false
		for _, pl := range places {
			tg, err := locate(pl.n, pl.t, pl.path, e.Key, e.Kind == Append)
			if err == nil {
				switch e.Kind {
				case Shift:
					var ms []moved
					start, _ := scenario.ParseDate(valueOf(root, "start").Value)
					floor := time.Time{}
					switch e.NotBefore {
					case "":
					case "start":
						floor = start.Time()
					default:
						d, _ := scenario.ParseDate(e.NotBefore)
						floor = d.Time()
					}
					ms, err = shift(tg, e.Days, floor)
					if e.Key == "start" || strings.HasPrefix(e.Key, "start.") {
						start, _ = scenario.ParseDate(valueOf(root, "start").Value)
					}
					for _, m := range ms {
						if m.to.Unix()/86400 < start.Days() {
							early = append(early, m)
						}
					}
				case Scale:
					err = scale(tg, e.Factor)
				case Append:
					err = appendItem(tg, e.Value)
				}
			}
			var none nothingHere
			if errors.As(err, &none) && len(places) > 1 {
				if empty == nil {
					empty = err
				}
				continue
			}
			if err != nil {
				bad(e.KeyLoc, e.Path, "%v", err)
				break
			}
			changed = true
		}
		if empty != nil && !changed {
			bad(e.KeyLoc, e.Path, "none of the %d selected regions has anything to %s there (%v)", len(places), e.Kind, empty)
		}
		if len(early) > 0 {
			m := early[0]
			more := ""
			if len(early) > 1 {
				more = fmt.Sprintf(" (and %d more date(s))", len(early)-1)
			}
			bad(e.ByLoc, e.Path+".by", "%+dd moves %s from %s to %s, before the scenario's start %s%s; shift by less, or add not_before: start to put such dates on the first day",
				e.Days, m.path, m.from.Format("2006-01-02"), m.to.Format("2006-01-02"), valueOf(root, "start").Value, more)
		}
	}
	if len(ps) > 0 {
		return nil, ps.Sorted()
	}
	// The run's own name, seed and replications.
	setScalar(root, "name", name, yaml.DoubleQuotedStyle)
	about := fmt.Sprintf("Experiment %s, %s: %s with the experiment's edits.", p.exp.Name, name, p.base.Name)
	if v == nil {
		about = fmt.Sprintf("Experiment %s, the baseline: %s as it is.", p.exp.Name, p.base.Name)
	} else if v.Description != "" {
		about = fmt.Sprintf("Experiment %s, %s: %s", p.exp.Name, name, v.Description)
	}
	setScalar(root, "description", about, yaml.DoubleQuotedStyle)
	if p.exp.Seed != nil {
		setScalar(root, "seed", strconv.FormatUint(*p.exp.Seed, 10), 0)
	}
	reps := p.exp.Replications
	if p.replications > 0 {
		reps = p.replications
	}
	if reps > 0 {
		setScalar(root, "replications", strconv.Itoa(reps), 0)
	}
	if out.text, err = encodeTree(root); err != nil {
		return nil, err
	}
	out.file = filepath.Join(p.tmp, name+".yaml")
	if err := os.WriteFile(out.file, out.text, 0o666); err != nil {
		return nil, err
	}
	// The variant's scenario is checked whole, as run will read it.
	if _, err := runner.Load(runner.Config{Scenario: out.file}); err != nil {
		return nil, p.placeResolved(err, v, out.file)
	}
	return out, nil
}

func union(a, b []int) []int {
	seen := map[int]bool{}
	for _, x := range a {
		seen[x] = true
	}
	for _, x := range b {
		if !seen[x] {
			a = append(a, x)
		}
	}
	sort.Ints(a)
	return a
}

func setScalar(m *yaml.Node, key, value string, style yaml.Style) {
	setValue(m, key, &yaml.Node{Kind: yaml.ScalarNode, Value: value, Style: style})
}

// placeSets places the problems of set edits (named by --set KEY=VALUE)
// at the edits in the experiment file.
func placeSets(err error, setOf map[string]*Edit) error {
	var ps scenario.Problems
	if !errors.As(err, &ps) {
		return err
	}
	out := make(scenario.Problems, len(ps))
	for i, p := range ps {
		out[i] = p
		for label, e := range setOf {
			if strings.HasPrefix(p.Loc.File, label) {
				out[i] = scenario.Problem{Loc: e.ValueLoc, Key: e.Path + ".set", Msg: p.Key + ": " + p.Msg}
				if p.Key == "" {
					out[i].Msg = p.Msg
				}
				break
			}
		}
	}
	return out.Sorted()
}

// placeResolved places the problems of a variant's resolved scenario at
// the variant in the experiment file, saying which key of the scenario
// is wrong.
func (p *plan) placeResolved(err error, v *Variant, file string) error {
	var ps scenario.Problems
	if !errors.As(err, &ps) {
		return err
	}
	loc, key := p.exp.BaseLoc, "base"
	if v != nil {
		loc, key = v.Loc, v.Path
	}
	out := make(scenario.Problems, len(ps))
	for i, q := range ps {
		msg := q.Msg
		if q.Key != "" {
			msg = q.Key + ": " + msg
		}
		if q.Loc.File != file {
			out[i] = q
			continue
		}
		out[i] = scenario.Problem{Loc: loc, Key: key, Msg: "the edited scenario: " + msg}
	}
	return out.Sorted()
}

// encodeTree writes a resolved scenario's tree as YAML. As in
// scenario.Marshal, the regions are encoded one at a time and indented
// into place: yaml.v3 keeps every event of one document until its end.
func encodeTree(root *yaml.Node) ([]byte, error) {
	head := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	var regions *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "regions" {
			regions = root.Content[i+1]
			continue
		}
		head.Content = append(head.Content, root.Content[i], root.Content[i+1])
	}
	var buf bytes.Buffer
	buf.WriteString("# Resolved by ektpsim experiment: the base with the variant's edits.\n")
	if err := encodeNode(&buf, head); err != nil {
		return nil, err
	}
	if regions == nil || len(regions.Content) == 0 {
		buf.WriteString("regions: []\n")
		return buf.Bytes(), nil
	}
	buf.WriteString("regions:\n")
	var one bytes.Buffer
	for _, r := range regions.Content {
		one.Reset()
		if err := encodeNode(&one, &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{r}}); err != nil {
			return nil, err
		}
		for _, line := range bytes.SplitAfter(one.Bytes(), []byte("\n")) {
			if len(line) > 0 {
				buf.WriteString("  ")
				buf.Write(line)
			}
		}
	}
	return buf.Bytes(), nil
}

func encodeNode(w *bytes.Buffer, n *yaml.Node) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return err
	}
	return enc.Close()
}
