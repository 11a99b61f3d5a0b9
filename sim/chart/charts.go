package chart

import (
	"encoding/json"
	"fmt"
	"image/color"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ektpsim/ektpsim/sim/results"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

func newGrid() *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical.Color = color.Gray{0xe4}
	g.Horizontal.Color = color.Gray{0xe4}
	g.Vertical.Width, g.Horizontal.Width = vg.Points(0.5), vg.Points(0.5)
	return g
}

// Series is one line of a chart, for golden tests of chart data.
type Series struct {
	Name   string
	X, Y   []float64
	Filled bool // an area down to the series below it
}

// stage is one stage of the backlog stack.
type stage struct {
	name    string
	columns []string
	colour  color.Color
}

// stages are stacked from the bottom: print-ready nearest the axis, as it
// is what blanks and printers can act on.
func stages() []stage {
	return []stage{
		{"print-ready, waiting for a card", []string{"print_ready"}, colReady},
		{"at the centre: verification and duplicates", []string{"in_verification", "duplicates_pending"}, colCentre},
		{"waiting for central intake", []string{"awaiting_intake"}, colAwaiting},
		{"recorded, not yet sent", []string{"unsent"}, colUnsent},
	}
}

// BacklogSeries are the cumulative tops of the backlog stack, by day.
func BacklogSeries(r *Run) []Series { return backlogSeries(r, r.Nation) }

// backlogSeries are the tops of the backlog stack of the columns cols (the
// nation's or a region's).
func backlogSeries(r *Run, cols map[string][]float64) []Series {
	x := xs(r.Dates)
	below := make([]float64, len(x))
	var out []Series
	for _, st := range stages() {
		top := make([]float64, len(x))
		for i := range x {
			top[i] = below[i]
			for _, c := range st.columns {
				if v := cols[c]; len(v) > i && !math.IsNaN(v[i]) {
					top[i] += v[i]
				}
			}
		}
		out = append(out, Series{Name: st.name, X: x, Y: top, Filled: true})
		below = top
	}
	return out
}

func xs(dates []time.Time) []float64 {
	x := make([]float64, len(dates))
	for i, d := range dates {
		x[i] = dayValue(d)
	}
	return x
}

// Event is a dated event of the scenario worth marking on a chart.
type Event struct {
	Date  time.Time
	Label string
}

// Events lists the scenario's central changes and national deliveries
// that fall within the run.
func Events(r *Run) []Event {
	var ev []Event
	first, last := r.Dates[0], r.Dates[len(r.Dates)-1]
	in := func(t time.Time) bool { return !t.Before(first) && !t.After(last) }
	c := r.Scenario.Central
	for _, ch := range c.Changes {
		t := ch.Date.Time()
		if !in(t) {
			continue
		}
		label := "server change"
		switch {
		case ch.StorageCapacity != nil && ch.IntakePerDay != nil:
			label = "server upgrade"
		case ch.StorageCapacity != nil:
			label = "server capacity " + Short(float64(ch.StorageCapacity.N))
		case ch.IntakePerDay != nil:
			label = "intake " + Short(float64(ch.IntakePerDay.N)) + "/day"
		}
		ev = append(ev, Event{t, label})
	}
	for _, d := range c.Blanks.Deliveries {
		if t := d.Date.Time(); in(t) {
			ev = append(ev, Event{t, "+" + Short(float64(d.Amount)) + " blanks"})
		}
	}
	// The day the server fills, from the data.
	if s := r.Nation["central_stored"]; len(s) > 0 && !c.StorageCapacity.Unlimited {
		capacity := float64(c.StorageCapacity.N)
		for i, v := range s {
			if v >= capacity && (i == 0 || s[i-1] < capacity) {
				ev = append(ev, Event{r.Dates[i], "server full"})
				break
			}
		}
	}
	sort.SliceStable(ev, func(i, j int) bool { return ev[i].Date.Before(ev[j].Date) })
	return ev
}

// PrintingSeries are the series of the printing chart: cards printed and
// records made per day (7-day means, so weekends do not saw the line), and
// both cumulated since the start.
func PrintingSeries(r *Run) []Series { return printingSeries(r, r.Nation) }

// printingSeries are PrintingSeries of the place whose daily columns are
// cols.
func printingSeries(r *Run, cols map[string][]float64) []Series {
	x := xs(r.Dates)
	printed := cols["printed"]
	recorded := diff(cols["recorded"])
	return []Series{
		{Name: "cards printed a day (7-day mean)", X: x, Y: rolling(printed, 7)},
		{Name: "records made a day (7-day mean)", X: x, Y: rolling(recorded, 7)},
		{Name: "cards printed since the start", X: x, Y: cols["printed_cum"]},
		{Name: "records made since the start", X: x, Y: cols["recorded"]},
	}
}

func diff(cum []float64) []float64 {
	out := make([]float64, len(cum))
	for i := range cum {
		out[i] = cum[i]
		if i > 0 {
			out[i] -= cum[i-1]
		}
	}
	return out
}

func rolling(v []float64, n int) []float64 {
	out := make([]float64, len(v))
	sum := 0.0
	for i := range v {
		sum += v[i]
		if i >= n {
			sum -= v[i-n]
		}
		out[i] = sum / float64(min(i+1, n))
	}
	return out
}

// LostSeries are the printer-hours lost by cause per calendar month.
func LostSeries(r *Run) (months []time.Time, byCause map[string][]float64) {
	return lostSeries(r, r.Nation)
}

// lostSeries are LostSeries of the place whose daily columns are cols.
func lostSeries(r *Run, cols map[string][]float64) (months []time.Time, byCause map[string][]float64) {
	byCause = map[string][]float64{}
	idx := -1
	for i, d := range r.Dates {
		if idx < 0 || d.Month() != months[idx].Month() || d.Year() != months[idx].Year() {
			months = append(months, time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC))
			idx++
			for _, c := range causes() {
				byCause[c] = append(byCause[c], 0)
			}
		}
		for _, c := range causes() {
			if v := cols["lost_"+c+"_hours"]; len(v) > i && !math.IsNaN(v[i]) {
				byCause[c][idx] += v[i]
			}
		}
	}
	return months, byCause
}

// RankSeries ranks the regions by their backlog at the end (largest first)
// and gives their clear dates where they cleared.
func RankSeries(r *Run, n int) (names []string, backlog []float64, cleared []string) {
	type reg struct {
		name  string
		end   float64
		clear string
	}
	var regs []reg
	for name := range r.Summary.Regions {
		v, _ := r.Summary.Number(name, "backlog_end")
		regs = append(regs, reg{name, v, r.Summary.Text(name, "clear_date")})
	}
	sort.Slice(regs, func(i, j int) bool {
		if regs[i].end != regs[j].end {
			return regs[i].end > regs[j].end
		}
		return regs[i].name < regs[j].name
	})
	for i := 0; i < len(regs) && i < n; i++ {
		names = append(names, regs[i].name)
		backlog = append(backlog, regs[i].end)
		cleared = append(cleared, regs[i].clear)
	}
	return
}

// StockRegions picks up to n regions: the run's focus regions first,
// then those that ran out of blanks, most stock-out days first (ties by
// name).
func StockRegions(s *Summary, n int) []string {
	type reg struct {
		name string
		days float64
	}
	var out []string
	for _, name := range s.Focus {
		if _, ok := s.Regions[name]; ok && len(out) < n {
			out = append(out, name)
		}
	}
	var regs []reg
	for name := range s.Regions {
		if d, _ := s.Number(name, "blanks_stockout_days"); d > 0 && !slices.Contains(out, name) {
			regs = append(regs, reg{name, d})
		}
	}
	sort.Slice(regs, func(i, j int) bool {
		if regs[i].days != regs[j].days {
			return regs[i].days > regs[j].days
		}
		return regs[i].name < regs[j].name
	})
	for i := 0; i < len(regs) && len(out) < n; i++ {
		out = append(out, regs[i].name)
	}
	return out
}

// StockoutSpans are the runs of days on which a region had no blanks while
// records were print-ready, as [first, last] day indexes.
func StockoutSpans(blanks, ready []float64) [][2]int {
	var spans [][2]int
	start := -1
	for i := range blanks {
		out := blanks[i] == 0 && i < len(ready) && ready[i] > 0
		switch {
		case out && start < 0:
			start = i
		case !out && start >= 0:
			spans = append(spans, [2]int{start, i - 1})
			start = -1
		}
	}
	if start >= 0 {
		spans = append(spans, [2]int{start, len(blanks) - 1})
	}
	return spans
}

func zeroNaN(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		if !math.IsNaN(x) {
			out[i] = x
		}
	}
	return out
}

// runTitle is how a chart's title names a run: the opening of its
// scenario's description (up to the first colon, or the first comma
// outside brackets when the sentence is long), else its name.
// A run named with overrides ("binjai-2017+replications=6") has them
// after its title, in brackets.
func runTitle(r *Run) string {
	t := describe(r)
	if _, over, ok := strings.Cut(r.Name, "+"); ok && t != r.Name {
		t += " (" + over + ")"
	}
	return t
}

func describe(r *Run) string {
	if r.Scenario == nil {
		return r.Name
	}
	d := strings.Join(strings.Fields(r.Scenario.Description), " ")
	if d == "" {
		return r.Name
	}
	if i := strings.Index(d, ": "); i > 0 && i <= 90 {
		return d[:i]
	}
	if i := strings.Index(d, ". "); i > 0 {
		d = d[:i]
	}
	d = strings.TrimSuffix(d, ".")
	if len(d) > 90 {
		depth := 0
		for i, c := range d {
			switch c {
			case '(':
				depth++
			case ')':
				depth--
			case ',':
				if depth == 0 && i > 20 && strings.HasPrefix(d[i:], ", ") {
					return d[:i]
				}
			}
		}
	}
	return d
}

// figures are the charts of run r for medium m, in reading order.
func figures(r *Run, m medium) ([]*figure, error) {
	var out []*figure
	// A run with a focus leads with its focus regions' backlog, printing
	// and lost hours, where it holds their days.
	for _, name := range focusBacklogs(r) {
		out = append(out, regionBacklogFigure(r, m, name))
		cols := r.Regions[name]
		if hasDays(r, cols, "printed", "recorded", "printed_cum") {
			out = append(out, printingFigure(r, m, name, cols))
		}
		if hasDays(r, cols, lostColumns()...) && anyAbove0(cols, lostColumns()) {
			f, err := lostFigure(r, m, name, cols)
			if err != nil {
				return nil, err
			}
			out = append(out, f)
		}
	}
	out = append(out, backlogFigure(r, m))
	if f := bandFigure(r, m); f != nil {
		out = append(out, f)
	}
	out = append(out, printingFigure(r, m, "", r.Nation))
	if f, err := lostFigure(r, m, "", r.Nation); err != nil {
		return nil, err
	} else {
		out = append(out, f)
	}
	if f := stockFigure(r, m); f != nil {
		out = append(out, f)
	}
	if f, err := rankFigure(r, m, 25); err != nil {
		return nil, err
	} else if f != nil {
		out = append(out, f)
	}
	return out, nil
}

// nations is "the nation's " for a run with focus regions, whose title
// (the scenario's own words) names them, so that the charts of the whole
// scenario do not read as the focus regions'; "" otherwise.
func nations(r *Run) string {
	if len(r.Summary.Focus) > 0 {
		return "the nation's "
	}
	return ""
}

// tall is a figure height: the desktop one, or for a phone the height its
// narrower width needs.
func tall(m medium, desk, ph vg.Length) vg.Length {
	if m.phone {
		return ph
	}
	return desk
}

// backlogCaption says what the backlog chart shows, with the peak written
// as the briefing's table writes it (the same figure, rounded the same
// way); with replications the peak is their mean and the stacked days
// are the first replication's, and the caption says so.
// region is "" for the nation.
func backlogCaption(r *Run, region string) string {
	peak, _ := r.Summary.Number(region, results.PeakBacklog)
	fig, _ := results.FigureByKey(results.PeakBacklog)
	date := longDate(r.Summary.Text(region, results.PeakDate))
	whose := "The nation's"
	if region != "" {
		whose = region + "'s"
	}
	if n := r.Summary.Replications; n > 1 {
		return fmt.Sprintf("%s backlog by stage, day by day, in the first of %d replications; the mean peak over all of them is %s, on %s (mean date). Dashed lines mark the scenario's server changes and national blank deliveries.", whose, n, fig.Text(peak), date)
	}
	return fmt.Sprintf("%s backlog by stage, day by day; it peaks at %s on %s. Dashed lines mark the scenario's server changes and national blank deliveries.", whose, fig.Text(peak), date)
}

// maxFocusBacklogs is the most focus regions whose backlog is drawn.
const maxFocusBacklogs = 4

// focusBacklogs are the focus regions whose backlog the charts draw: those
// whose every stage's days the run holds.
func focusBacklogs(r *Run) []string {
	var out []string
	for _, name := range r.Summary.Focus {
		ok := r.Regions[name] != nil
		for _, st := range stages() {
			ok = ok && hasDays(r, r.Regions[name], st.columns...)
		}
		if ok && len(out) < maxFocusBacklogs {
			out = append(out, name)
		}
	}
	return out
}

// hasDays reports whether cols holds every day of the run of each column
// of keys.
func hasDays(r *Run, cols map[string][]float64, keys ...string) bool {
	for _, k := range keys {
		if len(cols[k]) != len(r.Dates) {
			return false
		}
	}
	return true
}

// anyAbove0 reports whether some day of some column of keys is above 0.
func anyAbove0(cols map[string][]float64, keys []string) bool {
	for _, k := range keys {
		for _, v := range cols[k] {
			if v > 0 {
				return true
			}
		}
	}
	return false
}

// lostColumns are the daily columns of lost hours by cause.
func lostColumns() []string {
	var out []string
	for _, c := range causes() {
		out = append(out, "lost_"+c+"_hours")
	}
	return out
}

// regionFile is the file of a region's chart: prefix_ and the region's
// name in lower-case letters and digits, anything else as _.
func regionFile(prefix, name string) string {
	return prefix + "_" + strings.Map(func(c rune) rune {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			return c
		}
		if c >= 'A' && c <= 'Z' {
			return c + 'a' - 'A'
		}
		return '_'
	}, name)
}

// regionBacklogFigure is a focus region's backlog stacked by stage, with
// the scenario's dated events marked; its file is backlog_REGION.
func regionBacklogFigure(r *Run, m medium, name string) *figure {
	return stackedBacklog(r, m, regionFile("backlog", name), name+": backlog by stage", name, r.Regions[name])
}

// backlogFigure is the nation's backlog stacked by stage, with the
// scenario's dated events marked.
func backlogFigure(r *Run, m medium) *figure {
	return stackedBacklog(r, m, "backlog", runTitle(r)+": "+nations(r)+"backlog by stage", "", r.Nation)
}

// stackedBacklog is the backlog of region ("" for the nation), whose
// daily columns are cols, stacked by stage with the scenario's dated
// events marked, as file.
func stackedBacklog(r *Run, m medium, file, title, region string, cols map[string][]float64) *figure {
	p := newPanel(m, "records waiting")
	f := single(file, "", title, p, tall(m, 12*vg.Centimeter, 250))
	f.caption = backlogCaption(r, region)
	var below []float64
	for i, s := range backlogSeries(r, cols) {
		poly := area(s.X, below, s.Y, stages()[i].colour)
		p.Add(poly)
		p.addSeries(xy(s.X, s.Y))
		f.legend.add(s.Name, poly)
		below = s.Y
	}
	if markEvents(f, p, m, r, below) {
		f.caption += " The lines are numbered; the legend says what each is."
	}
	return f
}

// xy pairs x and y, NaN as zero.
func xy(x, y []float64) plotter.XYs {
	pts := make(plotter.XYs, len(x))
	for i := range x {
		pts[i] = plotter.XY{X: x[i]}
		if i < len(y) && !math.IsNaN(y[i]) {
			pts[i].Y = y[i]
		}
	}
	return pts
}

// area is the polygon between two series (lo nil means zero).
func area(x, lo, hi []float64, c color.Color) *plotter.Polygon {
	pts := make(plotter.XYs, 0, 2*len(x))
	top := xy(x, hi)
	pts = append(pts, top...)
	bottom := xy(x, lo)
	for i := len(x) - 1; i >= 0; i-- {
		if lo == nil {
			bottom[i].Y = 0
		}
		pts = append(pts, bottom[i])
	}
	poly := &plotter.Polygon{XYs: []plotter.XYs{pts}, Color: c}
	poly.LineStyle.Width = 0
	return poly
}

// markEvents draws a dashed line and a label for each event. The labels sit
// above the data, at the lowest level where they overlap no other label and
// no line crosses them, and the axis grows to hold them. Where the labels
// would need more than maxEventLevels levels at the medium's width, the
// lines are numbered instead, the numbers explained in the legend, and
// markEvents returns true.
func markEvents(f *figure, p *panel, m medium, r *Run, top []float64) (numbered bool) {
	peak := 0.0
	for _, v := range top {
		peak = max(peak, v)
	}
	if peak == 0 {
		peak = 1
	}
	p.Y.Max = peak * 1.05
	type mark struct {
		line *plotter.Line
		note *note
	}
	var marks []mark
	events := Events(r)
	if len(events) == 0 {
		return false
	}
	sty := style(m.note, colEvent)
	// Whether the labels fit, on a guess of the data area's width: the
	// figure less the legend beside it and the y axis.
	guess := m.width - 2*m.margin - 45
	if !m.phone {
		guess -= min(f.legend.naturalWidth(style(m.text, color.Black)), 0.3*m.width) + m.gap
	}
	first, last := dayValue(r.Dates[0]), dayValue(r.Dates[len(r.Dates)-1])
	var cx, ws []vg.Length
	for _, e := range events {
		cx = append(cx, guess*vg.Length((dayValue(e.Date)-first)/max(1, last-first)))
		ws = append(ws, sty.Width(e.Label))
	}
	_, _, fits := placeLabels(cx, ws, 0, guess)
	var key []string
	var keyLine *plotter.Line
	for i, e := range events {
		x := dayValue(e.Date)
		line, _ := plotter.NewLine(plotter.XYs{{X: x, Y: 0}, {X: x, Y: peak}})
		line.Color = colEvent
		line.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
		line.Width = vg.Points(0.7)
		p.Add(line)
		keyLine = line
		label := e.Label
		if !fits {
			label = strconv.Itoa(i + 1)
			key = append(key, fmt.Sprintf("%d: %s, %s", i+1, e.Label, e.Date.Format("2 Jan 2006")))
		}
		n := &note{X: x, Y: peak, Text: label, Style: sty}
		p.notes = append(p.notes, n)
		marks = append(marks, mark{line, n})
	}
	for _, k := range key {
		f.legend.add(k, keyLine)
	}
	p.fits = append(p.fits, func(c draw.Canvas) {
		W, H := c.Max.X-c.Min.X, c.Max.Y-c.Min.Y
		gap := vg.Points(3)
		var xs, ws []vg.Length
		lineH := vg.Length(0)
		for _, mk := range marks {
			xs = append(xs, c.Min.X+W*vg.Length(p.X.Norm(mk.note.X)))
			ws = append(ws, mk.note.Style.Width(mk.note.Text))
			lineH = max(lineH, mk.note.Style.Height(mk.note.Text))
		}
		lefts, lvl, _ := placeLabels(xs, ws, c.Min.X, c.Max.X)
		levels := slices.Max(lvl) + 1
		reserve := gap + vg.Length(levels)*(lineH+gap)
		frac := min(float64(reserve/H), 0.6)
		p.Y.Max = peak / (1 - frac)
		dataY := func(cy vg.Length) float64 { return p.Y.Max * float64(cy/H) }
		peakC := H * vg.Length(peak/p.Y.Max)
		for i, mk := range marks {
			bottom := peakC + gap + vg.Length(lvl[i])*(lineH+gap)
			mk.note.Y = dataY(bottom)
			mk.note.Style.XAlign, mk.note.Style.YAlign = draw.XLeft, draw.YBottom
			mk.note.Offset = vg.Point{X: lefts[i] - xs[i], Y: mk.note.Style.FontExtents().Descent}
			mk.line.XYs[1].Y = dataY(bottom - gap/2)
		}
	})
	return !fits
}

// maxEventLevels is how many rows of event labels a chart may stack.
const maxEventLevels = 3

// placeLabels places labels of widths ws for lines at xs, within [lo, hi]:
// each centred on its line, or ending or starting at it, at the lowest of
// maxEventLevels levels where it overlaps no other label and covers no
// other event's line (so no line, rising to its label, crosses another).
// fits is whether every label found such a place; one that did not is
// centred at the lowest level where it overlaps no label.
func placeLabels(xs, ws []vg.Length, lo, hi vg.Length) (lefts []vg.Length, levels []int, fits bool) {
	const gap = 3
	type placed struct {
		left, right vg.Length
		level       int
	}
	var done []placed
	clear := func(k int, left, w vg.Length) bool {
		for _, d := range done {
			if d.level == k && left < d.right+gap && left+w+gap > d.left {
				return false
			}
		}
		return true
	}
	fits = true
	for i, x := range xs {
		w := ws[i]
		clamp := func(l vg.Length) vg.Length { return min(max(l, lo), hi-w) }
		cands := []vg.Length{clamp(x - w/2), clamp(x - w - 1), clamp(x + 1)}
		covers := func(left vg.Length) bool {
			for j, o := range xs {
				if j != i && math.Abs(float64(o-x)) >= 1 && o > left-gap && o < left+w+gap {
					return true
				}
			}
			return false
		}
		left, level, found := cands[0], 0, false
		for k := 0; k < maxEventLevels && !found; k++ {
			for _, c := range cands {
				if !covers(c) && clear(k, c, w) {
					left, level, found = c, k, true
					break
				}
			}
		}
		if !found {
			fits = false
			for level = 0; !clear(level, left, w); level++ {
			}
		}
		done = append(done, placed{left, left + w, level})
		lefts = append(lefts, left)
		levels = append(levels, level)
	}
	return lefts, levels, fits
}

// bandFigure is the nation's backlog across replications: the mean and the
// shaded 5-95% band.
func bandFigure(r *Run, m medium) *figure {
	b, ok := r.Bands["backlog"]
	if !ok || len(b.Mean) != len(r.Dates) {
		return nil
	}
	p := newPanel(m, "records waiting")
	f := single("backlog_bands", fmt.Sprintf("The nation's backlog over %d replications: the line is the mean, the band holds 90%% of replications.", r.Summary.Replications),
		fmt.Sprintf("%s: %sbacklog, mean of %d replications with 5-95%% band", runTitle(r), nations(r), r.Summary.Replications), p,
		tall(m, 11*vg.Centimeter, 230))
	x := xs(r.Dates)
	poly := area(x, b.P05, b.P95, withAlpha(colReady, 0x50))
	p.Add(poly)
	p.addSeries(xy(x, b.P95))
	f.legend.add("5-95% of replications", poly)
	l := line(p, x, b.Mean, colReady, 1.5, false)
	f.legend.add("mean", l)
	return f
}

func withAlpha(c color.Color, a uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), a}
}

// line draws a series on p and records it.
func line(p *panel, x, y []float64, c color.Color, width float64, dashed bool) *plotter.Line {
	pts := xy(x, y)
	l := &plotter.Line{XYs: pts}
	l.Color = c
	l.Width = vg.Points(width)
	if dashed {
		l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	}
	p.Add(l)
	p.addSeries(pts)
	return l
}

// printingFigure is two panels: per day, and cumulative, of region ("" for
// the nation), whose daily columns are cols.
func printingFigure(r *Run, m medium, region string, cols map[string][]float64) *figure {
	s := printingSeries(r, cols)
	day := newPanel(m, "cards printed, records made a day")
	day.Title.Text = "a day (7-day means)"
	capPeaks(day, m, s[0].X, "a day", &s[1].Y, &s[0].Y)
	ld := line(day, s[1].X, s[1].Y, colDemand, 1.2, true)
	lp := line(day, s[0].X, s[0].Y, colPrinted, 1.5, false)
	cum := newPanel(m, "cards printed, records made")
	cum.Title.Text = "since the start"
	line(cum, s[3].X, s[3].Y, colDemand, 1.2, true)
	line(cum, s[2].X, s[2].Y, colPrinted, 1.5, false)
	f := &figure{file: "printing",
		caption: "Cards printed against records made: above, a day (7-day means); below, since the start. The gap between the lines is the backlog growing.",
		title:   runTitle(r) + ": " + nations(r) + "cards printed against records made",
		rows:    [][]*panel{{day}, {cum}}, height: tall(m, 16*vg.Centimeter, 400)}
	if region != "" {
		f.file = regionFile("printing", region)
		f.caption = region + "'s c" + f.caption[1:]
		f.title = region + ": cards printed against records made"
	} else if nations(r) != "" {
		f.caption = "The nation's c" + f.caption[1:]
	}
	f.legend.add("records made (recording demand)", ld)
	f.legend.add("cards printed", lp)
	return f
}

// capPeaks keeps a short spike (a recording drive) from flattening the
// rest of a daily chart: the axis stops at 1.6 times the 95th percentile
// (or higher, to hold every other series whole), the series with the spike
// is cut at the axis, and the spike's peak is written at the top where it
// leaves the chart. Only the spike's series is ever cut, so every line the
// note does not speak of is drawn whole.
func capPeaks(p *panel, m medium, x []float64, unit string, series ...*[]float64) {
	var all []float64
	peak, at, spiky := 0.0, 0.0, -1
	for k, s := range series {
		for i, v := range *s {
			if math.IsNaN(v) {
				continue
			}
			all = append(all, v)
			if v > peak {
				peak, at, spiky = v, x[i], k
			}
		}
	}
	if len(all) == 0 {
		return
	}
	sort.Float64s(all)
	limit := 1.6 * all[len(all)*95/100]
	for k, s := range series {
		if k == spiky {
			continue
		}
		for _, v := range *s {
			if v > limit {
				limit = v
			}
		}
	}
	if peak <= limit || limit == 0 {
		return
	}
	limit = niceCeil(limit)
	if peak <= limit {
		return
	}
	capped := slices.Clone(*series[spiky])
	for i := range capped {
		capped[i] = min(capped[i], limit)
	}
	*series[spiky] = capped
	p.Y.Max = limit
	n := &note{X: at, Y: limit, Text: "peak " + Short(peak) + " " + unit + ", off the scale", Style: style(m.note, colEvent)}
	p.notes = append(p.notes, n)
	p.fits = append(p.fits, func(c draw.Canvas) {
		p.Y.Max = limit
		n.Style.YAlign = draw.YTop
		n.Style.XAlign = draw.XLeft
		n.Offset = vg.Point{X: vg.Points(4), Y: -vg.Points(2)}
		if p.X.Norm(at) > 0.55 {
			n.Style.XAlign = draw.XRight
			n.Offset.X = -vg.Points(4)
		}
	})
}

// niceCeil rounds x up to 1, 2 or 5 times a power of ten, so the axis
// ends on a tick.
func niceCeil(x float64) float64 {
	e := math.Pow(10, math.Floor(math.Log10(x)))
	for _, k := range []float64{1, 2, 2.5, 5, 10} {
		if k*e >= x {
			return k * e
		}
	}
	return 10 * e
}

// lostFigure stacks lost printer-hours by cause, month by month; a broken
// printer's hours are drawn last, in light grey, and said not to count.
// region is "" for the nation; cols are its daily columns.
func lostFigure(r *Run, m medium, region string, cols map[string][]float64) (*figure, error) {
	months, by := lostSeries(r, cols)
	p := plainPanel(m)
	p.Y.Label.Text = "printer-hours lost a month"
	p.Y.Tick.Marker = countTicks{}
	p.Y.Min = 0
	p.X.Tick.Marker = monthTicks{months: months}
	p.padTop = true
	file, title, whose := "lost_hours", fmt.Sprintf("%s: %sprinter-hours lost, by cause and month", runTitle(r), nations(r)), "P"
	if nations(r) != "" {
		whose = "The nation's p"
	}
	if region != "" {
		file, title, whose = regionFile("lost_hours", region), region+": printer-hours lost, by cause and month", region+"'s p"
	}
	f := single(file, whose+"rinter-hours lost each month, by cause: what stopped printers that had work to do. Hours of a broken printer (light grey) are shown but not counted in the lost hours of the summary, which are those of working printers.",
		title, p, tall(m, 11*vg.Centimeter, 230))
	var below *plotter.BarChart
	var bars []*plotter.BarChart
	order := append(slices.DeleteFunc(causes(), func(c string) bool { return c == "breakdown" }), "breakdown")
	tops := make([]float64, len(months))
	for _, c := range order {
		vals := make(plotter.Values, len(months))
		total := 0.0
		for i := range months {
			vals[i] = by[c][i]
			total += vals[i]
		}
		if total == 0 {
			continue
		}
		b, err := plotter.NewBarChart(vals, 1)
		if err != nil {
			return nil, err
		}
		b.Color = causeColour(c)
		b.LineStyle.Width = 0
		if below != nil {
			b.StackOn(below)
		}
		p.Add(b)
		name := causeName(c)
		if c == "breakdown" {
			b.Color = colBroken
			name += " (not counted in lost hours)"
		}
		f.legend.add(name, b)
		below = b
		bars = append(bars, b)
		for i := range months {
			tops[i] += vals[i]
		}
	}
	pts := make(plotter.XYs, len(months))
	for i := range months {
		pts[i] = plotter.XY{X: float64(i), Y: tops[i]}
	}
	p.addSeries(pts)
	p.X.Min, p.X.Max = -0.5, float64(len(months))-0.5
	p.fits = append(p.fits, func(c draw.Canvas) {
		w := (c.Max.X - c.Min.X) / vg.Length(max(1, len(months)))
		for _, b := range bars {
			b.Width = w * 0.75
		}
		p.X.Tick.Marker = monthTicks{months: months, width: c.Max.X - c.Min.X, style: p.X.Tick.Label}
	})
	return f, nil
}

// rankFigure is a horizontal bar chart of the regions with the largest
// backlog at the end, one bar a row, each with its value and, where it
// cleared, the day it did.
func rankFigure(r *Run, m medium, n int) (*figure, error) {
	names, backlog, cleared := RankSeries(r, n)
	if len(names) == 0 {
		return nil, nil
	}
	end := r.Dates[len(r.Dates)-1].Format("2 Jan 2006")
	title := fmt.Sprintf("%s: backlog by region on %s", runTitle(r), end)
	if len(names) < len(r.Summary.Regions) {
		title = fmt.Sprintf("%s: the %d regions with the largest backlog on %s", runTitle(r), len(names), end)
	}
	p := plainPanel(m)
	p.X.Label.Text = "records waiting at the end"
	p.X.Tick.Marker = countTicks{}
	p.X.Min = 0
	k := len(names)
	rowH := vg.Length(0.55) * vg.Centimeter
	if m.phone {
		rowH = 2.6 * m.text
	}
	f := single("regions", "The regions with the largest backlog at the end of the run, with the day their backlog cleared where it did.",
		title, p, tall(m, 4*vg.Centimeter, 45)+vg.Length(k)*rowH)
	// Largest at the top: category 0 is drawn at the bottom.
	vals := make(plotter.Values, k)
	labels := make([]string, k)
	for i := range names {
		j := k - 1 - i
		vals[i] = backlog[j]
		labels[i] = names[j]
		if cleared[j] != "" {
			labels[i] += " (cleared " + shortDate(cleared[j]) + ")"
		}
	}
	bars, err := plotter.NewBarChart(vals, 1)
	if err != nil {
		return nil, err
	}
	bars.Horizontal = true
	bars.Color = colReady
	bars.LineStyle.Width = 0
	p.Add(bars)
	pts := make(plotter.XYs, k)
	for i, v := range vals {
		pts[i] = plotter.XY{X: v, Y: float64(i)}
	}
	p.addSeries(pts)
	if m.phone {
		// Names and values above their bars: a phone has no room beside.
		p.NominalY(make([]string, k)...)
		for i := range labels {
			p.notes = append(p.notes, &note{X: 0, Y: float64(i), Text: labels[i] + ": " + Short(vals[i]), Style: style(m.text, color.Black)})
		}
	} else {
		for i, v := range vals {
			p.notes = append(p.notes, &note{X: v, Y: float64(i), Text: Short(v), Style: style(m.note, colEvent)})
		}
		p.NominalY(labels...)
	}
	p.Y.Min, p.Y.Max = -0.5, float64(k)-0.5
	if m.phone {
		p.Y.Max += 0.35 // room for the top bar's name
	}
	peak := slices.Max(backlog)
	p.fits = append(p.fits, func(c draw.Canvas) {
		W, H := c.Max.X-c.Min.X, c.Max.Y-c.Min.Y
		row := H / vg.Length(k)
		bars.Width = row * 0.6
		if m.phone {
			bars.Width = row * 0.4
		}
		if m.phone {
			for _, nt := range p.notes {
				nt.Style.XAlign, nt.Style.YAlign = draw.XLeft, draw.YBottom
				nt.Offset = vg.Point{X: 0, Y: bars.Width/2 + vg.Points(2) + nt.Style.FontExtents().Descent}
			}
			return
		}
		// Room for the value written after the longest bar.
		pad := vg.Points(3)
		xmax := max(peak, 1)
		for i, v := range vals {
			nt := p.notes[i]
			nt.Style.XAlign, nt.Style.YAlign = draw.XLeft, draw.YCenter
			nt.Offset = vg.Point{X: pad}
			w := nt.Style.Width(nt.Text)
			if W > w+2*pad {
				xmax = max(xmax, v*float64(W/(W-w-2*pad)))
			}
		}
		p.X.Max = xmax
	})
	return f, nil
}

// focusDrawn is how many of the first names drawn are focus regions
// (StockRegions puts them first).
func focusDrawn(focus, names []string, drawn int) int {
	n := 0
	for n < len(names) && n < drawn && slices.Contains(focus, names[n]) {
		n++
	}
	return n
}

// regionsWord says "region that ran out of blanks" or "5 regions with the
// most stock-out days".
func regionsWord(n int, most string) string {
	if n == 1 {
		return "region that ran out of blanks"
	}
	return fmt.Sprintf("%d regions %s", n, most)
}

func shortDate(s string) string {
	t, err := parseDate(s)
	if err != nil {
		return s
	}
	return t.Format("2 Jan 2006")
}

// stockFigure is small multiples of blanks (and ribbon) stock for the
// regions that ran out, stock-out days shaded.
func stockFigure(r *Run, m medium) *figure {
	names := StockRegions(&r.Summary, maxStockPanels)
	x := xs(r.Dates)
	var panels []*panel
	ribbon := false
	var thumbs struct{ blanks, ribbon, out, wave plot.Thumbnailer }
	waves := waveDays(r)
	stockoutFigure, _ := results.FigureByKey(results.StockoutDays)
	for _, name := range names {
		cols := r.Regions[name]
		if cols == nil {
			continue
		}
		days, _ := r.Summary.Number(name, "blanks_stockout_days")
		p := newPanel(m, "")
		// Written as the briefing's table writes the figure (a mean over
		// replications keeps its rounding, not a truncation).
		p.Title.Text = fmt.Sprintf("%s\n%s stock-out days", name, stockoutFigure.Text(days))
		peak := 1.0
		for _, c := range []string{"blanks", "ribbon_cards"} {
			for _, v := range cols[c] {
				if !math.IsNaN(v) {
					peak = max(peak, v)
				}
			}
		}
		for _, sp := range StockoutSpans(cols["blanks"], cols["print_ready"]) {
			lo, hi := x[sp[0]]-0.5, x[sp[1]]+0.5
			poly := &plotter.Polygon{XYs: []plotter.XYs{{{X: lo, Y: 0}, {X: hi, Y: 0}, {X: hi, Y: peak}, {X: lo, Y: peak}}}, Color: colStockout}
			poly.LineStyle.Width = 0
			p.Add(poly)
			thumbs.out = poly
		}
		for _, d := range waves {
			thumbs.wave = line(p, []float64{d, d}, []float64{0, peak}, colEvent, 0.5, true)
		}
		thumbs.blanks = line(p, x, zeroNaN(cols["blanks"]), colBlanks, 1, false)
		if rb := cols["ribbon_cards"]; len(rb) > 0 && len(StockoutSpans(rb, cols["print_ready"])) > 0 {
			thumbs.ribbon = line(p, x, zeroNaN(rb), colRibbon, 0.8, true)
			ribbon = true
		}
		p.X.Min, p.X.Max = x[0]-0.5, x[len(x)-1]+0.5
		panels = append(panels, p)
	}
	if len(panels) == 0 {
		return nil
	}
	cols := 3
	if m.phone {
		cols = 2
	}
	cols = min(cols, len(panels))
	var rows [][]*panel
	for i := 0; i < len(panels); i += cols {
		row := panels[i:min(i+cols, len(panels))]
		for len(row) < cols {
			row = append(row, nil)
		}
		rows = append(rows, row)
	}
	rowH := tall(m, 5.5*vg.Centimeter, 150)
	which := "the " + regionsWord(len(panels), "with the most stock-out days")
	if nf := focusDrawn(r.Summary.Focus, names, len(panels)); nf > 0 {
		which = strings.Join(names[:nf], ", ")
		if rest := len(panels) - nf; rest > 0 {
			which += " and the " + regionsWord(rest, "with the most stock-out days")
			if rest == 1 {
				which = strings.Join(names[:nf], ", ") + " and the region with the most stock-out days"
			}
		}
	}
	f := &figure{file: "stocks",
		caption: fmt.Sprintf("Blank stock of %s (shaded: no blanks while records were print-ready).", which),
		title:   fmt.Sprintf("%s: blanks in stock, in cards, in %s", runTitle(r), which),
		rows:    rows, height: vg.Length(len(rows))*rowH + tall(m, 2*vg.Centimeter, 20)}
	f.legend.add("blanks in stock (cards)", thumbs.blanks)
	if ribbon {
		f.legend.add("ribbon in stock (cards' worth)", thumbs.ribbon)
	}
	if thumbs.out != nil {
		f.legend.add("stock-out: no blanks while records were print-ready", thumbs.out)
	}
	if thumbs.wave != nil {
		f.legend.add("a wave of the national store's allocation", thumbs.wave)
		f.caption += " Dashed lines mark the waves of the national store's allocation"
		if r.Summary.Replications > 1 {
			f.caption += " (in the first replication, like the lines)"
		}
		f.caption += "."
	}
	return f
}

// waveDays are the days (as x values) of the waves of the national
// store's allocation that sent blanks, from summary.json's allocations
// (replication 0's, as daily.csv); none without an allocation.
func waveDays(r *Run) []float64 {
	raw, ok := r.Summary.Nation["allocations"]
	if !ok {
		return nil
	}
	var ws []struct {
		Date  string `json:"date"`
		Total int64  `json:"total"`
	}
	if json.Unmarshal(raw, &ws) != nil {
		return nil
	}
	var out []float64
	for _, w := range ws {
		if t, err := time.Parse("2006-01-02", w.Date); err == nil && w.Total > 0 {
			out = append(out, dayValue(t))
		}
	}
	return out
}
