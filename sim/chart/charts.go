package chart

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"time"

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
func BacklogSeries(r *Run) []Series {
	x := xs(r.Dates)
	below := make([]float64, len(x))
	var out []Series
	for _, st := range stages() {
		top := make([]float64, len(x))
		for i := range x {
			top[i] = below[i]
			for _, c := range st.columns {
				if v := r.Nation[c]; len(v) > i && !math.IsNaN(v[i]) {
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

// backlogChart is the nation's backlog stacked by stage, with the
// scenario's dated events marked.
func backlogChart(r *Run) (*plot.Plot, error) {
	p := newPlot(fmt.Sprintf("%s: backlog by stage, %s", r.Name, period(r)), "records waiting")
	series := BacklogSeries(r)
	var below []float64
	for i, s := range series {
		poly, err := area(s.X, below, s.Y, stages()[i].colour)
		if err != nil {
			return nil, err
		}
		p.Add(poly)
		p.Legend.Add(s.Name, poly)
		below = s.Y
	}
	markEvents(p, r, below)
	return p, nil
}

// area is the polygon between two series (lo nil means zero).
func area(x, lo, hi []float64, c color.Color) (*plotter.Polygon, error) {
	pts := make(plotter.XYs, 0, 2*len(x))
	for i := range x {
		pts = append(pts, plotter.XY{X: x[i], Y: hi[i]})
	}
	for i := len(x) - 1; i >= 0; i-- {
		y := 0.0
		if lo != nil {
			y = lo[i]
		}
		pts = append(pts, plotter.XY{X: x[i], Y: y})
	}
	poly, err := plotter.NewPolygon(pts)
	if err != nil {
		return nil, err
	}
	poly.Color = c
	poly.LineStyle.Width = 0
	return poly, nil
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

// markEvents draws a dashed line and a label for each event, labels
// staggered in height so that neighbours do not overlap.
func markEvents(p *plot.Plot, r *Run, top []float64) {
	peak := 0.0
	for _, v := range top {
		peak = max(peak, v)
	}
	if peak == 0 {
		peak = 1
	}
	p.Y.Max = peak * 1.32
	ev := Events(r)
	var labels plotter.XYLabels
	lastX := math.Inf(-1)
	level := 0
	span := dayValue(r.Dates[len(r.Dates)-1]) - dayValue(r.Dates[0])
	for _, e := range ev {
		x := dayValue(e.Date)
		line, _ := plotter.NewLine(plotter.XYs{{X: x, Y: 0}, {X: x, Y: peak * 1.05}})
		line.Color = colEvent
		line.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
		line.Width = vg.Points(0.7)
		p.Add(line)
		if x-lastX < span/9 {
			level = (level + 1) % 3
		} else {
			level = 0
		}
		lastX = x
		labels.XYs = append(labels.XYs, plotter.XY{X: x, Y: peak * (1.07 + 0.08*float64(level))})
		labels.Labels = append(labels.Labels, e.Label)
	}
	if len(labels.Labels) > 0 {
		l, err := plotter.NewLabels(labels)
		if err == nil {
			for i := range l.TextStyle {
				l.TextStyle[i].Font.Size = vg.Points(8)
				l.TextStyle[i].Color = colEvent
				l.TextStyle[i].XAlign = draw.XCenter
			}
			p.Add(l)
		}
	}
}

// PrintingSeries are the series of the printing chart: cards printed and
// records made per day (7-day means, so weekends do not saw the line), and
// both cumulated since the start.
func PrintingSeries(r *Run) []Series {
	x := xs(r.Dates)
	printed := r.Nation["printed"]
	recorded := diff(r.Nation["recorded"])
	return []Series{
		{Name: "cards printed a day (7-day mean)", X: x, Y: rolling(printed, 7)},
		{Name: "records made a day (7-day mean)", X: x, Y: rolling(recorded, 7)},
		{Name: "cards printed since the start", X: x, Y: r.Nation["printed_cum"]},
		{Name: "records made since the start", X: x, Y: r.Nation["recorded"]},
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

func linePlot(p *plot.Plot, s Series, c color.Color, width float64, dashed bool) error {
	pts := make(plotter.XYs, len(s.X))
	for i := range s.X {
		pts[i] = plotter.XY{X: s.X[i], Y: s.Y[i]}
	}
	l, err := plotter.NewLine(pts)
	if err != nil {
		return err
	}
	l.Color = c
	l.Width = vg.Points(width)
	if dashed {
		l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	}
	p.Add(l)
	p.Legend.Add(s.Name, l)
	return nil
}

// printingCharts are two panels: per day, and cumulative.
func printingCharts(r *Run) ([]*plot.Plot, error) {
	s := PrintingSeries(r)
	day := newPlot(fmt.Sprintf("%s: cards printed against recording demand, %s", r.Name, period(r)), "a day")
	if err := linePlot(day, s[1], colDemand, 1.2, true); err != nil {
		return nil, err
	}
	if err := linePlot(day, s[0], colPrinted, 1.5, false); err != nil {
		return nil, err
	}
	day.Legend.Left, day.Legend.Top = false, true
	clipPeaks(day, s[0].X, s[0].Y, s[1].Y)
	cum := newPlot("since the start", "records or cards")
	if err := linePlot(cum, s[3], colDemand, 1.2, true); err != nil {
		return nil, err
	}
	if err := linePlot(cum, s[2], colPrinted, 1.5, false); err != nil {
		return nil, err
	}
	return []*plot.Plot{day, cum}, nil
}

// LostSeries are the printer-hours lost by cause per calendar month.
func LostSeries(r *Run) (months []time.Time, byCause map[string][]float64) {
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
			if v := r.Nation["lost_"+c+"_hours"]; len(v) > i && !math.IsNaN(v[i]) {
				byCause[c][idx] += v[i]
			}
		}
	}
	return months, byCause
}

// lostChart stacks lost printer-hours by cause, month by month.
func lostChart(r *Run) (*plot.Plot, error) {
	months, by := LostSeries(r)
	p := newPlot(fmt.Sprintf("%s: printer-hours lost, by cause and month", r.Name), "printer-hours")
	p.X.Tick.Marker = monthTicks(months)
	width := vg.Points(max(2, 420/float64(len(months))))
	var below *plotter.BarChart
	for _, c := range causes() {
		vals := make(plotter.Values, len(months))
		total := 0.0
		for i := range months {
			vals[i] = by[c][i]
			total += vals[i]
		}
		if total == 0 {
			continue
		}
		bars, err := plotter.NewBarChart(vals, width)
		if err != nil {
			return nil, err
		}
		bars.Color = causeColour(c)
		bars.LineStyle.Width = 0
		if below != nil {
			bars.StackOn(below)
		}
		p.Add(bars)
		p.Legend.Add(causeName(c), bars)
		below = bars
	}
	p.Legend.Left = false
	return p, nil
}

// monthTicks labels bar positions 0, 1, ... with their months, a label
// every few months so that they never overlap.
type monthTicks []time.Time

func (m monthTicks) Ticks(min, max float64) []plot.Tick {
	step := 1
	for _, s := range []int{1, 2, 3, 6, 12} {
		step = s
		if len(m)/s <= 9 {
			break
		}
	}
	var ts []plot.Tick
	for i, t := range m {
		tk := plot.Tick{Value: float64(i)}
		if (t.Year()*12+int(t.Month())-1)%step == 0 {
			tk.Label = t.Format("Jan 2006")
		}
		ts = append(ts, tk)
	}
	return ts
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

// rankChart is a horizontal bar chart of the regions with the largest
// backlog at the end, each labelled with its clear date if it cleared.
func rankChart(r *Run, n int) (*plot.Plot, error) {
	names, backlog, cleared := RankSeries(r, n)
	if len(names) == 0 {
		return nil, nil
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s: the %d regions with the largest backlog on %s", r.Name, len(names), r.Dates[len(r.Dates)-1].Format("2 Jan 2006"))
	p.Title.TextStyle.Font.Size = vg.Points(13)
	p.X.Label.Text = "records waiting at the end"
	p.X.Tick.Marker = countTicks{}
	p.X.Min = 0
	p.Add(newGrid())
	// Largest at the top: gonum draws category 0 at the bottom.
	vals := make(plotter.Values, len(names))
	labels := make([]string, len(names))
	for i := range names {
		k := len(names) - 1 - i
		vals[i] = backlog[k]
		labels[i] = names[k]
		if cleared[k] != "" {
			labels[i] += " (clear " + cleared[k] + ")"
		}
	}
	bars, err := plotter.NewBarChart(vals, vg.Points(max(3, 300/float64(len(names)))))
	if err != nil {
		return nil, err
	}
	bars.Horizontal = true
	bars.Color = colReady
	bars.LineStyle.Width = 0
	p.Add(bars)
	p.NominalY(labels...)
	p.Y.Tick.Label.Font.Size = vg.Points(8)
	return p, nil
}

// StockRegions picks up to n regions that ran out of blanks, most
// stock-out days first (ties by name).
func StockRegions(s *Summary, n int) []string {
	type reg struct {
		name string
		days float64
	}
	var regs []reg
	for name := range s.Regions {
		if d, _ := s.Number(name, "blanks_stockout_days"); d > 0 {
			regs = append(regs, reg{name, d})
		}
	}
	sort.Slice(regs, func(i, j int) bool {
		if regs[i].days != regs[j].days {
			return regs[i].days > regs[j].days
		}
		return regs[i].name < regs[j].name
	})
	var out []string
	for i := 0; i < len(regs) && i < n; i++ {
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

// stockCharts are small multiples of blanks (and ribbon) stock for the
// regions that ran out, stock-out days shaded.
func stockCharts(r *Run, names []string) ([]*plot.Plot, error) {
	x := xs(r.Dates)
	var plots []*plot.Plot
	for _, name := range names {
		cols := r.Regions[name]
		if cols == nil {
			continue
		}
		days, _ := r.Summary.Number(name, "blanks_stockout_days")
		p := newPlot(fmt.Sprintf("%s (%s stock-out days)", name, Thousands(int64(days))), "cards")
		p.Title.TextStyle.Font.Size = vg.Points(9)
		p.Y.Label.Text = ""
		p.X.Tick.Label.Font.Size = vg.Points(7)
		p.Y.Tick.Label.Font.Size = vg.Points(7)
		peak := 1.0
		for _, v := range cols["blanks"] {
			if !math.IsNaN(v) {
				peak = max(peak, v)
			}
		}
		for _, sp := range StockoutSpans(cols["blanks"], cols["print_ready"]) {
			lo, hi := x[sp[0]]-0.5, x[sp[1]]+0.5
			poly, err := plotter.NewPolygon(plotter.XYs{{X: lo, Y: 0}, {X: hi, Y: 0}, {X: hi, Y: peak}, {X: lo, Y: peak}})
			if err != nil {
				return nil, err
			}
			poly.Color = colStockout
			poly.LineStyle.Width = 0
			p.Add(poly)
		}
		if err := linePlot(p, Series{Name: "blanks", X: x, Y: zeroNaN(cols["blanks"])}, colBlanks, 1, false); err != nil {
			return nil, err
		}
		if rb := cols["ribbon_cards"]; len(rb) > 0 && len(StockoutSpans(rb, cols["print_ready"])) > 0 {
			if err := linePlot(p, Series{Name: "ribbon (cards' worth)", X: x, Y: zeroNaN(rb)}, colRibbon, 0.8, true); err != nil {
				return nil, err
			}
		}
		p.Legend = plot.NewLegend() // the caption says what the lines are
		plots = append(plots, p)
	}
	return plots, nil
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

// bandChart is the nation's backlog across replications: the mean and the
// shaded 5-95% band.
func bandChart(r *Run, metric, title string) (*plot.Plot, error) {
	b, ok := r.Bands[metric]
	if !ok || len(b.Mean) != len(r.Dates) {
		return nil, nil
	}
	p := newPlot(fmt.Sprintf("%s: %s, mean of %d replications with 5-95%% band", r.Name, title, r.Summary.Replications), "records")
	x := xs(r.Dates)
	poly, err := area(x, b.P05, b.P95, color.NRGBA{0x2e, 0x86, 0xc1, 0x50})
	if err != nil {
		return nil, err
	}
	p.Add(poly)
	p.Legend.Add("5-95% of replications", poly)
	if err := linePlot(p, Series{Name: "mean", X: x, Y: b.Mean}, colReady, 1.5, false); err != nil {
		return nil, err
	}
	return p, nil
}

// clipPeaks keeps a short spike (a recording drive) from flattening the
// rest of a daily chart: the axis stops at 1.6 times the 95th percentile,
// and the spike's peak is written where it leaves the chart.
func clipPeaks(p *plot.Plot, x []float64, series ...[]float64) {
	var all []float64
	peak, at := 0.0, 0.0
	for _, s := range series {
		for i, v := range s {
			all = append(all, v)
			if v > peak {
				peak, at = v, x[i]
			}
		}
	}
	if len(all) == 0 {
		return
	}
	sort.Float64s(all)
	limit := 1.6 * all[len(all)*95/100]
	if peak <= limit || limit == 0 {
		return
	}
	p.Y.Max = limit
	l, err := plotter.NewLabels(plotter.XYLabels{XYs: []plotter.XY{{X: at, Y: limit * 0.93}}, Labels: []string{"peak " + Short(peak) + " a day, off the scale"}})
	if err == nil {
		l.TextStyle[0].Font.Size = vg.Points(8)
		l.TextStyle[0].Color = colEvent
		l.Offset.X = vg.Points(4)
		p.Add(l)
	}
}
