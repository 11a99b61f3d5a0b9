package scenario

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// decoder turns a yaml.Node tree into typed values, recording where each
// key path was written and collecting every problem instead of stopping at
// the first.
type decoder struct {
	origin   map[*yaml.Node]string // file each node came from
	locs     map[string]Loc        // key path -> location of its value
	problems Problems
}

// expandedSize returns how many values n stands for once YAML aliases are
// expanded, in time linear in the file (each node is sized once), stopping
// at limit.
func expandedSize(n *yaml.Node, memo map[*yaml.Node]int, limit int) int {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if v, ok := memo[n]; ok {
		return v
	}
	memo[n] = limit // a node reached again while being sized is a cycle
	size := 1
	for _, c := range n.Content {
		size += expandedSize(c, memo, limit)
		if size >= limit {
			size = limit
			break
		}
	}
	memo[n] = size
	return size
}

// maxValues bounds the values decoded from one scenario. A national
// scenario has a few hundred thousand; YAML aliases can make a small file
// expand to billions, which would hang the program.
const maxValues = 2_000_000

func (d *decoder) loc(n *yaml.Node) Loc {
	return Loc{File: d.origin[n], Line: n.Line, Col: n.Column}
}

func (d *decoder) fail(n *yaml.Node, path, format string, args ...any) {
	d.problems = append(d.problems, Problem{Loc: d.loc(n), Key: path, Msg: fmt.Sprintf(format, args...)})
}

var scalarType = reflect.TypeOf((*scalarValue)(nil)).Elem()

// decode fills v from n. what names the quantity for messages about
// negative numbers ("printers").
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path, what string) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		// An empty value (or --set KEY=null) keeps the default, as if the
		// key were not written.
		return
	}
	d.locs[path] = d.loc(n)
	if v.CanAddr() && v.Addr().Type().Implements(scalarType) {
		if v.Type() == reflect.TypeOf(ClassCounts{}) && n.Kind == yaml.MappingNode {
			d.decodeStruct(n, v, path)
			return
		}
		if n.Kind != yaml.ScalarNode {
			d.fail(n, path, "expected a single value, found %s", kindName(n))
			return
		}
		if err := v.Addr().Interface().(scalarValue).setScalar(n); err != nil {
			d.fail(n, path, "%v", err)
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			v.SetZero()
			return
		}
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.decode(n, v.Elem(), path, what)
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.fail(n, path, "expected a list, found %s", kindName(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			d.decode(c, s.Index(i), fmt.Sprintf("%s[%d]", path, i), what)
		}
		v.Set(s)
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.fail(n, path, "expected text, found %s", kindName(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Int64, reflect.Int:
		if n.Kind != yaml.ScalarNode {
			d.fail(n, path, "expected a whole number, found %s", kindName(n))
			return
		}
		x, err := parseWhole(n.Value)
		if err != nil {
			d.fail(n, path, "%v", err)
			return
		}
		if x < 0 {
			d.fail(n, path, "%d is negative; it counts %s, 0 or more", x, what)
			return
		}
		v.SetInt(x)
	case reflect.Uint64:
		x, err := strconv.ParseUint(n.Value, 10, 64)
		if n.Kind != yaml.ScalarNode || err != nil {
			d.fail(n, path, "%q is not a whole number, 0 or more", n.Value)
			return
		}
		v.SetUint(x)
	case reflect.Float64:
		x, err := strconv.ParseFloat(n.Value, 64)
		if n.Kind != yaml.ScalarNode || err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			d.fail(n, path, "%q is not a number", n.Value)
			return
		}
		if x < 0 {
			d.fail(n, path, "%v is negative; it is %s, 0 or more", x, what)
			return
		}
		v.SetFloat(x)
	default:
		panic("scenario: cannot decode into " + v.Type().String())
	}
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.fail(n, path, "expected a mapping of keys, found %s", kindName(n))
		return
	}
	t := v.Type()
	fields := map[string]int{}
	var names []string
	for i := 0; i < t.NumField(); i++ {
		tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]
		if tag != "" && tag != "-" {
			fields[tag] = i
			names = append(names, tag)
		}
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		key := k.Value
		sub := key
		if path != "" {
			sub = path + "." + key
		}
		if seen[key] {
			d.fail(k, sub, "key given twice")
			continue
		}
		seen[key] = true
		idx, ok := fields[key]
		if !ok && strings.HasSuffix(key, ")") && val.Tag == "!!null" {
			d.fail(k, path, "%q is the rest of a value split at its comma; inside { } quote a distribution, e.g. \"uniform(2d, 4d)\"", key)
			continue
		}
		if !ok {
			msg := fmt.Sprintf("unknown key %q", key)
			if s := suggest(key, names); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			} else {
				msg += "; known keys here: " + strings.Join(names, ", ")
			}
			d.fail(k, sub, "%s", msg)
			continue
		}
		f := t.Field(idx)
		what := f.Tag.Get("what")
		if what == "" {
			what = key
		}
		d.decode(val, v.Field(idx), sub, what)
	}
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	}
	return "something else"
}

// suggest returns the known name closest to key, if it is close enough to
// be a typing slip.
func suggest(key string, names []string) string {
	best, bestDist := "", len(key)/2+2
	for _, n := range names {
		if dd := editDistance(strings.ToLower(key), n); dd < bestDist {
			best, bestDist = n, dd
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
