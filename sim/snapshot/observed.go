package snapshot

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// The observed-figures CSV (docs/snapshot.md): a header, then one row per
// region. Cells left empty keep the base scenario's value.
const (
	colRegion      = "region"
	colBlanks      = "blanks"
	colRibbonCards = "ribbon_cards"
	colRibbons     = "ribbons"
)

// observedStages are the backlog columns: a stage's total, or its classes
// as STAGE_CLASS (print_ready_first_time).
var observedStages = []string{scenario.StageUnsent, scenario.StageAwaitingIntake, scenario.StagePrintReady}

// classNames are the demand classes' names, in class order, as the
// scenario writes them.
func classNames() []string {
	out := make([]string, scenario.NumClasses)
	for c := range out {
		out[c] = scenario.Class(c).String()
	}
	return out
}

// Columns lists every column the observed CSV may have.
func Columns() []string {
	cols := []string{colRegion}
	for _, s := range observedStages {
		cols = append(cols, s)
		for _, c := range classNames() {
			cols = append(cols, s+"_"+c)
		}
	}
	return append(cols, colBlanks, colRibbonCards, colRibbons)
}

// MaxObservedBytes is the largest observed CSV read.
const MaxObservedBytes = 16 << 20

// maxObservedCount bounds a cell, as the scenario keys it becomes do.
const maxObservedCount = 1e12

// Observed is one region's observed figures: nil where the cell was empty
// or the column absent.
type Observed struct {
	Region int // index in the base scenario's regions
	Line   int
	// Stage[s] is stage s's total; Class[s][c] its classes.
	Stage       [3]*int64
	Class       [3][3]*int64
	Blanks      *int64
	RibbonCards *int64
	Ribbons     *int64
}

// Problems are the located problems of an observed CSV, one a line.
type Problems []string

func (p Problems) Error() string { return strings.Join(p, "\n") }

// separator is the field separator of a CSV file, read off its first
// line: a comma, or a semicolon or tab where the line has more of those
// (a spreadsheet saving "CSV" where the decimal mark is a comma, as in
// Indonesian settings, separates fields with semicolons).
func separator(data []byte) rune {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	best, most := ',', bytes.Count(line, []byte(","))
	for _, c := range []rune{';', '\t'} {
		if n := bytes.Count(line, []byte(string(c))); n > most {
			best, most = c, n
		}
	}
	return best
}

// ReadObserved reads the observed CSV data of file (its name, for
// messages) against the regions of base. It returns every problem at
// once, each as FILE:LINE: column "x": message.
func ReadObserved(file string, data []byte, base *scenario.Scenario) ([]Observed, error) {
	name := file
	var ps Problems
	fail := func(line int, col, format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		if col != "" {
			msg = fmt.Sprintf("column %q: %s", col, msg)
		}
		ps = append(ps, fmt.Sprintf("%s:%d: %s", name, line, msg))
	}
	if len(data) > MaxObservedBytes {
		fail(1, "", "the file is larger than %d MiB; an observed CSV has one row per region", MaxObservedBytes>>20)
		return nil, ps
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a spreadsheet's byte-order mark
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = separator(data)
	r.FieldsPerRecord = -1
	// With tabs, leading white space is the next empty cell: cells are
	// trimmed one by one instead.
	r.TrimLeadingSpace = r.Comma != '\t'
	header, err := r.Read()
	if err == io.EOF {
		fail(1, "", "the file is empty; the first line names the columns (region, print_ready, ...)")
		return nil, ps
	}
	if err != nil {
		fail(lineOf(err, 1), "", "%s", csvMessage(err))
		return nil, ps
	}
	known := Columns()
	cols := make([]string, len(header))
	seen := map[string]int{}
	regionCol := -1
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		cols[i] = h
		switch {
		case h == "":
			fail(1, "", "column %d has no name", i+1)
		case !slices.Contains(known, h):
			msg := "unknown column; the columns are " + strings.Join(known, ", ")
			if s := nearest(h, known); s != "" {
				msg = fmt.Sprintf("unknown column; did you mean %q?", s)
			}
			fail(1, h, "%s", msg)
		case seen[h] > 0:
			fail(1, h, "named twice (columns %d and %d)", seen[h], i+1)
		}
		seen[h] = i + 1
		if h == colRegion {
			regionCol = i
		}
	}
	if regionCol < 0 {
		fail(1, "", "no region column; the first line must name a column region (a region's name or code)")
		return nil, ps
	}
	if seen[colRibbonCards] > 0 && seen[colRibbons] > 0 {
		fail(1, colRibbons, "give ribbon_cards or ribbons, not both")
	}
	byName := map[string]int{}
	var names []string
	for i, reg := range base.Regions {
		byName[strings.ToLower(reg.Name)] = i
		names = append(names, reg.Name)
	}
	byCode := map[string]int{}
	for i, reg := range base.Regions {
		if reg.Code != "" {
			byCode[strings.ToLower(reg.Code)] = i
		}
	}
	var out []Observed
	onLine := map[int]int{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			fail(lineOf(err, 1), "", "%s", csvMessage(err))
			return nil, ps
		}
		line, _ := r.FieldPos(0)
		if len(ps) > 100 {
			fail(line, "", "too many problems; stopped here")
			return nil, ps
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if len(rec) != len(header) {
			fail(line, "", "%d cells, but the header names %d columns", len(rec), len(header))
			continue
		}
		o := Observed{Line: line, Region: -1}
		reg := strings.TrimSpace(rec[regionCol])
		i, ok := byName[strings.ToLower(reg)]
		if !ok {
			i, ok = byCode[strings.ToLower(reg)]
		}
		switch {
		case reg == "":
			fail(line, colRegion, "empty; give the region's name or code")
		case !ok:
			msg := fmt.Sprintf("%q is not a region of %s", reg, base.Name)
			if s := nearest(reg, names); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			fail(line, colRegion, "%s", msg)
		case onLine[i] > 0:
			fail(line, colRegion, "%q is also on line %d; give each region once", base.Regions[i].Name, onLine[i])
		default:
			onLine[i] = line
			o.Region = i
		}
		for j, cell := range rec {
			col := cols[j]
			cell = strings.TrimSpace(cell)
			if j == regionCol || cell == "" || !slices.Contains(known, col) {
				continue
			}
			n, err := count(cell)
			if err != nil {
				fail(line, col, "%v", err)
				continue
			}
			o.set(col, n)
		}
		for s, stage := range observedStages {
			var sum int64
			any := false
			for _, c := range o.Class[s] {
				if c != nil {
					sum += *c
					any = true
				}
			}
			if any && o.Stage[s] != nil && *o.Stage[s] != sum {
				fail(line, stage, "%d is not the sum of its classes (%d)", *o.Stage[s], sum)
			}
		}
		for _, k := range []struct {
			col string
			p   *int64
		}{{colRibbons, o.Ribbons}, {colRibbonCards, o.RibbonCards}} {
			if k.p != nil && o.Region >= 0 && base.Regions[o.Region].Ribbons.CardsPerRibbon == 0 {
				fail(line, k.col, "%s has no ribbons.cards_per_ribbon in the base scenario, which a ribbon stock needs", base.Regions[o.Region].Name)
			}
		}
		if o.Region >= 0 {
			out = append(out, o)
		}
	}
	if len(ps) > 0 {
		return nil, ps
	}
	return out, nil
}

func (o *Observed) set(col string, n int64) {
	p := &n
	switch col {
	case colBlanks:
		o.Blanks = p
		return
	case colRibbonCards:
		o.RibbonCards = p
		return
	case colRibbons:
		o.Ribbons = p
		return
	}
	for s, stage := range observedStages {
		if col == stage {
			o.Stage[s] = p
			return
		}
		for c, cls := range classNames() {
			if col == stage+"_"+cls {
				o.Class[s][c] = p
				return
			}
		}
	}
}

// count reads a cell: a whole number from 0, written in digits, commas
// between thousands allowed (1,234,567), as spreadsheets write them. A
// dot is refused, not read: "12.000" is twelve thousand in Indonesian and
// twelve in English.
func count(cell string) (int64, error) {
	s := strings.ReplaceAll(cell, "_", "")
	neg := strings.HasPrefix(s, "-")
	digits := strings.TrimPrefix(s, "-")
	switch {
	case strings.Contains(digits, "."):
		return 0, fmt.Errorf("%s has a dot: write the count in digits alone (12000) or with commas between thousands (12,000); a dot is a decimal point in one language and a thousands mark in another", cell)
	case strings.Contains(digits, ","):
		groups := strings.Split(digits, ",")
		ok := len(groups[0]) >= 1 && len(groups[0]) <= 3
		for _, g := range groups[1:] {
			ok = ok && len(g) == 3
		}
		if !ok {
			return 0, fmt.Errorf("%q is not a number with commas between thousands (1,234,567)", cell)
		}
		digits = strings.Join(groups, "")
	}
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return 0, fmt.Errorf("%q is not a number", cell)
	}
	if neg {
		return 0, fmt.Errorf("%s is negative; observed figures are 0 or more", cell)
	}
	v, err := strconv.ParseInt(digits, 10, 64)
	if v > maxObservedCount || err != nil {
		return 0, fmt.Errorf("%s is more than 1,000,000,000,000, the limit", cell)
	}
	return v, nil
}

func lineOf(err error, def int) int {
	var pe *csv.ParseError
	if errors.As(err, &pe) && pe.Line > 0 {
		return pe.Line
	}
	return def
}

func csvMessage(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return "not valid CSV: " + pe.Err.Error()
	}
	return err.Error()
}

// nearest is the name of names closest to s by edit distance (case
// ignored), if within a third of its length.
func nearest(s string, names []string) string {
	best, bestD := "", max(2, len(s)/3)+1
	for _, n := range names {
		d := scenario.EditDistance(strings.ToLower(s), strings.ToLower(n))
		if d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// FromObserved returns the scenario that starts on date from the base
// scenario's state at its start with the observed figures in place: each
// observed region's backlog of the stages given (a stage's total split
// among its classes as the base's backlog of it is, all first-time when
// the base has none), its blanks and ribbons. Dated items before date are
// dropped, changes before it folded in (as in a snapshot of a run).
func FromObserved(base *scenario.Scenario, obs []Observed, date scenario.Date) (*scenario.Scenario, error) {
	if date.Days() > base.End.Days() {
		return nil, fmt.Errorf("--date %s is after the base scenario's end %s", date, base.End)
	}
	out := *base
	out.Start = date
	out.Horizon = nil
	out.Base = ""
	out.Defaults = nil
	if out.Origin != nil && out.Origin.Days() >= date.Days() {
		out.Origin = nil
	}
	out.Name = base.Name + "-observed-" + date.String()
	out.Description = fmt.Sprintf("Observed figures on %s over %q.", date, base.Name)
	out.Calendar.Holidays = nil
	for _, h := range base.Calendar.Holidays {
		if h.Days() >= date.Days() {
			out.Calendar.Holidays = append(out.Calendar.Holidays, h)
		}
	}
	c := &out.Central
	c.Changes = nil
	for _, ch := range base.Central.Changes {
		if ch.Date.Days() >= date.Days() {
			c.Changes = append(c.Changes, ch)
			continue
		}
		if ch.IntakePerDay != nil {
			c.IntakePerDay = *ch.IntakePerDay
		}
		if ch.StorageCapacity != nil {
			c.StorageCapacity = *ch.StorageCapacity
		}
	}
	c.Outages = outages(base.Central.Outages, date)
	c.Blanks.Deliveries = deliveries(base.Central.Blanks.Deliveries, date)
	if a := base.Central.Blanks.Allocation; a != nil && a.Next != nil && a.Next.Days() < date.Days() {
		na := *a
		na.Next = nil
		c.Blanks.Allocation = &na
	}
	out.Regions = make([]scenario.Region, len(base.Regions))
	for i := range base.Regions {
		r := base.Regions[i]
		// The base's state at its start, dated items before date dropped.
		rs := regionStart(&r)
		out.Regions[i] = region(r, rs, date)
		out.Regions[i].Backlog = r.Backlog
		out.Regions[i].Ribbons.Cards = r.Ribbons.Cards
		out.Regions[i].Ribbons.Stock = r.Ribbons.Stock
	}
	for _, o := range obs {
		r := &out.Regions[o.Region]
		for s, counts := range []*scenario.ClassCounts{&r.Backlog.Unsent, &r.Backlog.AwaitingIntake, &r.Backlog.PrintReady} {
			var given bool
			for _, p := range o.Class[s] {
				given = given || p != nil
			}
			if given || o.Stage[s] != nil {
				// The observed figure replaces the stage's backlog, by
				// recording day too (a base that is a snapshot).
				stage := observedStages[s]
				r.Backlog.Cohorts = slices.DeleteFunc(slices.Clone(r.Backlog.Cohorts), func(c scenario.Cohort) bool { return c.Stage == stage })
			}
			switch {
			case given:
				var v [3]int64
				for k, p := range o.Class[s] {
					if p != nil {
						v[k] = *p
					}
				}
				*counts = scenario.ClassCounts{FirstTime: v[0], Replacement: v[1], ElementChange: v[2]}
			case o.Stage[s] != nil:
				*counts = split(*o.Stage[s], *counts)
			}
		}
		if o.Blanks != nil {
			r.Blanks.Stock = scenario.Amount{N: *o.Blanks}
			r.Blanks.OnOrder = nil
		}
		if o.RibbonCards != nil {
			per := max(r.Ribbons.CardsPerRibbon, 1)
			r.Ribbons.Stock = scenario.Amount{N: (*o.RibbonCards + per - 1) / per}
			n := *o.RibbonCards
			r.Ribbons.Cards = &n
			r.Ribbons.OnOrder = nil
		}
		if o.Ribbons != nil {
			r.Ribbons.Stock = scenario.Amount{N: *o.Ribbons}
			r.Ribbons.Cards = nil
			r.Ribbons.OnOrder = nil
		}
	}
	return &out, nil
}

// regionStart is a region's state as its scenario gives it at the start:
// its stocks, its sites' progress and charge, its orders on the way.
func regionStart(r *scenario.Region) model.RegionState {
	rs := model.RegionState{Accepted: r.Backlog.Accepted, Cohorts: r.Backlog.Cohorts, Blanks: -1, RibbonCards: -1,
		BlanksOnOrder: r.Blanks.OnOrder, RibbonsOnOrder: r.Ribbons.OnOrder}
	if !r.Blanks.Stock.Unlimited {
		rs.Blanks = r.Blanks.Stock.N
	}
	for _, s := range r.Sites {
		charge := float64(r.UPSHours)
		if s.UPSHours != nil {
			charge = float64(*s.UPSHours)
		}
		if s.UPSCharge != nil {
			charge = float64(*s.UPSCharge)
		}
		rs.Sites = append(rs.Sites, model.SiteState{Progress: s.Progress, UPSCharge: charge})
	}
	return rs
}

// split shares n among the classes as like is shared (largest remainder,
// ties to the first class), or gives it all to first-time records when
// like is empty.
func split(n int64, like scenario.ClassCounts) scenario.ClassCounts {
	w := [3]int64{like.FirstTime, like.Replacement, like.ElementChange}
	total := w[0] + w[1] + w[2]
	if total == 0 {
		return scenario.ClassCounts{FirstTime: n}
	}
	var v [3]int64
	var rem [3]uint64
	given := int64(0)
	for k := range w {
		hi, lo := bits.Mul64(uint64(n), uint64(w[k]))
		q, r := bits.Div64(hi, lo, uint64(total))
		v[k], rem[k] = int64(q), r
		given += int64(q)
	}
	for ; given < n; given++ {
		best := -1
		for k := range w {
			if w[k] > 0 && (best < 0 || rem[k] > rem[best]) {
				best = k
			}
		}
		v[best]++
		rem[best] = 0
	}
	return scenario.ClassCounts{FirstTime: v[0], Replacement: v[1], ElementChange: v[2]}
}
