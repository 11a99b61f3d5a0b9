package report

import (
	"fmt"
	"math"

	"github.com/ektpsim/ektpsim/sim/chart"
	"github.com/ektpsim/ektpsim/sim/results"
)

// gainsShown is how many regions each side of who gains and who loses
// lists; the sums are over all of them.
const gainsShown = 10

// GainsLosses says, for a run compared with the first, which regions are
// better and worse off on a figure, by how much, and the sum of each side.
type GainsLosses struct {
	Base, Run string
	Sentence  string
	// Better and Worse are the regions better and worse off, most
	// first (at most gainsShown), each with its figure in both runs and
	// the difference (and its paired interval).
	Better, Worse Table
	More          string // how many more regions each side has than it lists, in words ("" if none)
}

// Table is a table of figures: its first column's heading (First), the
// others' (Head), a row per label, and the classes of its <table>.
type Table struct {
	Class, First string
	Head         []string
	Rows         []Row
}

// WhoGains compares the regions of other with base on figure key: nil if
// no region changes.
func WhoGains(base, other *chart.Run, key string, n int) *GainsLosses {
	f, ok := results.FigureByKey(key)
	if !ok {
		return nil
	}
	ds := results.RegionDifferences(base, other, key)
	better, worse, bs, ws := results.GainsAndLosses(ds)
	if len(better)+len(worse) == 0 {
		return nil
	}
	nb, _ := base.Summary.Number("", key)
	no, _ := other.Summary.Number("", key)
	g := &GainsLosses{Base: base.Name, Run: other.Name}
	head := []string{base.Name, other.Name, "difference"}
	paired := len(ds) > 0 && !math.IsNaN(ds[0].PairedLo)
	if paired {
		head = append(head, "95% interval of the difference (paired)")
	}
	g.Better = Table{Class: "key multi gains", First: "region", Head: head}
	g.Worse = g.Better
	row := func(d results.RegionDiff) Row {
		r := Row{Label: d.Region, Cells: []string{f.Text(d.Base), f.Text(d.Other), signed(d.Diff, key)}}
		if paired {
			r.Cells = append(r.Cells, fmt.Sprintf("%s to %s", signed(d.PairedLo, key), signed(d.PairedHi, key)))
		}
		return r
	}
	for i := 0; i < len(better) && i < n; i++ {
		g.Better.Rows = append(g.Better.Rows, row(better[i]))
	}
	for i := 0; i < len(worse) && i < n; i++ {
		g.Worse.Rows = append(g.Worse.Rows, row(worse[i]))
	}
	abs := func(x float64) string { return f.Text(math.Abs(x)) }
	var better1, worse1 string
	if len(better) == 0 {
		better1 = "no region is better off"
	} else {
		better1 = fmt.Sprintf("%s %s better off, their %s down by %s in all", regionsCount(len(better)), isAre(len(better)), f.Label, abs(bs))
	}
	if len(worse) == 0 {
		worse1 = "no region is worse off"
	} else {
		worse1 = fmt.Sprintf("%s %s worse off, up by %s in all", regionsCount(len(worse)), isAre(len(worse)), abs(ws))
	}
	g.Sentence = fmt.Sprintf("In %s against %s, %s; %s. Together that is %s, the nation's difference (%s against %s).",
		other.Name, base.Name, better1, worse1, signed(bs+ws, key), f.Text(no), f.Text(nb))
	if paired {
		clear := func(ds []results.RegionDiff) int {
			n := 0
			for _, d := range ds {
				if d.PairedHi < 0 || d.PairedLo > 0 {
					n++
				}
			}
			return n
		}
		g.Sentence += fmt.Sprintf(" Paired replication by replication, %d of the better off and %d of the worse off differ by more than chance (their 95%% interval is clear of zero).",
			clear(better), clear(worse))
	}
	if extra := len(better) - len(g.Better.Rows); extra > 0 {
		g.More = moreRegions(extra) + " better off"
	}
	if extra := len(worse) - len(g.Worse.Rows); extra > 0 {
		if g.More != "" {
			g.More += "; "
		}
		g.More += moreRegions(extra) + " worse off"
	}
	if g.More != "" {
		g.More = "Not shown above: " + g.More + " (every region is in regions-compare.csv, which ektpsim compare and ektpsim experiment write)."
	}
	return g
}

// moreRegions is "1 more region is" or "12 more regions are".
func moreRegions(n int) string {
	if n == 1 {
		return "1 more region is"
	}
	return results.Thousands(int64(n)) + " more regions are"
}

func regionsCount(n int) string {
	if n == 1 {
		return "1 region"
	}
	return results.Thousands(int64(n)) + " regions"
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}
