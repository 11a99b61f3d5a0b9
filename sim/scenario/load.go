package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/ektpsim/ektpsim/scenarios"
)

// MaxFileSize is the largest scenario file read. A national scenario of
// every kabupaten/kota is well under a megabyte; anything far larger is a
// wrong file, and reading it whole would only waste memory.
const MaxFileSize = 16 << 20

// Override sets the value at a dotted key path, as `--set` does:
// `central.intake_per_day=100000`, `regions[name=Kota Binjai].blanks.stock=8000`,
// `regions[0].sites[1].printers=2`. The value is read as YAML.
type Override struct {
	Path, Value string
}

// ParseOverride splits KEY=VALUE.
func ParseOverride(s string) (Override, error) {
	i := -1
	if eqs := outsideBrackets(s, '='); len(eqs) > 0 {
		i = eqs[0]
	}
	if i <= 0 || strings.TrimSpace(s[:i]) == "" {
		return Override{}, fmt.Errorf("--set %q: write KEY=VALUE, e.g. central.intake_per_day=100000", s)
	}
	return Override{Path: strings.TrimSpace(s[:i]), Value: s[i+1:]}, nil
}

// Options adjust how a scenario is loaded.
type Options struct {
	// FS, when set, is where the file and its base files are read from
	// (the embedded scenarios); otherwise the operating system's files.
	FS fs.FS
	// Set holds overrides applied after base files: those of defaults
	// before the defaults are merged into the regions, the rest after.
	Set []Override
	// Shipped holds the shipped scenarios, which a base: may name from
	// any folder (base: national-2016-2018) when no file of that name is
	// beside the file that names it; nil means the scenarios embedded in
	// the binary (scenarios.FS).
	Shipped fs.FS
}

// shipped is the file system of the shipped scenarios.
func (o Options) shipped() fs.FS {
	if o.Shipped != nil {
		return o.Shipped
	}
	return scenarios.FS
}

// Load reads, resolves, decodes and checks a scenario, then applies the
// defaults derived from other keys (ApplyDefaults). On any problem it
// returns Problems listing all of them.
func Load(file string, opt Options) (*Scenario, error) {
	v, err := decodeFile(file, opt)
	if err != nil {
		return nil, err
	}
	v.check()
	if len(v.d.problems) > 0 {
		return nil, v.d.problems.tidy()
	}
	sc := v.sc
	sc.ApplyDefaults()
	sc.Defaults = nil
	sc.Base = ""
	return sc, nil
}

// decodeFile reads, resolves and decodes a scenario over Default, and
// returns the validator that checks it: the scenario as written, before
// validation and ApplyDefaults.
func decodeFile(file string, opt Options) (*validator, error) {
	l := &loader{opt: opt, origin: map[*yaml.Node]string{}}
	root, err := l.resolve(file, l.opt.FS, nil)
	if err != nil {
		// Report what was found before the file that could not be read.
		var ps Problems
		if errors.As(err, &ps) {
			return nil, append(l.problems, ps...).tidy()
		}
		return nil, err
	}
	// Overrides of defaults apply before the defaults reach the regions;
	// the rest after, so that --set can reach a region's key that only
	// its defaults gave it (regions[name=B].sites[0].printers). A bad
	// override is reported with the rest and does not stop the others.
	apply := func(defaults bool) {
		for _, o := range opt.Set {
			if (o.Path == "defaults" || strings.HasPrefix(o.Path, "defaults.")) != defaults {
				continue
			}
			if err := l.set(root, o); err != nil {
				l.problems = append(l.problems, Problem{Loc: Loc{File: setLabel(o)}, Key: o.Path, Msg: err.Error()})
			}
		}
	}
	tooBig := func() bool {
		if expandedSize(root, maxValues) < maxValues {
			return false
		}
		l.problems = append(l.problems, Problem{Loc: Loc{File: file}, Msg: fmt.Sprintf("the scenario expands to more than %d values (through YAML aliases, or defaults copied into every region?); a national scenario has well under a million", maxValues)})
		return true
	}
	apply(true)
	if tooBig() {
		return nil, l.problems.tidy()
	}
	l.expandDefaults(root)
	apply(false)
	// Sized again once defaults are in every region: that is the work
	// decoding does.
	if tooBig() {
		return nil, l.problems.tidy()
	}
	sc := Default()
	d := &decoder{origin: l.origin, problems: l.problems}
	d.decode(root, reflect.ValueOf(sc).Elem(), "", limit{})
	nameFromFile := sc.Name == ""
	if nameFromFile {
		sc.Name = strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	}
	return &validator{sc: sc, d: d, file: file, root: root, nameFromFile: nameFromFile}, nil
}

// setLabel is how problems of an override name it: --set KEY=VALUE, the
// value cut short when long and quoted when it is not one line of text.
func setLabel(o Override) string {
	v := o.Value
	quote := !printable(v)
	if len(v) > 40 {
		cut := 40
		for cut > 0 && !utf8.RuneStart(v[cut]) {
			cut--
		}
		v = v[:cut] + "..."
	}
	if quote {
		v = strconv.Quote(v)
	}
	return "--set " + o.Path + "=" + v
}

type loader struct {
	opt    Options
	origin map[*yaml.Node]string
	// problems found while reading that do not stop loading (a key given
	// twice, a bad --set), reported with the decoder's.
	problems Problems
}

// copyNode returns a shallow copy of n (its own list of children) that
// keeps n's origin, for changing a tree whose nodes may be shared.
func (l *loader) copyNode(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = append([]*yaml.Node(nil), n.Content...)
	l.origin[&c] = l.origin[n]
	return &c
}

// errNotRegular is a path that names a directory, a named pipe, a device
// or a socket: reading one could block forever or never end.
type errNotRegular struct{ mode fs.FileMode }

func (e errNotRegular) Error() string {
	what := "not a regular file"
	switch {
	case e.mode.IsDir():
		what = "a folder"
	case e.mode&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case e.mode&fs.ModeDevice != 0:
		what = "a device"
	case e.mode&fs.ModeSocket != 0:
		what = "a socket"
	}
	return "is " + what + ", not a scenario file; give the path of a .yaml file"
}

// read reads a whole scenario file from fsys (nil: the operating
// system's files). Only a regular file is read: the path is checked
// before opening, opened without blocking (a named pipe with no writer
// would otherwise wait forever), and checked again once open.
func (l *loader) read(file string, fsys fs.FS) ([]byte, error) {
	var f fs.File
	var err error
	var info fs.FileInfo
	if fsys != nil {
		name := path.Clean(filepath.ToSlash(file))
		if info, err = fs.Stat(fsys, name); err == nil && !info.Mode().IsRegular() {
			return nil, errNotRegular{info.Mode()}
		}
		f, err = fsys.Open(name)
	} else {
		if info, err = os.Stat(file); err == nil && !info.Mode().IsRegular() {
			return nil, errNotRegular{info.Mode()}
		}
		f, err = os.OpenFile(file, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, errNotRegular{info.Mode()}
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("file is larger than %d MiB; a scenario is text of a few hundred KiB at most", MaxFileSize>>20)
	}
	return data, nil
}

// SyntaxProblem is the located problem of a file that yaml.v3 could not
// parse (err from yaml.Unmarshal): FILE:LINE:1: not valid YAML: its
// message. yaml.v3 counts the lines of its parser's errors from 0 (the
// line where the unclosed mapping or list began, or of the problem), and
// of its scanner's from 1: the parser's are moved on by one; an unclosed
// "[" or "{" is put on its own line, found by reading data (unclosedFlow);
// a problem found past the end of data is put on its last line that holds
// anything.
func SyntaxProblem(file string, data []byte, err error) Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if slices.Contains(parserErrors, msg) {
		line++
	}
	if strings.HasPrefix(msg, "did not find expected ',' or ") {
		// yaml.v3 names the line before the unclosed bracket, or where
		// it gave up when the bracket is on the first line: the bracket
		// itself is found by reading the file.
		if at := unclosedFlow(data); at > 0 {
			line = at
		}
	}
	if last := bytes.Count(bytes.TrimRight(data, " \t\r\n"), []byte("\n")) + 1; line > last {
		line = last
	}
	return Problem{Loc: Loc{File: file, Line: line, Col: 1}, Msg: "not valid YAML: " + quotedName.ReplaceAllString(msg, "$1")}
}

// unclosedFlow is the line of the innermost "[" or "{" of a flow
// collection that data leaves unclosed (or closes with the other
// bracket), 0 if none: quoted text and comments are skipped, and a
// bracket counts only where a flow may open (after a key's ": ", a list's
// "- ", at the start of a line, or inside another flow).
func unclosedFlow(data []byte) int {
	type open struct {
		c    byte
		line int
	}
	var stack []open
	line := 1
	prev := byte('\n') // the last character that is not a space
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '\n':
			line++
			if len(stack) == 0 {
				prev = '\n'
			}
			continue
		case c == ' ' || c == '\t' || c == '\r':
			continue
		case c == '#' && (i == 0 || data[i-1] == ' ' || data[i-1] == '\t' || data[i-1] == '\n'):
			for i < len(data) && data[i] != '\n' {
				i++
			}
			i--
			continue
		case (c == '"' || c == '\'') && (len(stack) > 0 || prev == ':' || prev == '-' || prev == '\n'):
			for i++; i < len(data) && data[i] != c; i++ {
				if data[i] == '\\' && c == '"' {
					i++
				} else if data[i] == '\n' {
					line++
				}
			}
		case (c == '[' || c == '{') && (len(stack) > 0 || prev == ':' || prev == '-' || prev == '\n'):
			stack = append(stack, open{c, line})
		case (c == ']' || c == '}') && len(stack) > 0:
			top := stack[len(stack)-1]
			if top.c == '[' && c != ']' || top.c == '{' && c != '}' {
				return top.line
			}
			stack = stack[:len(stack)-1]
		}
		prev = c
	}
	if len(stack) > 0 {
		return stack[len(stack)-1].line
	}
	return 0
}

// parserErrors are the messages of yaml.v3's parser (parserc.go), whose
// lines it counts from 0; its scanner's count from 1.
var parserErrors = []string{
	"did not find expected <document start>",
	"did not find expected node content",
	"did not find expected key",
	"did not find expected '-' indicator",
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"found undefined tag handle",
}

var (
	yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	// quotedName is a name yaml quotes in a message (an anchor's); it is
	// left out so that no text of a file that is not a scenario is shown.
	quotedName = regexp.MustCompile(`(anchor) '[^']*'`)
)

// parse reads one file into its root mapping node. Nothing of the file's
// text is quoted in its messages until it is known to be a scenario (a
// mapping with scenario keys): a wrong file named by base: may hold
// secrets.
func (l *loader) parse(file string, fsys fs.FS) (*yaml.Node, error) {
	data, err := l.read(file, fsys)
	if err != nil {
		return nil, Problems{{Loc: Loc{File: file}, Msg: readMessage(err)}}
	}
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return nil, Problems{{Loc: Loc{File: file}, Msg: "not a text file; a scenario is YAML text"}}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, Problems{SyntaxProblem(file, data, err)}
	}
	if len(doc.Content) == 0 {
		return nil, Problems{{Loc: Loc{File: file}, Msg: "the file is empty; a scenario needs at least start, end and regions"}}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		what := "a single value"
		if root.Kind == yaml.SequenceNode {
			what = "a list"
		}
		return nil, Problems{{Loc: Loc{File: file, Line: root.Line, Col: root.Column}, Msg: "not a scenario file: a scenario is a mapping of keys (start:, end:, regions: ...), and this file holds " + what}}
	}
	if !scenarioLike(root) {
		return nil, Problems{{Loc: Loc{File: file}, Msg: "not a scenario file: none of its keys is a scenario key (start, end, regions, ...)"}}
	}
	if len(l.origin) == 0 {
		// Room for the first file's nodes (about one per 6 bytes of
		// YAML), so that the map is not rebuilt as it grows.
		l.origin = make(map[*yaml.Node]string, len(data)/6)
	}
	l.prepare(root, file, "", map[*yaml.Node]bool{})
	if expandedSize(root, maxValues) >= maxValues {
		return nil, Problems{{Loc: Loc{File: file}, Msg: fmt.Sprintf("the file expands to more than %d values (through YAML aliases?); a national scenario has well under a million", maxValues)}}
	}
	return root, nil
}

// scenarioLike reports whether a mapping has a scenario key, or one close
// enough to be a typing slip of one (strat, regoins).
func scenarioLike(m *yaml.Node) bool {
	names := topKeys()
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := strings.ToLower(m.Content[i].Value)
		for _, n := range names {
			if k == n || len(n) >= 4 && EditDistance(k, n) <= 2 {
				return true
			}
		}
	}
	return len(m.Content) == 0
}

// topKeys are the keys of a scenario file's top level.
func topKeys() []string {
	t := reflect.TypeOf(Scenario{})
	var names []string
	for i := 0; i < t.NumField(); i++ {
		names = append(names, strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0])
	}
	return names
}

// prepare readies a freshly read tree (a file's, or a --set value's) for
// merging, marking every node with file. It replaces each alias by the
// node it names, so that base:, defaults and --set see the value wherever
// an alias is legal; it reports a key given twice in one mapping (keeping
// the first, so that nothing depends on which of them a merge sees), a
// YAML merge key (<<), which is not supported, and a name given twice in
// one list of named items (regions, sites). path is n's key path, for
// messages. Each node is visited once, so aliases cost nothing: only a
// node with an anchor can be reached twice, and only those are kept in
// done.
func (l *loader) prepare(n *yaml.Node, file, path string, done map[*yaml.Node]bool) {
	if n.Anchor != "" {
		if done[n] {
			return
		}
		done[n] = true
	}
	l.origin[n] = file
	for i, c := range n.Content {
		if c.Kind == yaml.AliasNode && c.Alias != nil {
			n.Content[i] = c.Alias
		}
	}
	switch n.Kind {
	case yaml.MappingNode:
		first := map[string]*yaml.Node{}
		kept := n.Content[:0:0]
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			l.origin[k] = file
			sub := k.Value
			if path != "" {
				sub = path + "." + k.Value
			}
			if k.Tag == "!!merge" {
				l.problems = append(l.problems, Problem{Loc: Loc{file, k.Line, k.Column}, Key: path, Msg: "YAML merge keys (<<) are not supported; use defaults: (keys every region inherits) or base: (a file to build on), or an alias (*name) as the whole value"})
				continue
			}
			if f, dup := first[k.Value]; dup && k.Kind == yaml.ScalarNode {
				l.problems = append(l.problems, Problem{Loc: Loc{file, k.Line, k.Column}, Key: sub, Msg: fmt.Sprintf("key given twice in one mapping (first at line %d); give it once", f.Line)})
				continue
			}
			first[k.Value] = k
			kept = append(kept, k, v)
			l.prepare(v, file, sub, done)
		}
		n.Content = kept
	case yaml.SequenceNode:
		for i, c := range n.Content {
			l.prepare(c, file, fmt.Sprintf("%s[%d]", path, i), done)
		}
		if named(n) {
			key := path[strings.LastIndexAny(path, ".]")+1:]
			seen := map[string]int{}
			for i, e := range n.Content {
				nn := e.Content[keyIndex(e, "name")+1]
				if nn.Kind != yaml.ScalarNode || nn.Value == "" {
					continue
				}
				if j, dup := seen[nn.Value]; dup {
					l.problems = append(l.problems, Problem{Loc: Loc{file, nn.Line, nn.Column}, Key: fmt.Sprintf("%s[%d].name", path, i), Msg: fmt.Sprintf("%q is also the name of %s[%d]; names must differ", nn.Value, key, j)})
					continue
				}
				seen[nn.Value] = i
			}
		}
	}
}

func readMessage(err error) string {
	var nr errNotRegular
	if errors.As(err, &nr) {
		return nr.Error()
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied (the file is not readable by you)"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// resolve parses file, read from fsys (nil: the operating system's
// files), and, if it names a base, merges it over its base. chain holds
// the files being resolved, to catch cycles.
func (l *loader) resolve(file string, fsys fs.FS, chain []string) (*yaml.Node, error) {
	// A shipped base is told apart from a file of the same name here.
	// (Compared with the shipped set, whose type is comparable: an
	// Options.FS of any type, even one holding a slice, is never compared.)
	key := file
	if fsys != nil && !sameFS(fsys, l.opt.FS) && sameFS(fsys, l.opt.shipped()) {
		key = file + " (shipped)"
	}
	for _, c := range chain {
		if c == key {
			return nil, Problems{{Loc: Loc{File: file}, Key: "base", Msg: "base files form a cycle: " + strings.Join(append(chain, key), " -> ")}}
		}
	}
	root, err := l.parse(file, fsys)
	if err != nil {
		return nil, err
	}
	// An experiment file (no scenario has variants:) read as a scenario
	// would get a problem for each of its keys; one problem says what it
	// is instead.
	if keyIndex(root, "variants") >= 0 {
		return nil, Problems{{Loc: Loc{File: file}, Msg: experimentMsg(file)}}
	}
	i := keyIndex(root, "base")
	if i < 0 {
		return root, nil
	}
	bn := root.Content[i+1]
	if bn.Kind != yaml.ScalarNode || bn.Tag == "!!null" || strings.TrimSpace(bn.Value) == "" {
		return nil, Problems{{Loc: Loc{file, bn.Line, bn.Column}, Key: "base", Msg: "expected the path of a scenario file or a shipped scenario's name, e.g. base: national-2016-2018"}}
	}
	baseFile, baseFS := l.baseOf(file, fsys, bn.Value)
	base, err := l.resolve(baseFile, baseFS, append(chain, key))
	if err != nil {
		var ps Problems
		// A base that cannot be read at all is reported at the base: line
		// that names it.
		if errors.As(err, &ps) && len(ps) == 1 && ps[0].Loc.File == baseFile && ps[0].Key == "" {
			msg := ps[0].Msg
			if msg == "no such file" && baseFS == nil && !strings.ContainsAny(bn.Value, `/\`) {
				msg = "no such file, nor a shipped scenario of that name" + l.shippedHint(bn.Value)
			}
			ps[0] = Problem{Loc: Loc{file, bn.Line, bn.Column}, Key: "base", Msg: fmt.Sprintf("%s: %s", ps[0].Loc, msg)}
		}
		return nil, err
	}
	root.Content = append(root.Content[:i:i], root.Content[i+2:]...)
	return l.merge(base, root), nil
}

// experimentMsg says that file is an experiment, not a scenario.
// ExperimentFile reports whether err is Load's refusal of a file that is
// an experiment, not a scenario, and which file (an experiment's base:
// naming one; one named as a base further down is reported at that
// base:, as any base's problem is).
func ExperimentFile(err error) (file string, ok bool) {
	var ps Problems
	if errors.As(err, &ps) && len(ps) == 1 && ps[0].Msg == experimentMsg(ps[0].Loc.File) {
		return ps[0].Loc.File, true
	}
	return "", false
}

func experimentMsg(file string) string {
	return fmt.Sprintf("an experiment file (it has variants:), not a scenario; run it with ektpsim experiment %s", file)
}

// sameFS says whether a and b are the same file system, false (not a
// panic) when their type cannot be compared.
func sameFS(a, b fs.FS) bool {
	ta, tb := reflect.TypeOf(a), reflect.TypeOf(b)
	if ta != tb || !ta.Comparable() {
		return false
	}
	return a == b
}

// baseOf says where the base named by a file read from fsys is read
// from: a path relative to that file's folder (in fsys) when such a file
// exists there; otherwise, for a name without a folder, the shipped
// scenario of that name (with or without .yaml), so that base:
// national-2016-2018 works from any folder. A path that names no file
// is returned as it is, for the reader to report.
func (l *loader) baseOf(file string, fsys fs.FS, name string) (string, fs.FS) {
	var rel string
	var exists bool
	// A folder of that name (a result folder beside the file) is not a
	// base: it does not hide the shipped scenario.
	if fsys != nil {
		rel = path.Join(path.Dir(filepath.ToSlash(file)), name)
		st, err := fs.Stat(fsys, rel)
		exists = !errors.Is(err, fs.ErrNotExist) && !(err == nil && st.IsDir())
	} else {
		rel = name
		if !filepath.IsAbs(rel) {
			rel = filepath.Join(filepath.Dir(file), name)
		}
		st, err := os.Stat(rel)
		exists = !errors.Is(err, fs.ErrNotExist) && !(err == nil && st.IsDir())
	}
	if exists || strings.ContainsAny(name, `/\`) {
		return rel, fsys
	}
	shipped := l.opt.shipped()
	for _, n := range []string{name, name + ".yaml"} {
		if st, err := fs.Stat(shipped, n); err == nil && st.Mode().IsRegular() {
			return n, shipped
		}
	}
	return rel, fsys
}

// shippedHint names the shipped scenario closest to name, as "; did you
// mean ...?", if one is close.
func (l *loader) shippedHint(name string) string {
	files, _ := fs.Glob(l.opt.shipped(), "*.yaml")
	var names []string
	for _, f := range files {
		names = append(names, strings.TrimSuffix(f, ".yaml"))
	}
	if len(names) == 0 {
		return ""
	}
	if s := suggest(strings.TrimSuffix(name, ".yaml"), names); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return ""
}

func keyIndex(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return i
		}
	}
	return -1
}

// placed returns a copy of under placed where over was written.
func (l *loader) placed(under, over *yaml.Node) *yaml.Node {
	out := l.copyNode(under)
	out.Line, out.Column = over.Line, over.Column
	l.origin[out] = l.origin[over]
	return out
}

// merge returns over laid onto under: mappings merge key by key, lists of
// mappings with a name merge by name (so a variant can change one region
// without repeating the others), anything else in over replaces under.
// Neither input is modified.
// A merged node is placed where over was written (a region of a variant
// file, not of its base or of defaults).
func (l *loader) merge(under, over *yaml.Node) *yaml.Node {
	if under == nil {
		return over
	}
	switch {
	case under.Kind == yaml.MappingNode && over.Kind == yaml.MappingNode:
		out := l.placed(under, over)
		for i := 0; i+1 < len(over.Content); i += 2 {
			k, v := over.Content[i], over.Content[i+1]
			if j := keyIndex(out, k.Value); j >= 0 {
				out.Content[j+1] = l.merge(out.Content[j+1], v)
			} else {
				out.Content = append(out.Content, k, v)
			}
		}
		return out
	case under.Kind == yaml.SequenceNode && over.Kind == yaml.SequenceNode && named(under) && named(over):
		out := l.placed(under, over)
		for _, o := range over.Content {
			name := o.Content[keyIndex(o, "name")+1].Value
			found := false
			for j, u := range out.Content {
				if u.Content[keyIndex(u, "name")+1].Value == name {
					out.Content[j] = l.merge(u, o)
					found = true
					break
				}
			}
			if !found {
				out.Content = append(out.Content, o)
			}
		}
		return out
	}
	return over
}

// named reports whether every element of a list is a mapping with a name.
func named(seq *yaml.Node) bool {
	for _, e := range seq.Content {
		if e.Kind != yaml.MappingNode || keyIndex(e, "name") < 0 {
			return false
		}
	}
	return len(seq.Content) > 0
}

// expandDefaults merges the top-level defaults under every region.
func (l *loader) expandDefaults(root *yaml.Node) {
	di := keyIndex(root, "defaults")
	ri := keyIndex(root, "regions")
	if di < 0 || ri < 0 || root.Content[ri+1].Kind != yaml.SequenceNode {
		return
	}
	defs := root.Content[di+1]
	if defs.Kind != yaml.MappingNode {
		return
	}
	out := l.copyNode(root.Content[ri+1])
	for i, r := range out.Content {
		if r.Kind == yaml.MappingNode {
			out.Content[i] = l.merge(defs, r)
		}
	}
	root.Content[ri+1] = out
}

var (
	pathPart = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)((?:\[[^\]]*\])*)$`)
	selector = regexp.MustCompile(`\[([^\]]*)\]`)
)

// set applies one override to the tree, creating mappings as needed.
func (l *loader) set(root *yaml.Node, o Override) error {
	if o.Path == "base" || strings.HasPrefix(o.Path, "base.") || strings.HasPrefix(o.Path, "base[") {
		return fmt.Errorf("base cannot be set on the command line (base files are read before --set applies); run the other file with these --set options, or write a file with base: and the changes")
	}
	if len(o.Value) > MaxFileSize {
		return fmt.Errorf("the value is larger than %d MiB", MaxFileSize>>20)
	}
	var val yaml.Node
	if err := yaml.Unmarshal([]byte(o.Value), &val); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			msg = m[2]
		}
		return fmt.Errorf("the value is not valid YAML (%s); quote text that holds : # [ ] { } or a leading - or *", msg)
	}
	var v *yaml.Node
	if len(val.Content) == 0 {
		v = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}
	} else {
		v = val.Content[0]
	}
	label := setLabel(o)
	before := len(l.problems)
	l.prepare(v, label, o.Path, map[*yaml.Node]bool{})
	for i := before; i < len(l.problems); i++ {
		l.problems[i].Loc = Loc{File: label}
	}
	unplace(v, map[*yaml.Node]bool{})
	if expandedSize(v, maxValues) >= maxValues {
		return fmt.Errorf("the value expands to more than %d values (through YAML aliases?); a national scenario has well under a million", maxValues)
	}
	if len(l.problems) > before {
		return nil // the value's own problems are reported; it is not set
	}
	parts := splitPath(o.Path)
	if len(parts) == 0 {
		return fmt.Errorf("empty key")
	}
	cur := root
	for pi, part := range parts {
		m := pathPart.FindStringSubmatch(part)
		if m == nil {
			return fmt.Errorf("%q is not a key; write e.g. central.intake_per_day or regions[name=Kota Binjai].blanks.stock", part)
		}
		key, idxs := m[1], m[2]
		last := pi == len(parts)-1 && idxs == ""
		if cur.Kind != yaml.MappingNode {
			return fmt.Errorf("%s is not a mapping", strings.Join(parts[:pi], "."))
		}
		ki := keyIndex(cur, key)
		if last {
			if ki >= 0 {
				cur.Content[ki+1] = v
			} else {
				k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}
				l.origin[k] = label
				cur.Content = append(cur.Content, k, v)
			}
			return nil
		}
		if ki < 0 {
			if idxs != "" {
				return fmt.Errorf("there is no list %s", key)
			}
			k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}
			n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			l.origin[k], l.origin[n] = label, label
			cur.Content = append(cur.Content, k, n)
			ki = len(cur.Content) - 2
		}
		// Copy the node on the way down: base files' nodes may be shared.
		next := l.copyNode(cur.Content[ki+1])
		cur.Content[ki+1] = next
		cur = next
		sels := selector.FindAllStringSubmatch(idxs, -1)
		for si, sel := range sels {
			if cur.Kind != yaml.SequenceNode {
				return fmt.Errorf("%s is not a list", key)
			}
			j, err := selectElem(cur, sel[1])
			if err != nil {
				return fmt.Errorf("%s%s: %v", key, sel[0], err)
			}
			if pi == len(parts)-1 && si == len(sels)-1 {
				cur.Content[j] = v
				return nil
			}
			e := l.copyNode(cur.Content[j])
			cur.Content[j] = e
			cur = e
		}
	}
	return nil
}

func selectElem(seq *yaml.Node, sel string) (int, error) {
	if eq := strings.IndexByte(sel, '='); eq >= 0 {
		k, want := strings.TrimSpace(sel[:eq]), strings.TrimSpace(sel[eq+1:])
		var have []string
		for j, e := range seq.Content {
			if e.Kind == yaml.MappingNode {
				if ki := keyIndex(e, k); ki >= 0 {
					if e.Content[ki+1].Value == want {
						return j, nil
					}
					have = append(have, e.Content[ki+1].Value)
				}
			}
		}
		msg := fmt.Sprintf("no element with %s %q", k, want)
		if s := suggest(want, have); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		return 0, errors.New(msg)
	}
	j, err := strconv.Atoi(strings.TrimSpace(sel))
	if err != nil || j < 0 || j >= len(seq.Content) {
		return 0, fmt.Errorf("index %q is not between 0 and %d", sel, len(seq.Content)-1)
	}
	return j, nil
}

// unplace clears line and column, which for a --set value would only
// point into the value's own text.
func unplace(n *yaml.Node, done map[*yaml.Node]bool) {
	if done[n] {
		return
	}
	done[n] = true
	n.Line, n.Column = 0, 0
	for _, c := range n.Content {
		unplace(c, done)
	}
}

// splitPath splits a key path at dots outside brackets, so that
// regions[name=Kota A.B].blanks stays in two parts.
func splitPath(p string) []string {
	var parts []string
	start := 0
	for _, i := range outsideBrackets(p, '.') {
		parts = append(parts, p[start:i])
		start = i + 1
	}
	return append(parts, p[start:])
}

// outsideBrackets returns the byte positions of sep in s that are not
// inside [...].
func outsideBrackets(s string, sep rune) []int {
	var at []int
	depth := 0
	for i, r := range s {
		switch r {
		case '[':
			depth++
		case ']':
			depth--
		case sep:
			if depth == 0 {
				at = append(at, i)
			}
		}
	}
	return at
}

// Marshal writes the resolved scenario as YAML that loads back to the same
// scenario.
func Marshal(sc *Scenario) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("# Resolved by ektpsim: base files, defaults and --set applied.\n")
	// yaml.v3's emitter keeps every event of a document until it ends, so
	// one document of 514 regions costs hundreds of megabytes of copying;
	// the regions are written one document each and indented into place.
	head := *sc
	head.Regions = nil
	if err := encode(&buf, &head); err != nil {
		return nil, err
	}
	const empty = "regions: []\n"
	if !bytes.HasSuffix(buf.Bytes(), []byte(empty)) {
		return nil, fmt.Errorf("marshal: regions are not the last key")
	}
	buf.Truncate(buf.Len() - len(empty))
	buf.WriteString("regions:\n")
	var one bytes.Buffer
	for i := range sc.Regions {
		one.Reset()
		if err := encode(&one, sc.Regions[i:i+1]); err != nil {
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

func encode(w *bytes.Buffer, v any) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return err
	}
	return enc.Close()
}
