package output

import "testing"

// Hours are written with at most 3 decimals and no trailing zeros; whole
// hours take a faster path that must read the same.
func TestAppendHours(t *testing.T) {
	for _, c := range []struct {
		h    float64
		want string
	}{
		{0, "0"}, {8, "8"}, {24, "24"}, {1e6, "1000000"}, {2.5, "2.5"}, {1.0004, "1"},
		{0.0006, "0.001"}, {7.9999, "8"}, {1.25, "1.25"}, {123.4567, "123.457"},
	} {
		if got := string(appendHours(nil, c.h)); got != c.want {
			t.Errorf("appendHours(%v) = %q, want %q", c.h, got, c.want)
		}
	}
}
