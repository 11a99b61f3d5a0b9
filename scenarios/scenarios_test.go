package scenarios_test

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ektpsim/ektpsim/internal/golden"

	"github.com/ektpsim/ektpsim/scenarios"
	"github.com/ektpsim/ektpsim/scenarios/national"
	"github.com/ektpsim/ektpsim/sim/chart"
	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

var update = flag.Bool("update", false, "rewrite docs/figures.md from this run")

// load reads an embedded scenario as `ektpsim run NAME` does.
func load(t testing.TB, name string, set ...string) *scenario.Scenario {
	t.Helper()
	var opt scenario.Options
	opt.FS = scenarios.FS
	for _, s := range set {
		o, err := scenario.ParseOverride(s)
		if err != nil {
			t.Fatal(err)
		}
		opt.Set = append(opt.Set, o)
	}
	sc, err := scenario.Load(name, opt)
	if err != nil {
		t.Fatalf("%s:\n%v", name, err)
	}
	return sc
}

// days keeps every day's rows of one replication.
type days struct {
	dates  []string
	nation []model.DayRow
	region [][]model.DayRow
}

func (d *days) Day(date scenario.Date, nation *model.DayRow, regions []model.DayRow) error {
	d.dates = append(d.dates, date.String())
	d.nation = append(d.nation, *nation)
	d.region = append(d.region, slices.Clone(regions))
	return nil
}

// on returns the index of a date.
func (d *days) on(t testing.TB, date string) int {
	i := slices.Index(d.dates, date)
	if i < 0 {
		t.Fatalf("no day %s", date)
	}
	return i
}

func run(t testing.TB, sc *scenario.Scenario, replication int, check bool) (*days, *model.Result) {
	t.Helper()
	var d days
	res, err := model.New(sc, model.Options{Replication: replication, Observer: &d, CheckInvariants: check}).Run()
	if err != nil {
		t.Fatal(err)
	}
	return &d, res
}

func regionIndex(t testing.TB, sc *scenario.Scenario, name string) int {
	for i, r := range sc.Regions {
		if r.Name == name {
			return i
		}
	}
	t.Fatalf("no region %q", name)
	return -1
}

// readRegions reads the project's copy of regions.csv.
func readRegions(t *testing.T) []national.Region {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "data", "regions.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	regions, err := national.ReadRegions(f)
	if err != nil {
		t.Fatal(err)
	}
	return regions
}

// The national scenario is generated: regenerating it from data/regions.csv
// gives the committed file byte for byte.
func TestNationalIsGenerated(t *testing.T) {
	regions := readRegions(t)
	if len(regions) != 514 {
		t.Errorf("%d regions, want 514", len(regions))
	}
	var b bytes.Buffer
	if err := national.Write(&b, regions); err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("national-2016-2018.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), committed) {
		t.Error("national-2016-2018.yaml differs from what the generator writes: run go generate ./scenarios")
	}
	sc := load(t, "national-2016-2018.yaml")
	var pop int64
	for _, r := range sc.Regions {
		pop += r.Population
	}
	if len(sc.Regions) != 514 || pop != 261_890_832 {
		t.Errorf("%d regions, %d people; want 514 and 261,890,832 (data/SOURCES.md)", len(sc.Regions), pop)
	}
}

// Every shipped scenario validates and runs; the small ones with the
// conservation checks after every event.
func TestEveryScenarioRuns(t *testing.T) {
	files, err := fs.Glob(scenarios.FS, "*.yaml")
	if err != nil || len(files) < 10 {
		t.Fatalf("%d scenario files (%v)", len(files), err)
	}
	if !slices.Contains(files, scenarios.Default) {
		t.Fatalf("the default %s is not embedded", scenarios.Default)
	}
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			t.Parallel()
			sc := load(t, f)
			if len(sc.Regions) > 10 {
				// The checks cost a pass over every region per event: the
				// national ones run whole in TestReportedFigures, and here
				// their first two weeks with the checks on.
				sc = load(t, f, "end=2016-01-17")
			}
			_, res := run(t, sc, 0, true)
			if res.Nation.PrintedTotal <= 0 {
				t.Errorf("printed nothing")
			}
		})
	}
}

// figures is the table of reported figures beside simulated ones.
type figures struct{ rows [][4]string }

func (f *figures) add(place, reported, simulated, how string) {
	f.rows = append(f.rows, [4]string{place, reported, simulated, how})
}

func pct(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }

// The shipped scenarios reproduce the figures of the field reports, and the
// what-if variants move the national figures the way a briefing would
// expect. The table in docs/figures.md is this test's output
// (go test ./scenarios -run Figures -update rewrites it).
func TestReportedFigures(t *testing.T) {
	var tab figures
	palembang(t, &tab)
	kupang(t, &tab)
	binjai(t, &tab)
	tanjungpinang(t, &tab)
	nationalFigures(t, &tab)

	var b strings.Builder
	b.WriteString("# Reported figures beside simulated ones\n\n")
	b.WriteString("Written by `go test ./scenarios -run ReportedFigures -update` from the shipped\n")
	b.WriteString("scenarios (seeds as in the files); do not edit by hand. Reported figures:\n")
	b.WriteString("`../shared/domain/BRIEF.md` and `data/SOURCES.md`.\n\n")
	b.WriteString("| scenario | reported | simulated | how it is measured |\n|---|---|---|---|\n")
	for _, r := range tab.rows {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", r[0], r[1], r[2], r[3])
	}
	compareGolden(t, filepath.Join("..", "docs", "figures.md"), b.String())
}

func compareGolden(t *testing.T, file, got string) {
	t.Helper()
	golden.Check(t, file, []byte(got), *update, "go test ./scenarios -run ReportedFigures -update")
}

// Palembang: 10,000 blanks at 400 a day with 36,260 print-ready; the server
// is full, so nothing new becomes print-ready and the count left is exact.
func palembang(t *testing.T, tab *figures) {
	sc := load(t, "palembang-2017.yaml")
	d, _ := run(t, sc, 0, true)
	p := regionIndex(t, sc, "Kota Palembang")
	out := -1
	for i := range d.dates {
		if d.region[i][p].Blanks == 0 {
			out = i
			break
		}
	}
	if out < 0 {
		t.Fatal("Palembang never ran out of blanks")
	}
	row := d.region[out][p]
	others := int64(40000 + 16000)
	firstLeft := row.PrintReady - others
	if row.PrintedCum != 10000 || firstLeft != 26260 || row.PrintReady != 82260 {
		t.Errorf("at the stock-out: printed %d, print-ready %d (first-time %d); want 10,000, 82,260 (26,260)", row.PrintedCum, row.PrintReady, firstLeft)
	}
	if !strings.HasPrefix(d.dates[out], "2017-09") {
		t.Errorf("blanks ran out on %s, want September 2017 (reported)", d.dates[out])
	}
	tab.add("palembang-2017", "10,000 blanks (9 Aug 2017) at 400 a day", "run out on "+d.dates[out], "first day ending with 0 blanks")
	tab.add("palembang-2017", "still about 26,000 blanks needed for the 36,260 PRR", chart.Thousands(firstLeft)+" first-time records print-ready", "print-ready first-time records on that day")
	tab.add("palembang-2017", "about 82,000 blanks needed (Sep 2017)", chart.Thousands(row.PrintReady)+" records print-ready", "print-ready records of all classes on that day")
}

// Kupang: 16,000 blanks in May 2018, about 1,600 left on 3 July. Faults are
// random, so the figure is the mean over the scenario's replications.
func kupang(t *testing.T, tab *figures) {
	sc := load(t, "kupang-2018.yaml")
	k := regionIndex(t, sc, "Kota Kupang")
	var left []float64
	for rep := 0; rep < int(sc.Replications); rep++ {
		d, _ := run(t, sc, rep, rep == 0)
		left = append(left, float64(d.region[d.on(t, "2018-07-03")][k].Blanks))
	}
	slices.Sort(left)
	mean := 0.0
	for _, x := range left {
		mean += x
	}
	mean /= float64(len(left))
	lo, hi := left[len(left)/20], left[len(left)-1-len(left)/20]
	if math.Abs(mean-1600) > 500 || lo > 1600 || hi < 1600 {
		t.Errorf("blanks on 3 July: mean %.0f, 5-95%% %.0f-%.0f; want about 1,600 inside the band", mean, lo, hi)
	}
	tab.add("kupang-2018", "16,000 blanks in May 2018, 1,600 left on 3 July",
		fmt.Sprintf("%s left (5-95%%: %s-%s)", chart.Thousands(int64(math.Round(mean))), chart.Thousands(int64(lo)), chart.Thousands(int64(hi))),
		fmt.Sprintf("blanks at the end of 3 July 2018, mean of %d replications", len(left)))
}

// Binjai: 8,000 blanks against 7,781 residents without a card.
func binjai(t *testing.T, tab *figures) {
	sc := load(t, "binjai-2017.yaml")
	d, _ := run(t, sc, 0, true)
	b := regionIndex(t, sc, "Kota Binjai")
	// The day the print-ready queue runs dry after the first wave: from
	// then on the printer waits for the centre, not for blanks.
	dry := -1
	for i := d.on(t, "2017-04-18"); i < len(d.dates); i++ {
		if r := d.region[i][b]; r.PrintReady == 0 && r.InVerification == 0 {
			dry = i
			break
		}
	}
	if dry < 0 {
		t.Fatal("Binjai's print-ready queue never ran dry")
	}
	row := d.region[dry][b]
	if row.Blanks <= 0 || row.PrintedCum < 7781-100 || d.dates[dry] > "2017-09-11" {
		t.Errorf("queue dry on %s with %d printed and %d blanks left; want the 7,781 printed from the first wave", d.dates[dry], row.PrintedCum, row.Blanks)
	}
	for i := d.on(t, "2017-04-17"); i <= dry; i++ {
		if d.region[i][b].Blanks == 0 {
			t.Errorf("blanks ran out on %s, before the queue ran dry", d.dates[i])
		}
	}
	tab.add("binjai-2017", "8,000 blanks (first wave, Apr 2017) for 7,781 residents without a card",
		fmt.Sprintf("%s printed by %s with %s blanks left; then the printer waits for the centre (%s records waiting there)",
			chart.Thousands(row.PrintedCum), d.dates[dry], chart.Thousands(row.Blanks), chart.Thousands(row.AwaitingIntake)),
		"first day with nothing print-ready or in verification")
}

// Tanjung Pinang: 50 a day against a national cap; the share that gets in
// under each intake policy.
func tanjungpinang(t *testing.T, tab *figures) {
	var shares []string
	for _, policy := range []string{"fifo", "proportional", "quota"} {
		sc := load(t, "tanjungpinang-2017.yaml", "central.intake_policy="+policy)
		d, _ := run(t, sc, 0, true)
		k := regionIndex(t, sc, "Kota Tanjung Pinang")
		var before, after int64
		upgrade := d.on(t, "2018-04-02")
		for i := range d.dates {
			if i < upgrade {
				before += d.region[i][k].Intake
			} else {
				after += d.region[i][k].Intake
			}
		}
		if before != 0 {
			t.Errorf("%s: %d records got in while the server was full", policy, before)
		}
		last := d.region[len(d.dates)-1][k]
		total := last.Recorded + 4500
		share := float64(after) / float64(total)
		days := int64(len(d.dates) - upgrade)
		switch policy {
		case "quota":
			// At most its quota every day the centre was up at 00:00.
			if after > 79*days || after < 79*(days-10) {
				t.Errorf("quota: %d in over %d days, want at most 79 a day, nearly every day", after, days)
			}
		default:
			if share < 0.3 || share > 0.95 {
				t.Errorf("%s: share %.3f", policy, share)
			}
		}
		shares = append(shares, fmt.Sprintf("%s %s", policy, pct(share)))
	}
	tab.add("tanjungpinang-2017", "about 50 recorded a day; \"not even one of them is certain to get in\"",
		"0 got in while the server was full (4 Dec 2017 - 1 Apr 2018), under every policy", "central intake of the region's records, day by day")
	tab.add("tanjungpinang-2017", "50 a day against a 50,000 national cap: what share gets in",
		strings.Join(shares, ", "), "records taken in by 29 Jun 2018 / recorded plus the 4,500 waiting at the start")
}

// The national scenario: the server fills in June 2017, recording matches
// the reported cumulative totals, and the what-if variants move the
// figures as they should.
func nationalFigures(t *testing.T, tab *figures) {
	base := load(t, "national-2016-2018.yaml")
	d, res := run(t, base, 0, false)
	full := ""
	for i, r := range d.nation {
		if r.CentralStored >= 170_000_000 {
			full = d.dates[i]
			break
		}
	}
	if !strings.HasPrefix(full, "2017-06") {
		t.Errorf("server full on %q, want June 2017 (reported)", full)
	}
	tab.add("national-2016-2018", "central server full (170 million) by June 2017", "full on "+full, "first day the server holds 170,000,000")
	recorded := d.nation[d.on(t, "2018-12-24")].Recorded - d.nation[d.on(t, "2016-08-31")].Recorded
	first := firstTimeMean(base, "2016-09-01", "2018-12-24")
	if math.Abs(first-24.87e6) > 0.05*24.87e6 {
		t.Errorf("first-time recordings between the reported totals: %.0f, want 24.87 million within 5%%", first)
	}
	tab.add("national-2016-2018", "162.0 million recorded by Aug 2016, 186.87 million on 24 Dec 2018: 24.87 million between",
		fmt.Sprintf("%s first-time expected from the rates; %s records of all classes simulated", chart.Thousands(int64(first)), chart.Thousands(recorded)),
		"the regions' first-time rates over the working days 1 Sep 2016 - 24 Dec 2018; recorded (daily.csv) on the two days")

	whatIfs(t, tab, res, d)
}

// firstTimeMean sums the regions' mean first-time recordings over the
// working days from one date to another, both included.
func firstTimeMean(sc *scenario.Scenario, from, to string) float64 {
	holiday := map[string]bool{}
	for _, h := range sc.Calendar.Holidays {
		holiday[h.String()] = true
	}
	total := 0.0
	for _, r := range sc.Regions {
		for d := sc.Start; d.String() <= to; d = d.AddDays(1) {
			wd := d.Time().Weekday()
			if d.String() < from || wd == 0 || wd == 6 || holiday[d.String()] {
				continue
			}
			rate := r.Recording.FirstTime.Dist.Mean()
			for _, ch := range r.RecordingChanges {
				if ch.Date.Days() <= d.Days() && ch.FirstTime != nil {
					rate = ch.FirstTime.Dist.Mean()
				}
			}
			total += rate
		}
	}
	return total
}

func whatIfs(t *testing.T, tab *figures, base *model.Result, baseDays *days) {
	type variant struct {
		file string
		res  *model.Result
		d    *days
	}
	vs := []variant{{"national-2016-2018.yaml", base, baseDays}}
	for _, f := range []string{"national-double-intake.yaml", "national-upgrade-2017.yaml", "national-twice-blanks.yaml",
		"national-district-printing.yaml", "national-ups.yaml"} {
		d, res := run(t, load(t, f), 0, false)
		vs = append(vs, variant{f, res, d})
	}
	get := func(f string) *model.Result {
		for _, v := range vs {
			if v.file == f {
				return v.res
			}
		}
		return nil
	}
	// Blanks are the binding limit: twice the blanks must cut the backlog
	// by millions; district printing and a UPS must print more or lose less.
	if tb := get("national-twice-blanks.yaml"); tb.Nation.BacklogEnd > base.Nation.BacklogEnd-2_000_000 {
		t.Errorf("twice the blanks: backlog at the end %d vs %d", tb.Nation.BacklogEnd, base.Nation.BacklogEnd)
	}
	if dp := get("national-district-printing.yaml"); dp.Nation.PrintedTotal <= base.Nation.PrintedTotal {
		t.Errorf("district printing printed %d, base %d", dp.Nation.PrintedTotal, base.Nation.PrintedTotal)
	}
	if u := get("national-ups.yaml"); u.Nation.LostByCause[model.CausePower] >= base.Nation.LostByCause[model.CausePower]/2 {
		t.Errorf("UPS everywhere: %.0f printer-hours lost to power, base %.0f", u.Nation.LostByCause[model.CausePower], base.Nation.LostByCause[model.CausePower])
	}
	for _, v := range vs {
		f := v.res.Nation
		tab.add(strings.TrimSuffix(v.file, ".yaml"), "what-if (seed 2016, one replication)",
			fmt.Sprintf("printed %s; backlog at the end %s; peak %s; lost to power %s printer-h",
				chart.Thousands(f.PrintedTotal), chart.Thousands(f.BacklogEnd), chart.Thousands(f.PeakBacklog), chart.Thousands(int64(f.LostByCause[model.CausePower]))),
			"summary figures of the run")
	}
}

// The cost of a run follows regions and days, not people: the national
// scenario's recording rates doubled, doubled again and again change the
// number of events by less than 5% each time. From the reported rates to
// twice them the events grow by about 10% once: the smallest regions (a
// record or two a day) go from an intake batch now and then to one every
// day, which is the bound (one batch, one verification release and one
// duplicate release per region per day).
func TestCostIndependentOfVolume(t *testing.T) {
	regions := readRegions(t)
	var events [4]uint64
	for i, scale := range []float64{1, 2, 4, 8} {
		var b bytes.Buffer
		if err := national.WriteWith(&b, regions, national.Options{RecordingScale: scale}); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(t.TempDir(), "n.yaml")
		if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		o, _ := scenario.ParseOverride("end=2016-12-31")
		sc, err := scenario.Load(file, scenario.Options{Set: []scenario.Override{o}})
		if err != nil {
			t.Fatal(err)
		}
		_, res := run(t, sc, 0, false)
		events[i] = res.Events
	}
	t.Logf("events over 2016 at 1, 2, 4 and 8 times the recording rates: %v", events)
	for i := 1; i < len(events); i++ {
		limit := 0.05
		if i == 1 {
			limit = 0.10
		}
		if ratio := float64(events[i]) / float64(events[i-1]); math.Abs(ratio-1) > limit {
			t.Errorf("doubling recording from %d to %d times changed the events by a factor %.3f", 1<<(i-1), 1<<i, ratio)
		}
	}
}
