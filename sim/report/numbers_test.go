package report_test

import (
	"bytes"
	"context"
	"html"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ektpsim/ektpsim/sim/chart"
	"github.com/ektpsim/ektpsim/sim/report"
	"github.com/ektpsim/ektpsim/sim/runner"
)

var (
	longDateRe = regexp.MustCompile(`\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b`)
	numberRe   = regexp.MustCompile(`[+-]?\d[\d,]*(\.\d+)?%?`)
	liRe       = regexp.MustCompile(`(?s)<ul class="findings">(.*?)</ul>`)
	itemRe     = regexp.MustCompile(`(?s)<li>(.*?)</li>`)
	tableRe    = regexp.MustCompile(`(?s)<table[^>]*>(.*?)</table>`)
	cellRe     = regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`)
	rowRe      = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
)

// numbers are the figures written in text: long dates whole, then
// numbers, leaving out percentages (95% within, 90% of replications:
// labels, not figures) and the digits of the run names given.
func numbers(text string, names []string) []string {
	for _, n := range names {
		text = strings.ReplaceAll(text, n, " ")
	}
	var out []string
	text = longDateRe.ReplaceAllStringFunc(text, func(d string) string { out = append(out, d); return " " })
	for _, n := range numberRe.FindAllString(text, -1) {
		if !strings.HasSuffix(n, "%") {
			out = append(out, n)
		}
	}
	return out
}

// Every number in the briefing's sentences is one of its tables' figures
// as the table writes it (the same rounding: no 1,532,205 in a sentence
// beside 1,532,206 in the table), for one region, several, a city
// scenario, with and without replications, and two runs side by side.
func TestSentenceNumbersAreTableFigures(t *testing.T) {
	dir := t.TempDir()
	type run struct {
		name, scenario string
		reps           int
		set            []string
	}
	runs := []run{
		{"example", "example-2017", 1, []string{"end=2017-06-30"}},
		{"example-reps", "example-2017", 4, []string{"end=2017-06-30"}},
		{"example-double", "example-2017", 4, []string{"end=2017-06-30", "central.intake_per_day=100000"}},
		{"palembang", "palembang-2017", 1, nil},
		{"binjai-reps", "binjai-2017", 3, nil},
	}
	sets := [][]string{{"example"}, {"example-reps"}, {"palembang"}, {"binjai-reps"}, {"example-reps", "example-double"}, {"example", "example-double"}}
	if !testing.Short() {
		// 514 regions, the full three years.
		runs = append(runs, run{"national", "national-2016-2018", 1, nil})
		sets = append(sets, []string{"national"})
	}
	dirs := map[string]string{}
	for _, r := range runs {
		out := filepath.Join(dir, r.name)
		if _, err := runner.Run(context.Background(), runner.Config{Scenario: r.scenario, Out: out, Replications: r.reps, Set: r.set, NoPlots: true}); err != nil {
			t.Fatal(err)
		}
		dirs[r.name] = out
	}
	for _, set := range sets {
		t.Run(strings.Join(set, "+"), func(t *testing.T) {
			var rs []*chart.Run
			var charts [][]chart.Chart
			var cdirs, names []string
			for _, n := range set {
				r, err := chart.ReadRun(dirs[n], chart.Keep)
				if err != nil {
					t.Fatal(err)
				}
				rs, charts, cdirs, names = append(rs, r), append(charts, nil), append(cdirs, ""), append(names, r.Name)
			}
			var buf bytes.Buffer
			if err := report.Write(&buf, rs, charts, cdirs, nil, ""); err != nil {
				t.Fatal(err)
			}
			page := buf.String()
			figures := map[string]bool{}
			for _, tb := range tableRe.FindAllStringSubmatch(page, -1) {
				for _, c := range cellRe.FindAllStringSubmatch(tb[1], -1) {
					// A sentence says a difference by its size ("42
					// fewer cards"), the table with its sign ("-42").
					for _, n := range numbers(html.UnescapeString(c[1]), nil) {
						figures[strings.TrimLeft(n, "+-")] = true
					}
				}
			}
			// The difference column is the difference of the figures
			// shown beside it (718 and 710: -8), to within one in its
			// last digit: it is worked out before rounding.
			if len(rs) == 2 {
				key := tableRe.FindStringSubmatch(page)[1]
				compared := 0
				for _, row := range rowRe.FindAllStringSubmatch(key, -1) {
					cs := cellRe.FindAllStringSubmatch(row[1], -1)
					if len(cs) < 4 {
						continue
					}
					a, errA := strconv.ParseFloat(strings.ReplaceAll(cs[1][1], ",", ""), 64)
					b, errB := strconv.ParseFloat(strings.ReplaceAll(cs[2][1], ",", ""), 64)
					d, errD := strconv.ParseFloat(strings.ReplaceAll(html.UnescapeString(cs[3][1]), ",", ""), 64)
					if errA != nil || errB != nil || errD != nil {
						continue
					}
					compared++
					unit := 1.0
					if _, dec, ok := strings.Cut(cs[3][1], "."); ok {
						unit = math.Pow(10, -float64(len(dec)))
					}
					if math.Abs(d-(b-a)) > unit+1e-9 {
						t.Errorf("%s: %s and %s differ by %s in the table", cs[0][1], cs[1][1], cs[2][1], cs[3][1])
					}
				}
				if compared < 8 {
					t.Errorf("only %d differences checked", compared)
				}
			}
			checked := 0
			for _, ul := range liRe.FindAllStringSubmatch(page, -1) {
				for _, li := range itemRe.FindAllStringSubmatch(ul[1], -1) {
					sentence := html.UnescapeString(li[1])
					for _, n := range numbers(sentence, names) {
						checked++
						if !figures[strings.TrimLeft(n, "+-")] {
							t.Errorf("%q in %q is not a figure of the tables", n, sentence)
						}
					}
				}
			}
			if checked < 10 {
				t.Errorf("only %d numbers in the sentences", checked)
			}
			// The figures say what they are.
			if rs[0].Summary.Replications > 1 && !strings.Contains(page, "mean over 4 replications") && !strings.Contains(page, "mean over 3 replications") {
				t.Error("a briefing of replications does not say its figures are means")
			}
		})
	}
}

// The assumptions are written as a planner reads them.
func TestAssumptionsInWords(t *testing.T) {
	dir := t.TempDir()
	if _, err := runner.Run(context.Background(), runner.Config{Scenario: "example-2017", Out: dir, Set: []string{"end=2017-02-28"}, NoPlots: true}); err != nil {
		t.Fatal(err)
	}
	r, err := chart.ReadRun(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	var text []string
	for _, row := range report.Assumptions(r.Scenario) {
		text = append(text, row.Label+": "+strings.Join(row.Cells, " "))
	}
	_, regions := report.RegionTable(r.Scenario)
	for _, row := range regions {
		text = append(text, row.Label+": "+strings.Join(row.Cells, " "))
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{"Monday to Friday, 08:00 to 16:00", "every 20 days on average, lasting 6 hours on average (standard deviation 4 hours)"} {
		if !strings.Contains(all, want) {
			t.Errorf("assumptions lack %q:\n%s", want, all)
		}
	}
	for _, raw := range []string{"[mon", "exponential(", "lognormal(", "uniform(", "poisson("} {
		if strings.Contains(all, raw) {
			t.Errorf("assumptions show the raw form %q:\n%s", raw, all)
		}
	}
}
