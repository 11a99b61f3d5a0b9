package scenario

import (
	"fmt"
	"sort"
	"strings"
)

// Loc is where a value was written: a file and a 1-based line and column.
// Values set on the command line have File "--set KEY" and no line.
type Loc struct {
	File      string
	Line, Col int
}

func (l Loc) String() string {
	if l.Line == 0 {
		return l.File
	}
	return fmt.Sprintf("%s:%d:%d", l.File, l.Line, l.Col)
}

// Problem is one thing wrong with a scenario.
type Problem struct {
	Loc Loc
	Key string // dotted key path, e.g. regions[3].sites[0].printers
	Msg string
}

func (p Problem) String() string {
	if p.Key == "" {
		return fmt.Sprintf("%s: %s", p.Loc, p.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", p.Loc, p.Key, p.Msg)
}

// Problems is every problem found in a scenario; it is the error Load
// returns.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// tidy orders problems by file, line and column, so that they read like
// the file, and keeps one of each problem that defaults copied into
// several regions.
func (ps Problems) tidy() Problems {
	ps.Sorted()
	out := ps[:0]
	seen := map[string]bool{}
	for _, p := range ps {
		k := p.Loc.String() + "\x00" + p.Msg
		if p.Loc.Line > 0 && seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, p)
	}
	return out
}

// Sorted orders ps as they stand in their files (file, line, column; the
// order given among equals) and returns them.
func (ps Problems) Sorted() Problems {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i].Loc, ps[j].Loc
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return ps
}
