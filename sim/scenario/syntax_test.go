package scenario

import (
	"testing"

	"gopkg.in/yaml.v3"
)

// A file yaml.v3 cannot parse is reported on the line that holds the
// mistake: the unclosed "{" or "[" itself (yaml.v3's parser counts from 0
// and names the line before), a scanner's problem where it is, and an
// unclosed bracket of the last line on that line, not past the end.
func TestSyntaxProblemLines(t *testing.T) {
	for _, c := range []struct {
		what, text string
		line       int
	}{
		{"unclosed { on line 7", "name: x\nbase: y\nreplications: 2\nvariants:\n  - name: v\n    edits:\n      - {set: central.intake_per_day, value: 100000\n", 7},
		{"unclosed [ on line 3", "name: x\nbase: y\nreplications: [2\n", 3},
		{"unclosed [ on line 2, more after", "a: 1\nb: [1, 2\nc: 3\n", 2},
		{"unclosed [ of the only line", "start: [2017-01-02\n", 1},
		{"scanner: mapping values on line 2", "a: 1\n  b: 2\n", 2},
		{"unclosed [ on line 1, more after", "a: [1, 2\nb: 3\nc: 4\n", 1},
		{"unclosed { on line 1 of a flow file", "{a: 1,\n b: 2\n", 1},
		{"unclosed [ on line 1 over three lines", "a: [1,\n  2,\n  3\n", 1},
		{"unclosed [ after a comment with brackets and a quoted one", "# see [notes]\nname: \"x [y\"\nlist: [1, 2\nnext: 3\n", 3},
		{"an undefined tag handle on line 2", "a: 1\nb: !x!y 2\n", 2},
	} {
		var n yaml.Node
		err := yaml.Unmarshal([]byte(c.text), &n)
		if err == nil {
			t.Fatalf("%s: parsed", c.what)
		}
		if p := SyntaxProblem("s.yaml", []byte(c.text), err); p.Loc.Line != c.line {
			t.Errorf("%s: line %d (%s), want %d", c.what, p.Loc.Line, p, c.line)
		}
	}
}
