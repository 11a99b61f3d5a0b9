package experiment

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// nothingHere is an edit's target that holds nothing to change (no
// dates, no amounts): refused for the scenario, skipped for one of
// several selected regions while another has something.
type nothingHere struct{ msg string }

func (n nothingHere) Error() string { return n.msg }

func nothing(format string, a ...any) error { return nothingHere{fmt.Sprintf(format, a...)} }

// moved is one date a shift moved.
type moved struct {
	path     string
	from, to time.Time
}

// shift moves every date at or under the target by days; with floor not
// zero, a date moved before floor is put on floor.
func shift(tg target, days int64, floor time.Time) ([]moved, error) {
	var out []moved
	if tg.node == nil {
		return nil, nothing("%s is not set in the scenario, so it has no dates to shift", tg.path)
	}
	var walk func(n *yaml.Node, t reflect.Type, path string) error
	walk = func(n *yaml.Node, t reflect.Type, path string) error {
		t = deref(t)
		switch {
		case t == dateType || t == instantType:
			if n.Kind != yaml.ScalarNode || len(n.Value) < 10 {
				return nil
			}
			d, err := time.Parse("2006-01-02", n.Value[:10])
			if err != nil {
				return fmt.Errorf("%s: %q is not a date", path, n.Value)
			}
			to := d.AddDate(0, 0, int(days))
			if !floor.IsZero() && to.Before(floor) {
				to = floor
			}
			n.Value = to.Format("2006-01-02") + n.Value[10:]
			n.Style = yaml.DoubleQuotedStyle
			out = append(out, moved{path, d, to})
		case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
			for i, c := range n.Content {
				if err := walk(c, t.Elem(), itemPath(path, c, i)); err != nil {
					return err
				}
			}
		case isStruct(t) && n.Kind == yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if ft, ok := field(t, n.Content[i].Value); ok {
					if err := walk(n.Content[i+1], ft, path+"."+n.Content[i].Value); err != nil {
						return err
					}
				}
			}
		}
		return nil
	}
	if err := walk(tg.node, tg.typ, tg.path); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, nothing("%s holds no dates to shift", tg.path)
	}
	return out, nil
}

// itemPath is the key path of item i of a list: by its name when it has
// one, else by index.
func itemPath(path string, item *yaml.Node, i int) string {
	if v := valueOf(item, "name"); v != nil && v.Kind == yaml.ScalarNode && !strings.Contains(v.Value, "]") {
		return fmt.Sprintf("%s[name=%s]", path, v.Value)
	}
	return fmt.Sprintf("%s[%d]", path, i)
}

// scale multiplies the amounts at the target by x: the number itself, each
// item's amount of a list (deliveries), or each value of a mapping of
// numbers (rates or counts by class). Whole numbers stay whole, rounded
// to the nearest.
func scale(tg target, x float64) error {
	t := deref(tg.typ)
	if tg.node == nil {
		return nothing("%s is not set in the scenario, so there is nothing to scale", tg.path)
	}
	switch {
	case scalable(t):
		return scaleLeaf(tg.node, t, x, tg.path)
	case t.Kind() == reflect.Slice && isStruct(t.Elem()):
		at, ok := field(t.Elem(), "amount")
		if !ok || !scalable(deref(at)) {
			break
		}
		if len(tg.node.Content) == 0 {
			return nothing("%s is an empty list; there is nothing to scale", tg.path)
		}
		for i, item := range tg.node.Content {
			if a := valueOf(item, "amount"); a != nil {
				if err := scaleLeaf(a, deref(at), x, fmt.Sprintf("%s[%d].amount", tg.path, i)); err != nil {
					return err
				}
			}
		}
		return nil
	case isStruct(t) && allScalable(t):
		for i := 0; i+1 < len(tg.node.Content); i += 2 {
			ft, _ := field(t, tg.node.Content[i].Value)
			if err := scaleLeaf(tg.node.Content[i+1], deref(ft), x, tg.path+"."+tg.node.Content[i].Value); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("%s is not an amount; scale takes a number (blanks.stock), a list of deliveries (each amount) or rates by class (recording)", tg.path)
}

// scalable reports whether values of type t are numbers scale can
// multiply.
func scalable(t reflect.Type) bool {
	switch t {
	case amountType, countType:
		return true
	}
	switch t.Kind() {
	case reflect.Int64, reflect.Int, reflect.Float64:
		return t.PkgPath() == "" // plain numbers, not hours or classes
	}
	return false
}

func allScalable(t reflect.Type) bool {
	for _, k := range keysOf(t) {
		ft, _ := field(t, k)
		if !scalable(deref(ft)) {
			return false
		}
	}
	return true
}

var poissonText = regexp.MustCompile(`^poisson\(\s*([0-9.eE+-]+)\s*\)$`)

// scaleLeaf multiplies one number (or a poisson count's mean) by x.
func scaleLeaf(n *yaml.Node, t reflect.Type, x float64, path string) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("%s is not a number", path)
	}
	s := strings.TrimSpace(n.Value)
	whole := t != countType && t.Kind() != reflect.Float64
	if t == amountType && strings.EqualFold(s, "unlimited") {
		return fmt.Errorf("%s is unlimited, which scaling leaves unlimited; set a number instead", path)
	}
	if t == countType {
		if m := poissonText.FindStringSubmatch(s); m != nil {
			v, err := strconv.ParseFloat(m[1], 64)
			if err != nil {
				return fmt.Errorf("%s: %q is not a number", path, s)
			}
			n.Value = "poisson(" + decimal(v*x) + ")"
			return nil
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if t == countType {
			return fmt.Errorf("%s is %q; scale multiplies numbers and poisson(mean) counts, not other distributions", path, s)
		}
		return fmt.Errorf("%s: %q is not a number", path, s)
	}
	if whole {
		r := math.Round(v * x)
		if r > 1e15 {
			return fmt.Errorf("%s: %s x %s is too large", path, s, decimal(x))
		}
		n.Value = strconv.FormatInt(int64(r), 10)
	} else {
		n.Value = decimal(v * x)
	}
	n.Tag, n.Style = "", 0
	return nil
}

// decimal writes v with at most 6 decimals, so that 0.1 x 3 reads 0.3.
func decimal(v float64) string {
	return strconv.FormatFloat(math.Round(v*1e6)/1e6, 'f', -1, 64)
}

// appendItem adds a copy of item at the end of the list at the target.
func appendItem(tg target, item *yaml.Node) error {
	if deref(tg.typ).Kind() != reflect.Slice {
		return fmt.Errorf("%s is not a list; append adds an item to a list (sites, central.blanks.deliveries, regions)", tg.path)
	}
	if tg.node == nil || tg.node.Kind != yaml.SequenceNode {
		return fmt.Errorf("%s is not a list in the scenario", tg.path)
	}
	tg.node.Content = append(tg.node.Content, copyTree(item))
	return nil
}

// copyTree is a deep copy of n, without its place in the experiment file.
func copyTree(n *yaml.Node) *yaml.Node {
	c := *n
	c.Line, c.Column, c.Anchor = 0, 0, ""
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, x := range n.Content {
		c.Content[i] = copyTree(x)
	}
	return &c
}
