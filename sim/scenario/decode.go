package scenario

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/ektpsim/ektpsim/sim/dist"
	"gopkg.in/yaml.v3"
)

// decoder turns a yaml.Node tree into typed values, recording where each
// key path was written and collecting every problem instead of stopping at
// the first.
type decoder struct {
	origin   map[*yaml.Node]string // file each node came from
	problems Problems
	structs  map[reflect.Type]*structInfo // the keys of each struct type decoded
}

// structInfo is what decoding needs of a struct type's fields, worked
// out once per type.
type structInfo struct {
	fields map[string]int // key -> field index
	names  []string       // the keys, in field order, for messages
	limits []limit        // by field index
}

// structOf returns t's structInfo.
func (d *decoder) structOf(t reflect.Type) *structInfo {
	if si := d.structs[t]; si != nil {
		return si
	}
	if t.NumField() > 64 {
		panic("scenario: more than 64 fields in " + t.String()) // seen is a bit set
	}
	si := &structInfo{fields: map[string]int{}, limits: make([]limit, t.NumField())}
	for i := 0; i < t.NumField(); i++ {
		tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]
		if tag != "" && tag != "-" {
			si.fields[tag] = i
			si.names = append(si.names, tag)
			si.limits[i] = fieldLimit(t.Field(i), tag)
		}
	}
	if d.structs == nil {
		d.structs = map[reflect.Type]*structInfo{}
	}
	d.structs[t] = si
	return si
}

// expandedSize returns how many values n stands for once YAML aliases are
// expanded (a node reached twice counts twice), stopping at limit: a node
// is counted when its parent is taken, so the work and the stack are
// bounded by limit (and one node's children) whatever the aliases or
// cycles.
func expandedSize(n *yaml.Node, limit int) int {
	size := 1
	stack := []*yaml.Node{n}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			n = n.Alias
		}
		if size += len(n.Content); size >= limit {
			return limit
		}
		stack = append(stack, n.Content...)
	}
	return size
}

// maxValues bounds the values decoded from one scenario. A national
// scenario has a few hundred thousand; YAML aliases can make a small file
// expand to billions, which would hang the program.
const maxValues = 2_000_000

// find returns the node of key path (regions[3].sites[0].printers) in
// the tree root, or nil where the path was not written or is empty
// (null), which decoding takes as not written.
func find(root *yaml.Node, path string) *yaml.Node {
	n := root
	for path != "" {
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			n = n.Alias
		}
		if path[0] == '[' {
			end := strings.IndexByte(path, ']')
			i, err := strconv.Atoi(path[1:max(end, 1)])
			if end < 0 || err != nil || n.Kind != yaml.SequenceNode || i < 0 || i >= len(n.Content) {
				return nil
			}
			n, path = n.Content[i], strings.TrimPrefix(path[end+1:], ".")
			continue
		}
		end := strings.IndexAny(path, ".[")
		if end < 0 {
			end = len(path)
		}
		key := path[:end]
		path = strings.TrimPrefix(path[end:], ".")
		if i := keyIndex(n, key); i >= 0 && n.Kind == yaml.MappingNode {
			n = n.Content[i+1]
		} else {
			return nil
		}
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	return n
}

func (d *decoder) loc(n *yaml.Node) Loc {
	return Loc{File: d.origin[n], Line: n.Line, Col: n.Column}
}

func (d *decoder) fail(n *yaml.Node, path, format string, args ...any) {
	d.problems = append(d.problems, Problem{Loc: d.loc(n), Key: path, Msg: fmt.Sprintf(format, args...)})
}

var (
	scalarType   = reflect.TypeOf((*scalarValue)(nil)).Elem()
	weekdaysType = reflect.TypeOf(Weekdays{})
	regionsType  = reflect.TypeOf([]Region(nil))
)

// limit is the range a numeric key accepts, from its field's tags: what
// it counts (`what:"printers"`), and `min` and `max` when given.
type limit struct {
	what     string
	min, max float64
	hasMax   bool
	// inValidation means the key's range is checked in validation, with
	// a message of its own (`max:"-"`).
	inValidation bool
}

func fieldLimit(f reflect.StructField, key string) limit {
	l := limit{what: f.Tag.Get("what")}
	if l.what == "" {
		l.what = key
	}
	if m, ok := f.Tag.Lookup("max"); ok && m == "-" {
		l.inValidation = true
	} else if ok {
		v, err := strconv.ParseFloat(m, 64)
		if err != nil {
			panic("scenario: bad max tag on " + f.Name)
		}
		l.max, l.hasMax = v, true
	}
	if m, ok := f.Tag.Lookup("min"); ok {
		v, err := strconv.ParseFloat(m, 64)
		if err != nil {
			panic("scenario: bad min tag on " + f.Name)
		}
		l.min = v
	}
	return l
}

// durationLimit describes dist.MaxHours in messages.
var durationLimit = "50 years (" + thousands(dist.MaxHours) + "h)"

// tooBig is the message for a value above its key's limit.
func (l limit) tooBig(text string) string {
	return fmt.Sprintf("%s is more than %s, the limit for %s", strings.TrimSpace(text), thousands(l.max), l.what)
}

// thousands writes a whole number with commas: 1,000,000.
func thousands(x float64) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if x != math.Trunc(x) || x < 1000 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// decode fills v from n. lim names the quantity for messages about
// negative numbers ("printers") and bounds numbers.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string, lim limit) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		// An empty value (or --set KEY=null) keeps the default, as if the
		// key were not written.
		return
	}
	if v.Type() == weekdaysType && n.Kind == yaml.SequenceNode {
		d.decodeWeekdays(n, v, path)
		return
	}
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
			return
		}
		// A value out of range is kept (validation may read it) but
		// reported, so the scenario is refused.
		if msg := checkScalar(v.Addr().Interface(), n.Value, lim); msg != "" && !lim.inValidation {
			d.fail(n, path, "%s", msg)
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.decode(n, v.Elem(), path, lim)
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.fail(n, path, "expected a list, found %s", kindName(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		if v.Type() == regionsType {
			// Each region starts from the region defaults.
			for i := range s.Len() {
				s.Index(i).Set(reflect.ValueOf(DefaultRegion()))
			}
		}
		for i, c := range n.Content {
			d.decode(c, s.Index(i), fmt.Sprintf("%s[%d]", path, i), lim)
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
		switch {
		case err != nil:
			d.fail(n, path, "%v", err)
		case lim.min > 0 && (float64(x) < lim.min || float64(x) > lim.max):
			d.fail(n, path, "%s is out of range; %s must be between %s and %s", strings.TrimSpace(n.Value), lim.what, thousands(lim.min), thousands(lim.max))
		case x < 0:
			d.fail(n, path, "%d is negative; it counts %s, 0 or more", x, lim.what)
		case !lim.hasMax:
			panic("scenario: no max tag for " + path)
		case float64(x) > lim.max:
			d.fail(n, path, "%s", lim.tooBig(n.Value))
		default:
			v.SetInt(x)
		}
	case reflect.Uint64:
		x, err := strconv.ParseUint(n.Value, 10, 64)
		if n.Kind != yaml.ScalarNode || err != nil {
			d.fail(n, path, "%q is not a whole number, 0 or more", n.Value)
			return
		}
		v.SetUint(x)
	case reflect.Float64:
		x, err := strconv.ParseFloat(n.Value, 64)
		switch {
		case n.Kind != yaml.ScalarNode || err != nil || math.IsNaN(x) || math.IsInf(x, 0):
			d.fail(n, path, "%q is not a number", n.Value)
		case x < 0:
			d.fail(n, path, "%v is negative; it is %s, 0 or more", x, lim.what)
		case !lim.hasMax:
			panic("scenario: no max tag for " + path)
		case x > lim.max:
			d.fail(n, path, "%s", lim.tooBig(n.Value))
		default:
			v.SetFloat(x + 0) // + 0 turns -0 into 0
		}
	default:
		panic("scenario: cannot decode into " + v.Type().String())
	}
}

// checkScalar returns what is wrong with a decoded leaf value against its
// key's range, or "".
func checkScalar(p any, text string, lim limit) string {
	switch x := p.(type) {
	case *Amount:
		if !lim.hasMax {
			panic("scenario: no max tag for an amount")
		}
		if !x.Unlimited && float64(x.N) > lim.max {
			return lim.tooBig(text) + "; write a smaller number or unlimited"
		}
	case *ClassCounts:
		if !lim.hasMax {
			panic("scenario: no max tag for a backlog")
		}
		if float64(x.Total()) > lim.max {
			return lim.tooBig(text)
		}
	case *CountDist:
		if !lim.hasMax {
			panic("scenario: no max tag for a count")
		}
		if f, ok := x.Dist.(dist.Fixed); ok {
			if f.Value > lim.max {
				return lim.tooBig(text)
			}
		} else if err := dist.CheckMax(x.Dist, lim.max, thousands(lim.max)+" "+lim.what); err != nil {
			return fmt.Sprintf("%q: %v", strings.TrimSpace(text), err)
		}
	case *DurationDist:
		if f, ok := x.Dist.(dist.Fixed); ok {
			if f.Value > dist.MaxHours {
				return fmt.Sprintf("%s is more than %s, the limit for a duration", strings.TrimSpace(text), durationLimit)
			}
		} else if err := dist.CheckMax(x.Dist, dist.MaxHours, durationLimit); err != nil {
			return fmt.Sprintf("%q: %v", strings.TrimSpace(text), err)
		}
	case *Duration:
		if x.Hours > dist.MaxHours {
			return fmt.Sprintf("%s is more than %s, the limit for a duration", strings.TrimSpace(text), durationLimit)
		}
	case *Hours:
		if float64(*x) > dist.MaxHours {
			return fmt.Sprintf("%s is more than %s, the limit for a duration", strings.TrimSpace(text), durationLimit)
		}
	}
	return ""
}

// decodeWeekdays reads workdays written as a list, each element a day or
// a range.
func (d *decoder) decodeWeekdays(n *yaml.Node, v reflect.Value, path string) {
	var set [7]int
	ok := true
	for i, c := range n.Content {
		p := fmt.Sprintf("%s[%d]", path, i)
		if c.Kind != yaml.ScalarNode {
			d.fail(c, p, "expected a day (mon) or a range (mon-fri), found %s", kindName(c))
			ok = false
			continue
		}
		if err := parseWeekdays(c.Value, &set); err != nil {
			d.fail(c, p, "%v", err)
			ok = false
		}
	}
	if !ok {
		return
	}
	days, err := weekdaysOf(set)
	if err != nil {
		d.fail(n, path, "%v", err)
		return
	}
	v.Set(reflect.ValueOf(days))
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.fail(n, path, "expected a mapping of keys, found %s", kindName(n))
		return
	}
	si := d.structOf(v.Type())
	fields, names := si.fields, si.names
	var seen uint64               // known keys met, by field index
	var seenOther map[string]bool // other keys met
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		key := k.Value
		sub := key
		if path != "" {
			sub = path + "." + key
		}
		idx, ok := fields[key]
		if ok && seen&(1<<idx) != 0 || !ok && seenOther[key] {
			d.fail(k, sub, "key given twice")
			continue
		}
		if ok {
			seen |= 1 << idx
		} else {
			if seenOther == nil {
				seenOther = map[string]bool{}
			}
			seenOther[key] = true
		}
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
		d.decode(val, v.Field(idx), sub, si.limits[idx])
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
		if dd := EditDistance(strings.ToLower(key), n); dd < bestDist {
			best, bestDist = n, dd
		}
	}
	return best
}

// EditDistance is the Levenshtein distance between a and b, in bytes:
// the typing slips that suggestions (did you mean ...?) look for.
func EditDistance(a, b string) int {
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
