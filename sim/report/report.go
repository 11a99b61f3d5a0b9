// Package report writes the policy briefing of one or more finished runs:
// a single self-contained HTML file (charts embedded, no network needed)
// with the headline findings in plain sentences, a table of key figures,
// the scenario's assumptions and the charts with captions. It prints on A4
// and reads on a phone. Every number in a sentence is the key table's
// figure, written the same way (facts).
package report

import (
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/ektpsim/ektpsim/sim/chart"
	"github.com/ektpsim/ektpsim/sim/results"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// Figure is an embedded chart, with its phone-sized drawing if there is one.
type Figure struct {
	Title   string
	Caption string
	Data    template.URL    // data:image/png;base64,...
	Phone   template.Srcset // the same for plots/phone/ (a srcset of one data URL), or ""
}

// Row is a row of a table.
type Row struct {
	Label string
	Cells []string
}

// Section is one run's part of the briefing.
type Section struct {
	Name        string
	Description string
	Means       string // says what the figures are: means over replications, or one run
	Findings    []string
	// NationFindings are, for a run with a focus, the nation's findings
	// (context, folded).
	NationFindings []string
	Assumptions    []Row
	Regions        []Row
	RegionHead     []string
	Figures        []Figure
	// WaveHead and Waves say where each wave of the national store's
	// allocation went (central.blanks.allocation), or are empty.
	WaveHead []string
	Waves    []Row
}

// Briefing is everything the template shows.
type Briefing struct {
	Title     string
	Generated string
	Multi     bool     // several runs: differences first, each run folded
	Warnings  []string // why runs cannot be paired
	Inputs    []Row    // per run after the first, the inputs that differ
	Findings  []string // comparisons, when there are several runs
	// NationFindings are, when the runs have a focus, the comparison's
	// sentences on the nation: context, folded below the focus regions'.
	NationFindings []string
	KeyHead        []string
	Key            []Row
	// NationKey are the nation's rows when the runs have a focus: they
	// are folded below the focus regions'.
	NationKey []Row
	// Interest are the key table's rows of the regions of interest (an
	// experiment's regions:) that are not the focus: each region's
	// figures in every run, shown after the key table, the nation leading.
	Interest Table
	// Gains are, for several runs, who gains and who loses.
	Gains      []GainsLosses
	KeyNote    string
	Sections   []Section
	Comparison []Figure
}

// Write writes the briefing for runs (the first is the reference for
// comparisons) to w. chartDirs[i] holds run i's charts (PNG, and phone/
// if drawn); compareDir, if not empty, the comparison charts.
// interest are regions whose figures the briefing adds after the key
// table without leading with them (an experiment's regions of interest).
func Write(w io.Writer, runs []*chart.Run, charts [][]chart.Chart, chartDirs []string, compare []chart.Chart, compareDir string, interest ...string) error {
	b := Briefing{Generated: time.Now().UTC().Format("2 January 2006"), Multi: len(runs) > 1}
	runs = sameFocus(runs)
	names := make([]string, len(runs))
	all := make([]*facts, len(runs))
	for i, r := range runs {
		names[i] = r.Name
		all[i] = factsOf(r)
	}
	b.Title = "e-KTP printing: " + strings.Join(names, " vs ")
	if len(runs) == 1 && runs[0].Scenario.Description != "" {
		b.Title = "e-KTP printing: " + runs[0].Name
	}
	b.KeyHead, b.Key, b.NationKey = keyTable(runs, all)
	b.Interest = Table{Class: "key multi", First: "figure", Head: b.KeyHead, Rows: interestRows(runs, interest)}
	b.KeyNote = "Lost printer-hours count the office hours in which a working printer could not print (an outage, no blanks or no ribbon); hours of broken printers are shown on their own row and are not in them."
	if len(runs) > 1 {
		b.KeyNote += " Differences are worked out before rounding, so one may differ by 1 in its last digit from the two figures beside it."
	}
	for i, r := range runs {
		figs, err := figures(charts[i], chartDirs[i])
		if err != nil {
			return err
		}
		s := Section{Name: r.Name, Description: description(runs, i), Means: means(r), Figures: figs}
		s.Findings, s.NationFindings = splitFindings(r, all[i])
		var wave string
		if s.WaveHead, s.Waves, wave = Waves(r); wave != "" {
			s.Findings = append(s.Findings, wave)
		}
		s.Assumptions = Assumptions(r.Scenario)
		s.RegionHead, s.Regions = RegionTable(r.Scenario)
		b.Sections = append(b.Sections, s)
	}
	if len(runs) > 1 {
		b.Warnings = PairingWarnings(runs)
		for _, r := range runs[1:] {
			b.Inputs = append(b.Inputs, Row{Label: r.Name, Cells: InputsDiffer(runs[0].Scenario, r.Scenario, 12)})
		}
		b.Findings, b.NationFindings = differences(runs, all)
		for _, r := range runs[1:] {
			if g := WhoGains(runs[0], r, results.BacklogEnd, gainsShown); g != nil {
				b.Gains = append(b.Gains, *g)
			}
		}
		// The key table holds what the compare table's image shows.
		var cs []chart.Chart
		for _, c := range compare {
			if c.File != "compare_table" {
				cs = append(cs, c)
			}
		}
		figs, err := figures(cs, compareDir)
		if err != nil {
			return err
		}
		b.Comparison = figs
	}
	// html/template drops comments: the marker goes first, by hand.
	if _, err := io.WriteString(w, Marker); err != nil {
		return err
	}
	return page.Execute(w, b)
}

// sameFocus are runs whose focus is the first run's, each run after the
// first a copy if its own differs: a comparison is about the first run's
// focus regions, whose figures every run's summary holds whatever its
// own focus was.
func sameFocus(runs []*chart.Run) []*chart.Run {
	if len(runs) < 2 {
		return runs
	}
	want := focus(runs[0])
	out := []*chart.Run{runs[0]}
	for _, r := range runs[1:] {
		if !slices.Equal(focus(r), want) {
			r = withFocus(r, want)
		}
		out = append(out, r)
	}
	return out
}

// withFocus is a copy of r whose focus is regions (r is not changed).
func withFocus(r *chart.Run, regions []string) *chart.Run {
	c, sc := *r, *r.Scenario
	sc.Focus = regions
	c.Scenario = &sc
	return &c
}

// interestRows are the key table's rows of the regions of interest that
// are not the runs' focus: the table of runs whose focus were those
// regions, its region rows alone.
func interestRows(runs []*chart.Run, interest []string) []Row {
	var extra []string
	for _, name := range interest {
		if !slices.Contains(focus(runs[0]), name) && !slices.Contains(extra, name) {
			extra = append(extra, name)
		}
	}
	if len(extra) == 0 {
		return nil
	}
	as := make([]*chart.Run, len(runs))
	all := make([]*facts, len(runs))
	for i, r := range runs {
		as[i] = withFocus(r, extra)
		all[i] = factsOf(as[i])
	}
	_, rows, _ := keyTable(as, all)
	return rows
}

// description is run i's own description: a variant made with --set
// shares its base's text, so it is described by what it changes.
func description(runs []*chart.Run, i int) string {
	r := runs[i]
	if i == 0 || r.Scenario.Description != runs[0].Scenario.Description {
		return r.Scenario.Description
	}
	diff := InputsDiffer(runs[0].Scenario, r.Scenario, 4)
	if len(diff) == 0 {
		return "The same inputs as " + runs[0].Name + "."
	}
	return "As " + runs[0].Name + ", with " + strings.Join(diff, "; ") + "."
}

// means says what a run's figures are.
func means(r *chart.Run) string {
	if n := r.Summary.Replications; n > 1 {
		return fmt.Sprintf("Every figure below is the mean over %d replications (seed %d); the charts of single days show the first replication.", n, r.Summary.Seed)
	}
	return fmt.Sprintf("Every figure below is from one replication (seed %d).", r.Summary.Seed)
}

func figures(cs []chart.Chart, dir string) ([]Figure, error) {
	var out []Figure
	for _, c := range cs {
		data, err := os.ReadFile(filepath.Join(dir, c.File+".png"))
		if err != nil {
			return nil, err
		}
		f := Figure{
			Title:   strings.ReplaceAll(c.File, "_", " "),
			Caption: c.Caption,
			Data:    template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(data)),
		}
		if phone, err := os.ReadFile(filepath.Join(dir, "phone", c.File+".png")); err == nil {
			f.Phone = template.Srcset("data:image/png;base64," + base64.StdEncoding.EncodeToString(phone))
		}
		out = append(out, f)
	}
	return out, nil
}

func longDate(s string) string {
	t, err := parseDay(s)
	if err != nil {
		return s
	}
	return t.Format("2 January 2006")
}

func parseDay(s string) (time.Time, error) { return time.Parse("2006-01-02", s) }

// Findings are the headline findings of a run in plain sentences, every
// number the key table's figure as the table writes it.
func Findings(r *chart.Run) []string { return findings(r, factsOf(r)) }

// splitFindings are a run's findings: with a focus, the focus regions'
// sentences and, apart, the nation's (context); else all of them, and no
// nation's apart.
func splitFindings(r *chart.Run, fs *facts) (lead, nation []string) {
	all := findings(r, fs)
	n := len(focus(r)) // sentences per focus region: the first always, the wait if any
	k := 0
	for _, c := range focus(r) {
		k++
		if fs.text(regionKey(c, results.MeanWait)) != "" {
			k++
		}
	}
	if n == 0 || k > len(all) {
		return all, nil
	}
	return all[:k], all[k:]
}

func findings(r *chart.Run, fs *facts) []string {
	s := &r.Summary
	var out []string
	end := r.Dates[len(r.Dates)-1].Format("2 January 2006")
	where := "The national backlog"
	if a := area(r); a != "the nation" {
		where = "The backlog of " + a
	}
	for _, c := range focus(r) {
		k := func(key string) string { return regionKey(c, key) }
		msg := fmt.Sprintf("In %s the backlog peaks at %s on %s", c, fs.text(k(results.PeakBacklog)), fs.text(k(results.PeakDate)))
		if clear := fs.text(k(results.ClearDate)); clear != "never" && clear != "" {
			msg += " and clears on " + clear
		} else {
			msg += fmt.Sprintf(" and does not clear: %s records are still waiting on %s", fs.text(k(results.BacklogEnd)), end)
		}
		msg += fmt.Sprintf("; %s cards are printed there", fs.text(k(results.PrintedTotal)))
		if d := fs.by[k(results.StockoutDays)]; d.Value > 0 {
			msg += fmt.Sprintf(", and it is out of blanks on %s of %s days", d.Text, results.Thousands(int64(len(r.Dates))))
		}
		out = append(out, msg+".")
		if mw := fs.text(k(results.MeanWait)); mw != "" {
			out = append(out, fmt.Sprintf("In %s those who get their card wait %s days on average; 95%% within %s days.", c, mw, fs.text(k(results.P95Wait))))
		}
	}

	peak, peakDate := fs.text(results.PeakBacklog), fs.text(results.PeakDate)
	if clear := fs.text(results.ClearDate); clear != "never" && clear != "" {
		out = append(out, fmt.Sprintf("%s peaks at %s on %s and clears on %s.", where, peak, peakDate, clear))
	} else if peakDate == end && peak == fs.text(results.BacklogEnd) {
		out = append(out, fmt.Sprintf("%s grows to the end of the run: %s records are waiting on %s.", where, peak, end))
	} else {
		out = append(out, fmt.Sprintf("%s peaks at %s on %s and does not clear: %s records are still waiting on %s.",
			where, peak, peakDate, fs.text(results.BacklogEnd), end))
	}
	if t := fs.text("ready_end"); t != "" {
		msg := fmt.Sprintf("On %s, %s of the records waiting are print-ready (held up by blanks and printers)", end, t)
		if c := fs.text("centre_end"); c != "0" {
			msg += fmt.Sprintf(" and %s have not yet been taken in by the central server", c)
		}
		out = append(out, msg+".")
	}
	if t := fs.text("full_spell"); t != "" {
		out = append(out, "The central server is full "+t+", taking in no records.")
	}
	printed := fmt.Sprintf("%s cards are printed.", fs.text(results.PrintedTotal))
	if lost := fs.by[results.LostHours]; lost.Value > 0 {
		printed += fmt.Sprintf(" Working printers with work to do stand idle for %s printer-hours", lost.Text)
		if cs := sortedCauses(fs); len(cs) > 0 {
			if top := fs.text("cause_" + cs[0].Key); top == lost.Text {
				printed += ", all of them because of " + cs[0].Why
			} else {
				printed += fmt.Sprintf(", most of them (%s) because of %s", top, cs[0].Why)
			}
		}
		printed += "."
	}
	if b := fs.by["cause_breakdown"]; b.Value > 0 {
		printed += fmt.Sprintf(" Broken printers lose another %s printer-hours, which the lost hours leave out.", b.Text)
	}
	out = append(out, printed)
	if days := fs.by[results.StockoutDays]; days.Value > 0 {
		var msg string
		if a := area(r); a != "the nation" {
			msg = fmt.Sprintf("%s is out of blanks on %s of %s days", a, days.Text, results.Thousands(int64(len(r.Dates))))
		} else {
			msg = fmt.Sprintf("On %s of %s days at least one region is out of blanks", days.Text, results.Thousands(int64(len(r.Dates))))
			if w := strings.Fields(fs.text("worst_region")); len(w) > 0 {
				msg += fmt.Sprintf("; the worst hit, %s, on %s days", worstHit(s)[0], w[0])
			}
		}
		out = append(out, msg+".")
	}
	if mw := fs.text(results.MeanWait); mw != "" {
		out = append(out, fmt.Sprintf("Those who get their card wait %s days on average from recording to printing; 95%% within %s days.", mw, fs.text(results.P95Wait)))
	}
	if rn := fs.by[results.Renewals]; rn.Value > 0 {
		out = append(out, fmt.Sprintf("Temporary certificates expire and are renewed %s times while people wait.", rn.Text))
	}
	if t := fs.text("backlog_end_range"); t != "" {
		out = append(out, fmt.Sprintf("In 90%% of the %d replications the backlog at the end is %s.", s.Replications, t))
	}
	return out
}

// fullSpell finds when the central server was full, from the daily data:
// the first full day, and the first day after it with intake (-1 if none).
func fullSpell(r *chart.Run) (from, to int, ok bool) {
	c := r.Scenario.Central.StorageCapacity
	stored := r.Nation["central_stored"]
	if c.Unlimited || len(stored) == 0 {
		return 0, 0, false
	}
	from, to = -1, -1
	for i, v := range stored {
		if v >= float64(c.N) && from < 0 {
			from = i
		}
		if from >= 0 && to < 0 && i > from && r.Nation["intake"][i] > 0 {
			to = i
		}
	}
	return from, to, from >= 0
}

// PairingWarnings say why runs cannot be compared replication by
// replication (paired.csv is then not written): different seeds or
// numbers of replications, or a single replication.
func PairingWarnings(runs []*chart.Run) []string {
	if len(runs) < 2 {
		return nil
	}
	if why := results.PairingProblem(runs); why != "" {
		return []string{why}
	}
	return nil
}

// Differences compare every run with the first, in sentences: the main
// figures, then, when replications pair, every figure whose paired 95%
// interval is clear of zero and those it is not. When the first run has a
// focus, lead are its focus regions' sentences and nation the nation's
// (context, folded); else, or when no other run has a focus region, lead
// are the nation's and nation is empty.
func Differences(runs []*chart.Run) (lead, nation []string) {
	runs = sameFocus(runs)
	all := make([]*facts, len(runs))
	for i, r := range runs {
		all[i] = factsOf(r)
	}
	return differences(runs, all)
}

// differences is Differences of runs of the same focus (sameFocus), whose
// facts are all.
func differences(runs []*chart.Run, all []*facts) (lead, nation []string) {
	base, bf := runs[0], all[0]
	regions := focus(base)
	nationLead := ""
	if len(regions) > 0 {
		nationLead = "For the nation, "
	}
	nationLabel := func(key string) string {
		f, _ := results.FigureByKey(key)
		return f.Label
	}
	for i, r := range runs[1:] {
		rf := all[i+1]
		for _, c := range regions {
			k := func(key string) string { return regionKey(c, key) }
			if rf.text(k(results.PrintedTotal)) == "" {
				continue // not a region of r
			}
			label := func(key string) string { return strings.TrimPrefix(bf.by[k(key)].Label, c+": ") }
			lead = append(lead, totals("In "+c+", ", base, r, bf, rf, k))
			lead = append(lead, pairedSentences(base, r, results.RegionPairedDifferences(base, r, c), "in "+c+" ", label)...)
		}
		nation = append(nation, totals(nationLead, base, r, bf, rf, func(key string) string { return key }))
		nation = append(nation, pairedSentences(base, r, chart.PairedDifferences(base, r), "", nationLabel)...)
	}
	if len(lead) == 0 {
		// No focus, or no other run has a focus region: the nation's
		// sentences lead, unfolded.
		return nation, nil
	}
	return lead, nation
}

// totals is the sentence on the cards printed and the records waiting at
// the end of r against base, of the figures key names (the nation's, or a
// region's), opened by lead ("In Kota Binjai, ").
func totals(lead string, base, r *chart.Run, bf, rf *facts, key func(string) string) string {
	printed, backlog := key(results.PrintedTotal), key(results.BacklogEnd)
	dp := roundedDiff(bf.by[printed].Value, rf.by[printed].Value, printed)
	db := roundedDiff(bf.by[backlog].Value, rf.by[backlog].Value, backlog)
	compared := "compared with " + base.Name + ", "
	if lead == "" {
		compared = "C" + compared[1:]
	}
	prints := fmt.Sprintf("as many cards (%s)", rf.text(printed))
	if math.Round(dp) != 0 {
		more := "more"
		if dp < 0 {
			more = "fewer"
		}
		prints = fmt.Sprintf("%s %s cards (%s against %s)", results.Thousands(int64(math.Abs(math.Round(dp)))), more, rf.text(printed), bf.text(printed))
	}
	waiting := fmt.Sprintf("as many records waiting (%s)", rf.text(backlog))
	if math.Round(db) != 0 {
		fewer := "fewer"
		if db > 0 {
			fewer = "more"
		}
		waiting = fmt.Sprintf("%s %s records waiting (%s against %s)", results.Thousands(int64(math.Abs(math.Round(db)))), fewer, rf.text(backlog), bf.text(backlog))
	}
	return fmt.Sprintf("%s%s%s prints %s and ends with %s.", lead, compared, r.Name, prints, waiting)
}

// pairedSentences say which of the paired differences ps of r from base
// are clear of zero and which are not; where ("in Kota Binjai ") says of
// what they are, "" for the nation.
func pairedSentences(base, r *chart.Run, ps []results.Paired, where string, label func(key string) string) []string {
	if len(ps) == 0 {
		return nil
	}
	var out, clear, small, unclear []string
	for _, p := range ps {
		f, _ := results.FigureByKey(p.Figure)
		if f.Format == results.Date {
			continue // in the table, in days
		}
		switch {
		case p.Lo <= 0 && p.Hi >= 0:
			unclear = append(unclear, label(p.Figure))
		case signed(p.Lo, p.Figure) == "0" && signed(p.Hi, p.Figure) == "0":
			// Clear of zero, but less than the figure's rounding.
			small = append(small, label(p.Figure))
		default:
			// The mean as the key table's difference column writes it.
			clear = append(clear, fmt.Sprintf("%s by %s (%s to %s)", label(p.Figure), signed(roundedDiff(0, p.Mean, p.Figure), p.Figure), signed(p.Lo, p.Figure), signed(p.Hi, p.Figure)))
		}
	}
	n := ps[0].N
	if len(small) > 0 {
		clear = append(clear, "by less than the table's last digit in "+andList(small))
	}
	if len(clear) > 0 {
		out = append(out, fmt.Sprintf("Paired over %d replications with the same random numbers, %s%s differs from %s in %s (95%% intervals).", n, where, r.Name, base.Name, strings.Join(clear, "; ")))
	}
	if len(unclear) > 0 {
		subject := "The runs"
		if where != "" {
			subject = strings.ToUpper(where[:1]) + where[1:len(where)-1] + " the runs"
		}
		out = append(out, fmt.Sprintf("%s cannot be told apart on %s: the paired 95%% interval includes zero.", subject, andList(unclear)))
	}
	return out
}

// Assumptions lists the scenario's national settings in plain words.
func Assumptions(sc *scenario.Scenario) []Row {
	c := sc.Central
	cal := sc.Calendar
	days := sc.End.Days() - sc.Start.Days() + 1
	work := fmt.Sprintf("%s, %s to %s", weekdays(cal.Workdays), clock(cal.OfficeHours.Open), clock(cal.OfficeHours.Close))
	if cal.OvertimeHours > 0 {
		work += ", then " + hoursWords(float64(cal.OvertimeHours)) + " of overtime"
	}
	switch n := len(cal.Holidays); n {
	case 0:
	case 1:
		work += "; 1 holiday"
	default:
		work += fmt.Sprintf("; %d holidays", n)
	}
	reps := fmt.Sprintf("%d replications, seed %d", sc.Replications, sc.Seed)
	if sc.Replications == 1 {
		reps = fmt.Sprintf("1 replication, seed %d", sc.Seed)
	}
	intake := amount(c.IntakePerDay) + " records a day"
	switch c.IntakePolicy {
	case "fifo":
		intake += ", oldest first across the nation"
	case "proportional":
		intake += ", shared in proportion to what each region has waiting"
	case "quota":
		intake += ", shared in proportion, each region up to its quota"
	}
	rows := []Row{
		{"period", []string{fmt.Sprintf("%s to %s (%s days)", sc.Start.Time().Format("2 January 2006"), sc.End.Time().Format("2 January 2006"), results.Thousands(days))}},
		{"replications", []string{reps}},
		{"working days and office hours", []string{work}},
		{"temporary certificate valid", []string{durationWords(sc.CertificateValidity.String())}},
		{"central intake", []string{intake}},
		{"central storage", []string{amount(c.StorageCapacity) + " records, " + results.Thousands(c.Stored) + " held at the start"}},
	}
	for _, ch := range c.Changes {
		var parts []string
		if ch.IntakePerDay != nil {
			parts = append(parts, "intake "+amount(*ch.IntakePerDay)+" a day")
		}
		if ch.StorageCapacity != nil {
			parts = append(parts, "storage "+amount(*ch.StorageCapacity))
		}
		rows = append(rows, Row{"central change on " + ch.Date.Time().Format("2 January 2006"), []string{strings.Join(parts, ", ")}})
	}
	rows = append(rows,
		Row{"verification delay", []string{orNone(c.VerificationDelay.Text)}},
		Row{"duplicates", []string{fmt.Sprintf("%.1f%% of records, resolved in %s", 100*c.DuplicateShare, orNone(c.DuplicateResolution.Text))}},
		Row{"central outages", []string{outages(&c.Outages)}},
		Row{"national blank store", []string{amount(c.Blanks.Stock) + deliveries(c.Blanks.Deliveries)}},
		Row{"regions", []string{results.Thousands(int64(len(sc.Regions)))}},
	)
	return rows
}

func orNone(s string) string {
	if s == "" || s == "0" {
		return "none"
	}
	return distWords(s)
}

func outages(o *scenario.Outages) string {
	var parts []string
	for _, k := range []struct {
		name string
		r    *scenario.Renewal
	}{{"network", o.Network}, {"power", o.Power}, {"printing application", o.Application}} {
		if k.r != nil {
			parts = append(parts, fmt.Sprintf("%s: %s", k.name, renewalWords(k.r)))
		}
	}
	if n := len(o.Scheduled); n == 1 {
		parts = append(parts, "1 scheduled outage")
	} else if n > 1 {
		parts = append(parts, fmt.Sprintf("%d scheduled outages", n))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "; ")
}

func deliveries(ds []scenario.Delivery) string {
	if len(ds) == 0 {
		return ""
	}
	var parts []string
	for _, d := range ds {
		parts = append(parts, fmt.Sprintf("%s on %s", results.Thousands(d.Amount), d.Date.Time().Format("2 January 2006")))
	}
	return "; deliveries: " + strings.Join(parts, ", ")
}

// RegionTable is one row per region with its main assumptions.
func RegionTable(sc *scenario.Scenario) ([]string, []Row) {
	head := []string{"population", "recording a day (first-time, replacement, change)", "printers", "cards a printer a day", "blanks at the start", "UPS", "outages"}
	rows := make([]Row, 0, len(sc.Regions))
	for i := range sc.Regions {
		r := &sc.Regions[i]
		printers, rate := int64(0), []string{}
		for j := range r.Sites {
			printers += r.PrintersAt(j)
			rate = append(rate, fmt.Sprint(r.Sites[j].CardsPerPrinterPerDay))
		}
		pop := ""
		if r.Population > 0 {
			pop = results.Thousands(r.Population)
		}
		ups := "none"
		if r.UPSHours > 0 {
			ups = hoursWords(float64(r.UPSHours))
		}
		rows = append(rows, Row{r.Name, []string{pop,
			strings.Join([]string{orZero(r.Recording.FirstTime.Text), orZero(r.Recording.Replacement.Text), orZero(r.Recording.ElementChange.Text)}, "; "),
			results.Thousands(printers), strings.Join(dedupe(rate), "/"), amount(r.Blanks.Stock), ups, outages(&r.Outages)}})
	}
	return head, rows
}

func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return distWords(s)
}

func dedupe(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}
