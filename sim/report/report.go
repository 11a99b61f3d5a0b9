// Package report writes the policy briefing of one or more finished runs:
// a single self-contained HTML file (charts embedded, no network needed)
// with the headline findings in plain sentences, a table of key figures,
// the scenario's assumptions and the charts with captions. It prints on A4
// and reads on a phone.
package report

import (
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/ektpsim/ektpsim/sim/chart"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// Figure is an embedded chart.
type Figure struct {
	Title   string
	Caption string
	Data    template.URL // data:image/png;base64,...
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
	Findings    []string
	Assumptions []Row
	Regions     []Row
	RegionHead  []string
	Figures     []Figure
}

// Briefing is everything the template shows.
type Briefing struct {
	Title      string
	Generated  string
	Findings   []string // comparisons, when there are several runs
	KeyHead    []string
	Key        []Row
	Sections   []Section
	Comparison []Figure
}

// Write writes the briefing for runs (the first is the reference for
// comparisons) to w. chartDirs[i] holds run i's charts (PNG); compareDir,
// if not empty, the comparison charts.
func Write(w io.Writer, runs []*chart.Run, charts [][]chart.Chart, chartDirs []string, compare []chart.Chart, compareDir string) error {
	b := Briefing{Generated: time.Now().UTC().Format("2 January 2006")}
	names := make([]string, len(runs))
	for i, r := range runs {
		names[i] = r.Name
	}
	b.Title = "e-KTP printing: " + strings.Join(names, " vs ")
	b.KeyHead = names
	for _, h := range chart.Headlines() {
		row := Row{Label: h.Label}
		for _, r := range runs {
			row.Cells = append(row.Cells, chart.Cell(r, h))
		}
		b.Key = append(b.Key, row)
	}
	for i, r := range runs {
		figs, err := figures(charts[i], chartDirs[i])
		if err != nil {
			return err
		}
		s := Section{Name: r.Name, Description: r.Scenario.Description, Findings: Findings(r), Figures: figs}
		s.Assumptions = Assumptions(r.Scenario)
		s.RegionHead, s.Regions = RegionTable(r.Scenario)
		b.Sections = append(b.Sections, s)
	}
	if len(runs) > 1 {
		b.Findings = Differences(runs)
		figs, err := figures(compare, compareDir)
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

func figures(cs []chart.Chart, dir string) ([]Figure, error) {
	var out []Figure
	for _, c := range cs {
		data, err := os.ReadFile(filepath.Join(dir, c.File+".png"))
		if err != nil {
			return nil, err
		}
		out = append(out, Figure{
			Title:   strings.ReplaceAll(c.File, "_", " "),
			Caption: c.Caption,
			Data:    template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(data)),
		})
	}
	return out, nil
}

func longDate(s string) string {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return t.Format("2 January 2006")
}

// Findings are the headline findings of a run in plain sentences, each
// derived from the run's figures.
func Findings(r *chart.Run) []string {
	s := &r.Summary
	var out []string
	num := func(k string) float64 { v, _ := s.Number("", k); return v }
	last := len(r.Dates) - 1
	end := r.Dates[last].Format("2 January 2006")
	reps := ""
	if s.Replications > 1 {
		reps = fmt.Sprintf(" (means over %d replications)", s.Replications)
	}
	peak, peakDate := num("peak_backlog"), s.Text("", "peak_backlog_date")
	if clear := s.Text("", "clear_date"); clear != "" {
		out = append(out, fmt.Sprintf("The national backlog peaks at %s on %s and clears on %s%s.",
			chart.Short(peak), longDate(peakDate), longDate(clear), reps))
	} else {
		out = append(out, fmt.Sprintf("The national backlog peaks at %s on %s and does not clear: %s records are still waiting on %s%s.",
			chart.Short(peak), longDate(peakDate), chart.Short(num("backlog_end")), end, reps))
	}
	if v := r.Nation["print_ready"]; len(v) > 0 {
		ready := v[last]
		centre := r.Nation["awaiting_intake"][last] + r.Nation["unsent"][last]
		out = append(out, fmt.Sprintf("On %s, %s of the records waiting are print-ready (held up by blanks and printers) and %s have not yet been taken in by the central server (first replication).",
			end, chart.Short(ready), chart.Short(centre)))
	}
	if full := fullSpell(r); full != "" {
		out = append(out, full)
	}
	lost := num("lost_hours")
	if lost > 0 {
		byCause := map[string]float64{}
		for _, c := range []string{"centre", "network", "power", "application", "blanks", "ribbon"} {
			byCause[c] = chart.Sum(r.Nation["lost_"+c+"_hours"])
		}
		top, topV := "", 0.0
		for _, c := range []string{"centre", "network", "power", "application", "blanks", "ribbon"} {
			if byCause[c] > topV {
				top, topV = c, byCause[c]
			}
		}
		what := map[string]string{"centre": "the central server being down", "network": "network outages", "power": "power cuts the UPS could not bridge",
			"application": "the printing application failing", "blanks": "the lack of blanks", "ribbon": "the lack of ink ribbon"}[top]
		total := chart.Sum(r.Nation["lost_hours"])
		if total > 0 {
			out = append(out, fmt.Sprintf("%s cards are printed; printers with work to do stand idle for %s printer-hours, %.0f%% of them because of %s.",
				chart.Thousands(int64(num("printed_total"))), chart.Thousands(int64(lost)), 100*topV/total, what))
		}
	}
	if days := num("blanks_stockout_days"); days > 0 {
		worst := chart.StockRegions(s, 1)
		msg := fmt.Sprintf("On %s of %s days at least one region is out of blanks", chart.Thousands(int64(days)), chart.Thousands(int64(len(r.Dates))))
		if len(worst) == 1 && len(s.Regions) > 1 {
			d, _ := s.Number(worst[0], "blanks_stockout_days")
			msg += fmt.Sprintf("; the worst hit, %s, on %s days", worst[0], chart.Thousands(int64(d)))
		}
		out = append(out, msg+".")
	}
	if mw, ok := s.Number("", "mean_wait_days"); ok {
		p95, _ := s.Number("", "p95_wait_days")
		out = append(out, fmt.Sprintf("Those who get their card wait %.0f days on average from recording to printing; 95%% within %.0f days.", mw, p95))
	}
	if rn := num("renewals_total"); rn > 0 {
		out = append(out, fmt.Sprintf("Temporary certificates expire and are renewed %s times while people wait.", chart.Thousands(int64(rn))))
	}
	if s.Replications > 1 {
		lo, ok1 := s.Number("", "backlog_end_p05")
		hi, ok2 := s.Number("", "backlog_end_p95")
		if ok1 && ok2 {
			out = append(out, fmt.Sprintf("Across %d replications the backlog at the end lies between %s and %s in 90%% of them.", s.Replications, chart.Short(lo), chart.Short(hi)))
		}
	}
	return out
}

// fullSpell says when the central server was full, from the daily data.
func fullSpell(r *chart.Run) string {
	c := r.Scenario.Central.StorageCapacity
	stored := r.Nation["central_stored"]
	if c.Unlimited || len(stored) == 0 {
		return ""
	}
	from, to := -1, -1
	for i, v := range stored {
		if v >= float64(c.N) && from < 0 {
			from = i
		}
		if from >= 0 && to < 0 && i > from && r.Nation["intake"][i] > 0 {
			to = i
		}
	}
	if from < 0 {
		return ""
	}
	msg := fmt.Sprintf("The central server is full from %s", r.Dates[from].Format("2 January 2006"))
	if to > 0 {
		return msg + fmt.Sprintf(" until %s: %d days in which it takes in no records at all.", r.Dates[to].Format("2 January 2006"), to-from)
	}
	return msg + " to the end of the run."
}

// Differences compare every run with the first, in sentences.
func Differences(runs []*chart.Run) []string {
	base := runs[0]
	var out []string
	get := func(r *chart.Run, k string) float64 { v, _ := r.Summary.Number("", k); return v }
	for _, r := range runs[1:] {
		dp := get(r, "printed_total") - get(base, "printed_total")
		db := get(r, "backlog_end") - get(base, "backlog_end")
		more := "more"
		if dp < 0 {
			more = "fewer"
		}
		fewer := "fewer"
		if db > 0 {
			fewer = "more"
		}
		out = append(out, fmt.Sprintf("Compared with %s, %s prints %s %s cards and ends with %s %s records waiting (peak %s against %s).",
			base.Name, r.Name, chart.Short(math.Abs(dp)), more, chart.Short(math.Abs(db)), fewer,
			chart.Short(get(r, "peak_backlog")), chart.Short(get(base, "peak_backlog"))))
		for _, p := range chart.PairedDifferences(base, r) {
			if p.Figure != "printed_total" && p.Figure != "backlog_end" {
				continue
			}
			what := map[string]string{"printed_total": "cards printed", "backlog_end": "the backlog at the end"}[p.Figure]
			verdict := "the difference is clear of zero"
			if p.Lo <= 0 && p.Hi >= 0 {
				verdict = "the runs cannot be told apart on this figure"
			}
			out = append(out, fmt.Sprintf("Paired over %d replications with the same random numbers, %s differs by %s (95%% interval %s to %s): %s.",
				p.N, what, signed(p.Mean), signed(p.Lo), signed(p.Hi), verdict))
		}
	}
	return out
}

func signed(x float64) string {
	if x > 0 {
		return "+" + chart.Short(x)
	}
	return chart.Short(x)
}

// Assumptions lists the scenario's national settings in plain words.
func Assumptions(sc *scenario.Scenario) []Row {
	c := sc.Central
	amount := func(a scenario.Amount) string {
		if a.Unlimited {
			return "unlimited"
		}
		return chart.Thousands(a.N)
	}
	rows := []Row{
		{"period", []string{fmt.Sprintf("%s to %s (%d days)", sc.Start, sc.End, sc.End.Days()-sc.Start.Days()+1)}},
		{"seed, replications", []string{fmt.Sprintf("%d, %d", sc.Seed, sc.Replications)}},
		{"working days, office hours", []string{fmt.Sprintf("%v, %s, overtime %v h, %d holidays", sc.Calendar.Workdays, sc.Calendar.OfficeHours, float64(sc.Calendar.OvertimeHours), len(sc.Calendar.Holidays))}},
		{"temporary certificate valid", []string{sc.CertificateValidity.String()}},
		{"central intake a day", []string{amount(c.IntakePerDay) + " (" + c.IntakePolicy + ")"}},
		{"central storage", []string{amount(c.StorageCapacity) + " records, " + chart.Thousands(c.Stored) + " held at the start"}},
	}
	for _, ch := range c.Changes {
		var parts []string
		if ch.IntakePerDay != nil {
			parts = append(parts, "intake "+amount(*ch.IntakePerDay)+" a day")
		}
		if ch.StorageCapacity != nil {
			parts = append(parts, "storage "+amount(*ch.StorageCapacity))
		}
		rows = append(rows, Row{"central change on " + ch.Date.String(), []string{strings.Join(parts, ", ")}})
	}
	rows = append(rows,
		Row{"verification delay", []string{orNone(c.VerificationDelay.Text)}},
		Row{"duplicates", []string{fmt.Sprintf("%.1f%%, resolved in %s", 100*c.DuplicateShare, orNone(c.DuplicateResolution.Text))}},
		Row{"central outages", []string{outages(&c.Outages)}},
		Row{"national blank store", []string{amount(c.Blanks.Stock) + deliveries(c.Blanks.Deliveries)}},
		Row{"regions", []string{fmt.Sprintf("%d", len(sc.Regions))}},
	)
	return rows
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func outages(o *scenario.Outages) string {
	var parts []string
	for _, k := range []struct {
		name string
		r    *scenario.Renewal
	}{{"network", o.Network}, {"power", o.Power}, {"application", o.Application}} {
		if k.r != nil {
			parts = append(parts, fmt.Sprintf("%s every %s for %s", k.name, k.r.Every.Text, k.r.Lasting.Text))
		}
	}
	if n := len(o.Scheduled); n > 0 {
		parts = append(parts, fmt.Sprintf("%d scheduled", n))
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
		parts = append(parts, fmt.Sprintf("%s on %s", chart.Thousands(d.Amount), d.Date))
	}
	return "; deliveries: " + strings.Join(parts, ", ")
}

// RegionTable is one row per region with its main assumptions.
func RegionTable(sc *scenario.Scenario) ([]string, []Row) {
	head := []string{"population", "recording a day (first-time, replacement, change)", "printers", "cards a printer a day", "blanks at the start", "UPS hours", "outages"}
	rows := make([]Row, 0, len(sc.Regions))
	for i := range sc.Regions {
		r := &sc.Regions[i]
		printers, rate := int64(0), []string{}
		for j := range r.Sites {
			printers += r.PrintersAt(j)
			rate = append(rate, fmt.Sprint(r.Sites[j].CardsPerPrinterPerDay))
		}
		blanks := "unlimited"
		if !r.Blanks.Stock.Unlimited {
			blanks = chart.Thousands(r.Blanks.Stock.N)
		}
		pop := ""
		if r.Population > 0 {
			pop = chart.Thousands(r.Population)
		}
		rows = append(rows, Row{r.Name, []string{pop,
			strings.Join([]string{orZero(r.Recording.FirstTime.Text), orZero(r.Recording.Replacement.Text), orZero(r.Recording.ElementChange.Text)}, ", "),
			fmt.Sprint(printers), strings.Join(dedupe(rate), "/"), blanks, fmt.Sprint(float64(r.UPSHours)), outages(&r.Outages)}})
	}
	return head, rows
}

func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
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
