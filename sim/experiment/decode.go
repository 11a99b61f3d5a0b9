package experiment

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/ektpsim/ektpsim/sim/scenario"
)

// MaxFileSize is the largest experiment file read: a list of edits is a
// few kilobytes; anything far larger is a wrong file.
const MaxFileSize = 1 << 20

// MaxVariants is the most variants one experiment runs; each is a whole
// run of the base.
const MaxVariants = 200

// Read reads an experiment file from fsys (nil: the operating system's
// files) and decodes it with Decode.
func Read(file string, fsys fs.FS) (*Experiment, error) {
	data, err := readFile(file, fsys)
	if err != nil {
		return nil, scenario.Problems{{Loc: scenario.Loc{File: file}, Msg: err.Error()}}
	}
	return Decode(file, data)
}

// readFile reads a whole regular file of at most MaxFileSize bytes,
// opened without blocking (a named pipe would otherwise wait forever).
func readFile(file string, fsys fs.FS) ([]byte, error) {
	var f fs.File
	var err error
	if fsys != nil {
		f, err = fsys.Open(path.Clean(filepath.ToSlash(file)))
	} else {
		f, err = os.OpenFile(file, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	}
	if err != nil {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, errors.New("no such file")
		case errors.Is(err, fs.ErrPermission):
			return nil, errors.New("permission denied (the file is not readable by you)")
		}
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, errors.New("is not a regular file; give the path of an experiment's .yaml file")
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("file is larger than %d MiB; an experiment is a few kilobytes of text", MaxFileSize>>20)
	}
	return data, nil
}

// Decode reads an experiment from the text of file. It checks the file's
// own shape and values: keys, kinds of edit, shifts and scales, names;
// what needs the base scenario (key paths, region names) is checked when
// the variants are resolved. On any problem it returns
// scenario.Problems, all of them, each with its place.
func Decode(file string, data []byte) (*Experiment, error) {
	e, ps := decode(file, data)
	if len(ps) > 0 {
		return nil, ps
	}
	return e, nil
}

// decode is Decode that also returns what could be read of a file with
// problems (nil if nothing): the variants without problems, so that
// theirs can be found too and every problem reported at once.
func decode(file string, data []byte) (*Experiment, scenario.Problems) {
	d := &decoder{file: file}
	e := d.experiment(data)
	if len(d.problems) > 0 {
		return e, d.problems.Sorted()
	}
	return e, nil
}

type decoder struct {
	file     string
	problems scenario.Problems
}

func (d *decoder) loc(n *yaml.Node) scenario.Loc {
	return scenario.Loc{File: d.file, Line: n.Line, Col: n.Column}
}

func (d *decoder) fail(n *yaml.Node, key, format string, args ...any) {
	d.problems = append(d.problems, scenario.Problem{Loc: d.loc(n), Key: key, Msg: fmt.Sprintf(format, args...)})
}

// The keys of each mapping of an experiment file.
var (
	topKeys       = []string{"name", "description", "base", "seed", "replications", "figures", "regions", "variants"}
	variantKeys   = []string{"name", "description", "edits"}
	editKeys      = []string{"set", "shift", "scale", "append", "value", "by", "not_before", "item", "regions"}
	selectionKeys = []string{"names", "province", "top", "by", "in"}
)

// fields checks a mapping's keys against known, reporting unknown keys
// (with the nearest known one), keys given twice and non-text keys, and
// returns the values by key.
func (d *decoder) fields(m *yaml.Node, path string, known []string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	first := map[string]int{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		sub := join(path, k.Value)
		if k.Kind != yaml.ScalarNode {
			d.fail(k, path, "a key is a word, e.g. name:")
			continue
		}
		if k.Tag == "!!merge" {
			d.fail(k, path, "YAML merge keys (<<) are not supported")
			continue
		}
		if line, dup := first[k.Value]; dup {
			d.fail(k, sub, "key given twice in one mapping (first at line %d); give it once", line)
			continue
		}
		first[k.Value] = k.Line
		if !contains(known, k.Value) {
			msg := fmt.Sprintf("unknown key %q", k.Value)
			if s := nearest(k.Value, known); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			} else {
				msg += "; the keys here are " + orList(known)
			}
			d.fail(k, sub, "%s", msg)
			continue
		}
		out[k.Value] = v
	}
	return out
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// orList joins "a", "b", "c" as "a, b or c".
func orList(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// nearest returns the name that begins with s, or else the one closest
// to s by edit distance, if within a third of s's length (at least 2),
// or "".
func nearest(s string, names []string) string {
	for _, n := range names {
		if len(s) >= 3 && strings.HasPrefix(strings.ToLower(n), strings.ToLower(s)) {
			return n
		}
	}
	best, limit := "", max(2, len(s)/3)+1
	for _, n := range names {
		if dd := scenario.EditDistance(strings.ToLower(s), strings.ToLower(n)); dd < limit {
			best, limit = n, dd
		}
	}
	return best
}

// text returns a scalar's text, or reports that it is not one line of
// text.
func (d *decoder) text(n *yaml.Node, key, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" || strings.TrimSpace(n.Value) == "" {
		d.fail(n, key, "expected %s", what)
		return "", false
	}
	if !printable(n.Value) {
		d.fail(n, key, "holds a control character (a line break, tab or the like); write one line of text")
		return "", false
	}
	return strings.TrimSpace(n.Value), true
}

func printable(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == utf8.RuneError {
			return false
		}
	}
	return true
}

func (d *decoder) experiment(data []byte) *Experiment {
	e := &Experiment{File: d.file}
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		d.problems = append(d.problems, scenario.Problem{Loc: scenario.Loc{File: d.file}, Msg: "not a text file; an experiment is YAML text"})
		return nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		d.problems = append(d.problems, scenario.SyntaxProblem(d.file, data, err))
		return nil
	}
	if len(doc.Content) == 0 {
		d.problems = append(d.problems, scenario.Problem{Loc: scenario.Loc{File: d.file}, Msg: "the file is empty; an experiment needs at least base: and variants:"})
		return nil
	}
	root := doc.Content[0]
	resolveAliases(root, map[*yaml.Node]bool{})
	if root.Kind != yaml.MappingNode {
		d.fail(root, "", "not an experiment file: an experiment is a mapping of keys (base:, variants: ...)")
		return nil
	}
	if scenarioFile(root) {
		d.problems = append(d.problems, scenario.Problem{Loc: scenario.Loc{File: d.file}, Msg: "this is a scenario, not an experiment; run it with ektpsim run, or write an experiment with base: naming it and variants:"})
		return nil
	}
	f := d.fields(root, "", topKeys)
	if n := f["name"]; n != nil {
		if s, ok := d.text(n, "name", "the experiment's name, e.g. name: blanks-earlier"); ok {
			if msg := scenario.ScenarioNameProblem("experiment-" + s); msg != "" {
				d.fail(n, "name", "%s", msg)
			} else {
				e.Name = s
			}
		}
	} else {
		e.Name = defaultName(d.file)
		if msg := scenario.ScenarioNameProblem("experiment-" + e.Name); msg != "" {
			d.problems = append(d.problems, scenario.Problem{Loc: scenario.Loc{File: d.file}, Key: "name", Msg: "the file's name cannot name the experiment's folder (" + msg + "); give name:"})
		}
	}
	if n := f["description"]; n != nil && n.Kind == yaml.ScalarNode {
		e.Description = strings.TrimSpace(n.Value)
	} else if n != nil {
		d.fail(n, "description", "expected text")
	}
	if n := f["base"]; n != nil {
		if s, ok := d.text(n, "base", "the baseline scenario: a path or a shipped scenario's name, e.g. base: national-2016-2018"); ok {
			e.Base, e.BaseLoc = s, d.loc(n)
		}
	} else {
		d.problems = append(d.problems, scenario.Problem{Loc: scenario.Loc{File: d.file}, Key: "base", Msg: "missing: name the baseline scenario, a path or a shipped scenario's name, e.g. base: national-2016-2018"})
	}
	if n := f["seed"]; n != nil {
		if v, err := strconv.ParseUint(strings.TrimSpace(n.Value), 10, 64); n.Kind != yaml.ScalarNode || err != nil {
			d.fail(n, "seed", "a seed is a whole number from 0 to %d", uint64(math.MaxUint64))
		} else {
			e.Seed = &v
		}
	}
	if n := f["replications"]; n != nil {
		v, err := strconv.Atoi(strings.TrimSpace(n.Value))
		if n.Kind != yaml.ScalarNode || err != nil || v < 1 || v > 100000 {
			d.fail(n, "replications", "replications must be a whole number between 1 and 100,000")
		} else {
			e.Replications = v
		}
	}
	e.Figures = []string{"backlog_end", "printed_total"}
	if n := f["figures"]; n != nil {
		e.Figures = nil
		if n.Kind == yaml.SequenceNode && len(n.Content) == 0 {
			d.fail(n, "figures", "an empty list, which would print no findings; name the figures, or leave figures: out for backlog_end and printed_total")
		}
		for i, c := range d.list(n, "figures", "a list of headline figures, e.g. [backlog_end, printed_total]") {
			key := fmt.Sprintf("figures[%d]", i)
			if s, ok := d.text(c, key, "a headline figure, e.g. backlog_end"); ok {
				if !contains(Figures(), s) {
					d.fail(c, key, "%s", unknownFigure(s))
					continue
				}
				e.Figures = append(e.Figures, s)
			}
		}
	}
	if n := f["regions"]; n != nil {
		for i, c := range d.list(n, "regions", "a list of region names, e.g. [Kota Kupang]") {
			if s, ok := d.text(c, fmt.Sprintf("regions[%d]", i), "a region's name"); ok {
				e.Regions, e.RegionLocs = append(e.Regions, s), append(e.RegionLocs, d.loc(c))
			}
		}
	}
	if n := f["variants"]; n != nil {
		vs := d.list(n, "variants", "a list of variants, each with a name and edits")
		if len(vs) == 0 && n.Kind == yaml.SequenceNode {
			d.fail(n, "variants", "no variants; give at least one, with a name and its edits")
		}
		if len(vs) > MaxVariants {
			d.fail(n, "variants", "%d variants, at most %d: each is a whole run; split the experiment", len(vs), MaxVariants)
			vs = nil
		}
		seen := map[string]int{}
		for i, c := range vs {
			v := d.variant(c, fmt.Sprintf("variants[%d]", i))
			if v == nil {
				continue
			}
			// Names that differ only in case would share a folder on
			// macOS and Windows.
			if j, dup := seen[strings.ToLower(v.Name)]; dup {
				msg := fmt.Sprintf("%q is also the name of variants[%d]; names must differ", v.Name, j)
				if vs := e.Variants; len(vs) > 0 && !slicesContainsName(vs, v.Name) {
					msg = fmt.Sprintf("%q differs from the name of variants[%d] only in case, and their folders would be one on macOS and Windows; names must differ", v.Name, j)
				}
				d.problems = append(d.problems, scenario.Problem{Loc: v.Loc, Key: fmt.Sprintf("variants[%d].name", i), Msg: msg})
				continue
			}
			seen[strings.ToLower(v.Name)] = i
			e.Variants = append(e.Variants, *v)
		}
	} else {
		d.problems = append(d.problems, scenario.Problem{Loc: scenario.Loc{File: d.file}, Key: "variants", Msg: "missing: give the variants, each with a name and its edits"})
	}
	return e
}

// scenarioFile reports whether a mapping is a scenario rather than an
// experiment: it has keys only a scenario has and no variants.
func scenarioFile(m *yaml.Node) bool {
	has := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		has[m.Content[i].Value] = true
	}
	if has["variants"] {
		return false
	}
	for _, k := range []string{"start", "end", "horizon", "central", "calendar", "defaults"} {
		if has[k] {
			return true
		}
	}
	return false
}

// defaultName is the experiment's name from its file: the base name
// without .experiment.yaml, .yaml or .yml.
func defaultName(file string) string {
	name := path.Base(filepath.ToSlash(file))
	for _, ext := range []string{".experiment.yaml", ".experiment.yml", ".yaml", ".yml"} {
		if s, ok := strings.CutSuffix(name, ext); ok {
			return s
		}
	}
	return name
}

// resolveAliases replaces each alias by the node it names.
func resolveAliases(n *yaml.Node, done map[*yaml.Node]bool) {
	if done[n] {
		return
	}
	done[n] = true
	for i, c := range n.Content {
		if c.Kind == yaml.AliasNode && c.Alias != nil {
			n.Content[i] = c.Alias
		}
		resolveAliases(n.Content[i], done)
	}
}

// list returns a sequence's items, or reports that n is not a list.
func (d *decoder) list(n *yaml.Node, key, what string) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		d.fail(n, key, "expected %s", what)
		return nil
	}
	return n.Content
}

// reserved are names a variant cannot take: the baseline's and those of
// the experiment folder's own files.
var reserved = []string{Baseline, "plots", "phone", "compare.csv", "paired.csv", "regions-compare.csv", "report.html", "experiment.yaml"}

func (d *decoder) variant(n *yaml.Node, path string) *Variant {
	if n.Kind != yaml.MappingNode {
		d.fail(n, path, "expected a variant: a mapping with name: and edits:")
		return nil
	}
	f := d.fields(n, path, variantKeys)
	v := &Variant{Loc: d.loc(n), Path: path}
	ok := true
	if nn := f["name"]; nn != nil {
		v.Loc = d.loc(nn)
		if s, good := d.text(nn, path+".name", "the variant's name, e.g. name: blanks-90d-earlier"); good {
			if msg := scenario.ScenarioNameProblem(s); msg != "" || strings.HasPrefix(s, "-") {
				if msg == "" {
					msg = "starts with -, which reads as a flag"
				}
				d.fail(nn, path+".name", "%s", msg)
				ok = false
			} else if contains(reserved, strings.ToLower(s)) {
				what := "file " + strings.ToLower(s)
				switch strings.ToLower(s) {
				case Baseline:
					what = "baseline run"
				case "plots", "phone":
					what = "folder of charts"
				}
				d.fail(nn, path+".name", "%q is taken by the experiment's own %s; choose another name", s, what)
				ok = false
			}
			v.Name = s
		} else {
			ok = false
		}
	} else {
		d.fail(n, path, "missing name: every variant is named (its result folder and its column in the comparison)")
		ok = false
	}
	if dn := f["description"]; dn != nil && dn.Kind == yaml.ScalarNode {
		v.Description = strings.TrimSpace(dn.Value)
	} else if dn != nil {
		d.fail(dn, path+".description", "expected text")
	}
	if en := f["edits"]; en != nil {
		sawOther := -1
		for i, c := range d.list(en, path+".edits", "a list of edits (set, shift, scale or append)") {
			ep := fmt.Sprintf("%s.edits[%d]", path, i)
			e := d.edit(c, ep)
			if e == nil {
				ok = false
				continue
			}
			if e.Kind == Set && sawOther >= 0 {
				d.fail(c, ep, "set edits come first in a variant (they apply to the base as --set does, before the other edits); move it above edits[%d]", sawOther)
				ok = false
			}
			if e.Kind != Set && sawOther < 0 {
				sawOther = i
			}
			v.Edits = append(v.Edits, *e)
		}
	}
	if en := f["edits"]; ok && len(v.Edits) == 0 {
		at := n
		if en != nil {
			at = en
		}
		// The variant is kept, so that its name is checked too.
		d.fail(at, path+".edits", "no edits: a variant without any runs as the baseline again, with the same random numbers; give it at least one edit (set, shift, scale or append)")
	}
	if !ok {
		return nil
	}
	return v
}

// edit decodes one edit: exactly one of set, shift, scale and append,
// with the keys that kind takes.
func (d *decoder) edit(n *yaml.Node, path string) *Edit {
	if n.Kind != yaml.MappingNode {
		d.fail(n, path, "expected an edit: a mapping such as {shift: central.blanks.deliveries, by: -90d}")
		return nil
	}
	before := len(d.problems)
	f := d.fields(n, path, editKeys)
	e := &Edit{Path: path}
	var kinds []string
	for k := Set; k <= Append; k++ {
		if kn := f[k.String()]; kn != nil {
			kinds = append(kinds, k.String())
			e.Kind = k
			if s, ok := d.text(kn, path+"."+k.String(), "a key path, e.g. central.blanks.deliveries"); ok {
				e.Key, e.KeyLoc = s, d.loc(kn)
			}
		}
	}
	switch len(kinds) {
	case 0:
		d.fail(n, path, "an edit says what it does: set, shift, scale or append, with the key it changes")
		return nil
	case 1:
	default:
		d.fail(n, path, "one edit does one thing, and this one says %s; write them as separate edits", orList(kinds))
		return nil
	}
	takes := map[Kind][]string{Set: {"value"}, Shift: {"by"}, Scale: {"by"}, Append: {"item"}}[e.Kind]
	for _, k := range []string{"value", "by", "item"} {
		if vn := f[k]; vn != nil && !contains(takes, k) {
			d.fail(vn, path+"."+k, "%s takes %s, not %s", e.Kind, strings.Join(takes, ", "), k)
		}
	}
	need := takes[0]
	vn := f[need]
	if vn == nil {
		d.fail(n, path, "%s needs %s: %s", e.Kind, need, map[Kind]string{
			Set: "the value, e.g. {set: central.intake_per_day, value: 100000}", Shift: "the move, e.g. {shift: central.blanks.deliveries, by: -90d}",
			Scale: "the factor, e.g. {scale: central.blanks.deliveries, by: x2}", Append: "the item, e.g. {append: sites, item: {name: district office, printers: 1}}"}[e.Kind])
	} else {
		switch e.Kind {
		case Set:
			e.Value, e.ValueLoc = vn, d.loc(vn)
		case Append:
			if vn.Kind == yaml.ScalarNode && vn.Tag == "!!null" {
				d.fail(vn, path+".item", "expected the item to append, e.g. a site {name: district office, printers: 1, cards_per_printer_per_day: 60}")
			}
			e.Value, e.ValueLoc = vn, d.loc(vn)
		case Shift:
			e.ByLoc = d.loc(vn)
			if days, err := parseShift(vn); err != nil {
				d.fail(vn, path+".by", "%v", err)
			} else {
				e.Days = days
			}
		case Scale:
			e.ByLoc = d.loc(vn)
			if x, err := parseScale(vn); err != nil {
				d.fail(vn, path+".by", "%v", err)
			} else {
				e.Factor = x
			}
		}
	}
	if nb := f["not_before"]; nb != nil {
		if e.Kind != Shift {
			d.fail(nb, path+".not_before", "not_before goes with shift")
		} else if t, ok := d.text(nb, path+".not_before", "start or a date, e.g. not_before: start"); ok {
			if _, err := scenario.ParseDate(t); err != nil && t != "start" {
				d.fail(nb, path+".not_before", "%q: write start (the scenario's first day) or a date, e.g. 2016-01-04", t)
			} else {
				e.NotBefore, e.NotBeforeLoc = t, d.loc(nb)
			}
		}
	}
	if rn := f["regions"]; rn != nil {
		e.Regions = d.selection(rn, path+".regions")
	}
	if len(d.problems) > before {
		return nil
	}
	return e
}

var shiftText = regexp.MustCompile(`^([+-]?)\s*(\d+)\s*([dw])$`)

// parseShift reads a move of dates: -90d, +2w, 30d.
func parseShift(n *yaml.Node) (int64, error) {
	s := strings.TrimSpace(n.Value)
	m := shiftText.FindStringSubmatch(s)
	if n.Kind != yaml.ScalarNode || m == nil {
		return 0, fmt.Errorf("%q is not a move of dates; write days or weeks with a sign, e.g. -90d (earlier) or +2w (later)", s)
	}
	v, err := strconv.ParseInt(m[2], 10, 64)
	if err != nil || v > 50*366 {
		return 0, fmt.Errorf("%q moves dates by more than 50 years", s)
	}
	if m[3] == "w" {
		v *= 7
	}
	if v == 0 {
		return 0, fmt.Errorf("%q moves nothing; write e.g. -90d (earlier) or +2w (later)", s)
	}
	if m[1] == "-" {
		v = -v
	}
	return v, nil
}

// parseScale reads a factor: x2, x0.5, ×1.5 or a bare number.
func parseScale(n *yaml.Node) (float64, error) {
	s := strings.TrimSpace(n.Value)
	t := strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(s, "x"), "X"), "×")
	v, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
	switch {
	case n.Kind != yaml.ScalarNode || err != nil || math.IsNaN(v) || strings.ContainsAny(t, "xX×"):
		return 0, fmt.Errorf("%q is not a factor; write e.g. x2 (twice) or x0.5 (half)", s)
	case math.IsInf(v, 0) || v > 1e6:
		return 0, fmt.Errorf("%q is more than x1,000,000", s)
	case v < 0:
		return 0, fmt.Errorf("%q is negative; a factor is more than 0, e.g. x2 or x0.5", s)
	case v == 0:
		return 0, fmt.Errorf("%q removes everything; to remove items set the key to [] instead", s)
	}
	return v, nil
}

func (d *decoder) selection(n *yaml.Node, path string) *Selection {
	if n.Kind != yaml.MappingNode {
		d.fail(n, path, "expected a selection of regions: {names: [...]}, {province: NAME} or {top: N, by: FIGURE, in: baseline}")
		return nil
	}
	f := d.fields(n, path, selectionKeys)
	s := &Selection{Loc: d.loc(n), Path: path}
	if nn := f["names"]; nn != nil {
		items := d.list(nn, path+".names", "a list of region names")
		if len(items) == 0 && nn.Kind == yaml.SequenceNode {
			d.fail(nn, path+".names", "an empty list selects no region; name at least one")
		}
		for i, c := range items {
			if t, ok := d.text(c, fmt.Sprintf("%s.names[%d]", path, i), "a region's name"); ok {
				s.Names, s.NameLocs = append(s.Names, t), append(s.NameLocs, d.loc(c))
			}
		}
	}
	if pn := f["province"]; pn != nil {
		if t, ok := d.text(pn, path+".province", "a province's name, e.g. Nusa Tenggara Timur"); ok {
			s.Province, s.provinceLoc = t, d.loc(pn)
		}
	}
	tn, bn, in := f["top"], f["by"], f["in"]
	if tn != nil {
		s.topLoc = d.loc(tn)
		v, err := strconv.Atoi(strings.TrimSpace(tn.Value))
		if tn.Kind != yaml.ScalarNode || err != nil || v < 1 {
			d.fail(tn, path+".top", "top is how many regions to take, a whole number 1 or more, e.g. top: 20")
		} else {
			s.Top = v
		}
		if bn == nil {
			d.fail(tn, path, "top needs by: the figure that ranks the regions, e.g. by: backlog_end")
		}
	}
	if bn != nil {
		if tn == nil {
			d.fail(bn, path+".by", "by ranks regions for top; give top: N too")
		}
		if t, ok := d.text(bn, path+".by", "a headline figure, e.g. backlog_end"); ok {
			if !contains(Figures(), t) {
				d.fail(bn, path+".by", "%s", unknownFigure(t))
			} else {
				s.By = t
			}
		}
	}
	s.In = Baseline
	if in != nil {
		if t, ok := d.text(in, path+".in", "the run that ranks, baseline"); ok && t != Baseline {
			d.fail(in, path+".in", "%q: regions are ranked in the baseline's result; write in: baseline", t)
		}
		if tn == nil {
			d.fail(in, path+".in", "in says whose result ranks for top; give top: N and by: FIGURE too")
		}
	}
	if f["names"] == nil && f["province"] == nil && tn == nil {
		d.fail(n, path, "an empty selection; give names: [...], province: NAME or top: N with by: FIGURE")
	}
	return s
}

func unknownFigure(s string) string {
	msg := fmt.Sprintf("%q is not a headline figure", s)
	if n := nearest(s, Figures()); n != "" {
		msg += fmt.Sprintf("; did you mean %q?", n)
	}
	return msg + "; the figures are " + strings.Join(Figures(), ", ")
}

// slicesContainsName says whether a variant of vs is named name exactly.
func slicesContainsName(vs []Variant, name string) bool {
	for _, v := range vs {
		if v.Name == name {
			return true
		}
	}
	return false
}
