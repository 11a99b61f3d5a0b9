package experiment

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ektpsim/ektpsim/sim/scenario"
)

// The scenario's types, whose yaml tags are the keys an edit may name.
var (
	scenarioType = reflect.TypeOf(scenario.Scenario{})
	regionType   = reflect.TypeOf(scenario.Region{})
	dateType     = reflect.TypeOf(scenario.Date{})
	instantType  = reflect.TypeOf(scenario.Instant{})
	amountType   = reflect.TypeOf(scenario.Amount{})
	countType    = reflect.TypeOf(scenario.CountDist{})
)

var (
	pathPart = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)((?:\[[^\]]*\])*)$`)
	selector = regexp.MustCompile(`\[([^\]]*)\]`)
)

// splitPath splits a key path at dots outside brackets.
func splitPath(p string) []string {
	var parts []string
	depth, start := 0, 0
	for i, r := range p {
		switch r {
		case '[':
			depth++
		case ']':
			depth--
		case '.':
			if depth == 0 {
				parts = append(parts, p[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, p[start:])
}

// field returns the type of the field of struct type t (or a pointer to
// one) whose yaml key is key.
func field(t reflect.Type, key string) (reflect.Type, bool) {
	t = deref(t)
	if t.Kind() != reflect.Struct {
		return nil, false
	}
	for i := 0; i < t.NumField(); i++ {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); name == key && name != "" && name != "-" {
			return t.Field(i).Type, true
		}
	}
	return nil, false
}

// keysOf lists the yaml keys of struct type t.
func keysOf(t reflect.Type) []string {
	t = deref(t)
	var keys []string
	if t.Kind() != reflect.Struct {
		return nil
	}
	for i := 0; i < t.NumField(); i++ {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); name != "" && name != "-" && t.Field(i).IsExported() {
			keys = append(keys, name)
		}
	}
	return keys
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// isStruct reports whether t is a mapping of keys in a scenario (not a
// leaf type written as one scalar, such as Date or Amount).
func isStruct(t reflect.Type) bool {
	t = deref(t)
	if t.Kind() != reflect.Struct {
		return false
	}
	for _, leaf := range []reflect.Type{dateType, instantType, amountType, countType} {
		if t == leaf {
			return false
		}
	}
	return len(keysOf(t)) > 0 && t.PkgPath() == scenarioType.PkgPath() && !leafStruct(t)
}

// leafStruct reports the scenario's value types written as one scalar
// (a duration, a distribution, a clock range): structs with no yaml keys.
func leafStruct(t reflect.Type) bool {
	for i := 0; i < t.NumField(); i++ {
		if t.Field(i).Tag.Get("yaml") != "" {
			return false
		}
	}
	return true
}

// checkKey checks a key path against the scenario's keys, from type t
// (the scenario, or a region for an edit on selected regions), and
// returns the type it names. Selectors ([name=X], [0]) are allowed after
// lists. The error names the first unknown part, with the nearest key.
func checkKey(t reflect.Type, key string) (reflect.Type, error) {
	if strings.TrimSpace(key) == "" {
		return nil, fmt.Errorf("empty key")
	}
	for _, part := range splitPath(key) {
		m := pathPart.FindStringSubmatch(part)
		if m == nil {
			return nil, fmt.Errorf("%q is not a key; write e.g. central.blanks.deliveries or regions[name=Kota Binjai].blanks.stock", part)
		}
		ft, ok := field(t, m[1])
		if !ok {
			if !isStruct(t) {
				return nil, fmt.Errorf("%q: %s holds no keys", m[1], strings.TrimSuffix(key[:strings.Index(key, part)], "."))
			}
			msg := fmt.Sprintf("unknown key %q", m[1])
			if s := nearest(m[1], keysOf(t)); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			return nil, fmt.Errorf("%s", msg)
		}
		t = ft
		for range selector.FindAllString(m[2], -1) {
			if deref(t).Kind() != reflect.Slice {
				return nil, fmt.Errorf("%s is not a list; [..] selects an item of a list", m[1])
			}
			t = deref(t).Elem()
		}
	}
	return t, nil
}

// target is the node an edit changes, found in a resolved scenario.
type target struct {
	path string     // its key path, items named where they have a name
	node *yaml.Node // nil when absent
	typ  reflect.Type
}

// locate finds key inside node n of type t, whose own key path is at.
// With create, absent mappings and lists on the way are made (a region
// without deliveries gets an empty list), so that append can fill them.
func locate(n *yaml.Node, t reflect.Type, at, key string, create bool) (target, error) {
	cur := n
	for _, part := range splitPath(key) {
		m := pathPart.FindStringSubmatch(part)
		ft, _ := field(t, m[1])
		at = join(at, m[1])
		t = ft
		if cur.Kind != yaml.MappingNode {
			return target{}, fmt.Errorf("%s is not a mapping", at)
		}
		next := valueOf(cur, m[1])
		if next == nil || next.Tag == "!!null" {
			if !create {
				return target{path: at, typ: t}, nil
			}
			next = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			if deref(t).Kind() == reflect.Slice {
				next = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
			}
			setValue(cur, m[1], next)
		}
		cur = next
		for _, sel := range selector.FindAllStringSubmatch(m[2], -1) {
			if cur.Kind != yaml.SequenceNode {
				return target{}, fmt.Errorf("%s is not a list", at)
			}
			j, err := pick(cur, sel[1])
			if err != nil {
				return target{}, fmt.Errorf("%s%s: %v", at, sel[0], err)
			}
			at += sel[0]
			t = deref(t).Elem()
			cur = cur.Content[j]
		}
	}
	return target{path: at, node: cur, typ: t}, nil
}

// pick finds the item of a list a selector names: name=X (any key=value)
// or an index.
func pick(seq *yaml.Node, sel string) (int, error) {
	if k, want, ok := strings.Cut(sel, "="); ok {
		k, want = strings.TrimSpace(k), strings.TrimSpace(want)
		var have []string
		for j, e := range seq.Content {
			if v := valueOf(e, k); v != nil {
				if v.Value == want {
					return j, nil
				}
				have = append(have, v.Value)
			}
		}
		msg := fmt.Sprintf("no item with %s %q", k, want)
		if s := nearest(want, have); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		return 0, fmt.Errorf("%s", msg)
	}
	j, err := strconv.Atoi(strings.TrimSpace(sel))
	if err != nil || j < 0 || j >= len(seq.Content) {
		return 0, fmt.Errorf("index %q is not between 0 and %d", sel, len(seq.Content)-1)
	}
	return j, nil
}

// valueOf returns the value of key in mapping m, or nil.
func valueOf(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// setValue sets key of mapping m to v, adding the key at the end if new.
func setValue(m *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content[i+1] = v
			return
		}
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}
