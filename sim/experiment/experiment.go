package experiment

import (
	"gopkg.in/yaml.v3"

	"github.com/ektpsim/ektpsim/sim/scenario"
)

// Baseline is the name of the baseline's run in an experiment: its result
// folder and its column in the comparison.
const Baseline = "baseline"

// Experiment is a decoded experiment file.
type Experiment struct {
	File        string // the file it was read from, as given
	Name        string // names the folder results/experiment-NAME
	Description string
	// Base is the baseline scenario as written: a path (from the
	// experiment file's folder) or a shipped scenario's name.
	Base    string
	BaseLoc scenario.Loc
	// Seed and Replications, when set, replace the base's.
	Seed         *uint64
	Replications int
	// Figures are the headline figures of interest, printed with the
	// findings (default backlog_end and printed_total).
	Figures []string
	// Regions are the regions of interest, whose figures are printed too.
	Regions    []string
	RegionLocs []scenario.Loc
	Variants   []Variant
}

// Variant is a named list of edits of the baseline.
type Variant struct {
	Name        string
	Description string
	Loc         scenario.Loc // of its name
	// Path is its key path in the file, e.g. variants[2]: its place in the
	// file's list, which variants refused before it do not shift.
	Path  string
	Edits []Edit
}

// Kind is what an edit does.
type Kind int

// The edit kinds.
const (
	Set Kind = iota
	Shift
	Scale
	Append
)

var kindNames = [...]string{"set", "shift", "scale", "append"}

func (k Kind) String() string { return kindNames[k] }

// Edit is one change of a variant.
type Edit struct {
	Kind Kind
	// Key is a dotted key path as --set takes it; with Regions, read
	// inside each selected region.
	Key    string
	KeyLoc scenario.Loc
	// Value is set's value or append's item, as YAML.
	Value    *yaml.Node
	ValueLoc scenario.Loc
	// Days is shift's move, in days (negative: earlier).
	Days int64
	// NotBefore, for shift, is "start" or a date: dates the move would
	// put before it are put on it instead (the first wave of blanks can
	// come no earlier than the first day). "" refuses such a move.
	NotBefore    string
	NotBeforeLoc scenario.Loc
	// Factor is scale's multiplier.
	Factor float64
	ByLoc  scenario.Loc
	// Regions, when not nil, selects the regions the edit applies to.
	Regions *Selection
	Path    string // the edit's own key path in the experiment, e.g. variants[0].edits[1]
}

// Selection picks regions of the baseline. Every filter given must hold;
// Top then keeps the Top regions with the largest figure By in the run In.
type Selection struct {
	Names    []string
	NameLocs []scenario.Loc
	Province string
	Top      int
	By       string // a headline figure of a region, e.g. backlog_end
	In       string // the run whose result ranks: baseline
	Loc      scenario.Loc
	Path     string // its key path, e.g. variants[1].edits[0].regions
	// provinceLoc and topLoc place problems of a filter.
	provinceLoc, topLoc scenario.Loc
}

// NeedsBaseline reports whether the selection ranks regions by the
// baseline's result, which must then be run first.
func (s *Selection) NeedsBaseline() bool { return s != nil && s.Top > 0 }

// needsBaseline reports whether any edit of v selects by the baseline's
// result.
func (v *Variant) needsBaseline() bool {
	for i := range v.Edits {
		if v.Edits[i].Regions.NeedsBaseline() {
			return true
		}
	}
	return false
}
