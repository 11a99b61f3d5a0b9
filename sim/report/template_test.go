package report

import "testing"

// A run named by its --set options may wrap after + = . _ in a column
// heading, and stays escaped.
func TestBreakable(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"palembang-2017+central.intake_per_day=200000", "palembang-2017+<wbr>central.<wbr>intake_<wbr>per_<wbr>day=<wbr>200000"},
		{"difference", "difference"},
		{"<a&b>", "&lt;a&amp;b&gt;"},
	} {
		if got := string(breakable(c.in)); got != c.want {
			t.Errorf("breakable(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
