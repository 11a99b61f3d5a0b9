// Package national writes the national scenario, every kabupaten/kota of
// Indonesia from 2016 to 2018, from the list of regions with their
// population (data/regions.csv).
//
// Every national figure is a constant below with its source: a reported
// figure (../../data/SOURCES.md, ../shared/domain/BRIEF.md) or an assumption
// and its reason. Regions get their share of national demand and backlog in
// proportion to their population; their printers, stocks and outages follow
// from their size and their island group. The few regions the field
// reports describe get their reported figures.
package national

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Region is one row of regions.csv.
type Region struct {
	ProvinceCode string
	Province     string
	Code         string
	Name         string
	Kind         string // kota or kabupaten
	Population   int64
	Districts    int64
}

// ReadRegions reads regions.csv (province_code, province, region_code,
// region, kind, population, population_year, districts).
func ReadRegions(r io.Reader) ([]Region, error) {
	rows, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("no regions")
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, h := range []string{"province_code", "province", "region_code", "region", "kind", "population", "districts"} {
		if _, ok := col[h]; !ok {
			return nil, fmt.Errorf("no column %q", h)
		}
	}
	var out []Region
	for i, row := range rows[1:] {
		pop, err1 := strconv.ParseInt(row[col["population"]], 10, 64)
		dis, err2 := strconv.ParseInt(row[col["districts"]], 10, 64)
		if err1 != nil || err2 != nil || pop <= 0 || dis <= 0 {
			return nil, fmt.Errorf("line %d: population %q and districts %q must be whole numbers above 0", i+2, row[col["population"]], row[col["districts"]])
		}
		out = append(out, Region{
			ProvinceCode: row[col["province_code"]], Province: row[col["province"]],
			Code: row[col["region_code"]], Name: row[col["region"]], Kind: row[col["kind"]],
			Population: pop, Districts: dis,
		})
	}
	return out, nil
}

// National figures. "Reported" figures come from the field reports and the
// Dukcapil statements listed in data/SOURCES.md; the rest are assumptions.
const (
	// Recording of first-time records, nationally per working day.
	// Reported: 162.0 million recorded by the end of August 2016 and 186.87
	// million on 24 December 2018, so about 25 million in the 28 months
	// between (about 43,000 a working day on average). The brief's "1.5 to 3
	// million recorded a day" cannot have lasted (a month of it would exceed
	// the whole period), so it is read as the peak of the drive before the
	// 30 September 2016 recording deadline: one week at 1.5 million (7.5
	// million), and 30,000 a working day afterwards (17.4 million over the
	// remaining 570 working days).
	firstTimeEarly2016 = 40_000    // assumed: Jan-Sep 2016, before the drive
	firstTimeDrive     = 1_500_000 // reported peak ("1.5 to 3 million a day"), one week
	firstTimeAfter     = 30_000    // derived from the reported cumulative totals above
	// Replacement (lost, damaged) and element-change records, nationally per
	// working day. Assumed from Palembang's 56,000 such cards waiting in Sep
	// 2017 for about 1.2 million residents aged 17+ (about 1.6% a year).
	replacementPerDay   = 8_000
	elementChangePerDay = 4_000

	// Backlog at the start (4 January 2016), shared by population.
	// Assumed: 1% of residents print-ready and waiting for a blank (Palembang
	// had 2.2% in August 2017, after a year of scarce blanks).
	backlogPrintReadyFirst = 2_600_000
	backlogPrintReadyRepl  = 500_000
	backlogAwaitingIntake  = 300_000

	// The centre. Reported: about 50,000 records a day, 170 million records
	// of storage, full by June 2017, new capacity in April 2018.
	intakePerDay    = 50_000
	storageCapacity = 170_000_000
	// Stored at the start: calibrated so that, with the demand above, the
	// server fills in June 2017 as reported (checked by a test).
	storedAtStart = 147_500_000
	// Assumed: the 2018 server holds the whole population and its licence
	// doubles the daily intake.
	upgradedCapacity = 270_000_000
	upgradedIntake   = 100_000

	// Blanks. Assumed: procurement by tender arrives in national waves
	// (reported: slow, late); Binjai's first wave of 2017 arrived in April.
	nationalStockAtStart = 1_000_000

	// Printing. Reported: Binjai prints 150 cards a day with one printer;
	// Palembang's printers print 200 a day each, 3 printers for 1.6 million
	// people. Assumed: one city-office printer per 500,000 people, at least
	// one.
	peoplePerPrinter = 500_000
	cardsPerPrinter  = 150
	cardsPerRibbon   = 500 // assumed ribbon yield
	// Assumed: a region holds 20 working days of its printing at the start,
	// asks for 40 days' worth when it is down to 10.
	stockDays, reorderBelowDays, reorderAmountDays = 20, 10, 40
)

// blankWaves are the national deliveries of blanks (assumed dates and
// amounts; about 10 million a year, enough for demand but late).
var blankWaves = []struct {
	date   string
	amount int64
}{
	{"2016-03-07", 4_000_000},
	{"2016-10-03", 4_000_000},
	{"2017-04-03", 3_000_000},
	{"2017-09-04", 4_000_000},
	{"2018-03-05", 8_000_000},
	{"2018-08-06", 8_000_000},
}

// group is an island group: how far from Jakarta (blanks are fetched from
// the ministry) and how reliable its network and power are. All assumed,
// except the two days' fetch reported from Binjai (Sumatra) and the long
// network faults reported from Kupang (Nusa Tenggara Timur).
type group struct {
	name           string
	provinces      []string
	leadTime       string
	network, power [2]string // every, lasting
}

var groups = []group{
	{"Java and Bali", []string{"31", "32", "33", "34", "35", "36", "51"}, "uniform(1d, 3d)",
		[2]string{"exponential(20d)", "exponential(4h)"}, [2]string{"exponential(30d)", "lognormal(mean=3h, sd=2h)"}},
	{"Sumatra", []string{"11", "12", "13", "14", "15", "16", "17", "18", "19", "21"}, "uniform(2d, 4d)",
		[2]string{"exponential(12d)", "exponential(6h)"}, [2]string{"exponential(20d)", "lognormal(mean=4h, sd=3h)"}},
	{"Kalimantan, Sulawesi and Nusa Tenggara Barat", []string{"52", "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76"}, "uniform(3d, 6d)",
		[2]string{"exponential(10d)", "exponential(8h)"}, [2]string{"exponential(15d)", "lognormal(mean=5h, sd=3h)"}},
	{"Nusa Tenggara Timur, Maluku and Papua", []string{"53", "81", "82", "91", "92"}, "uniform(5d, 10d)",
		[2]string{"exponential(5d)", "exponential(12h)"}, [2]string{"exponential(10d)", "lognormal(mean=6h, sd=4h)"}},
}

func groupOf(province string) *group {
	for i := range groups {
		for _, p := range groups[i].provinces {
			if p == province {
				return &groups[i]
			}
		}
	}
	return nil
}

// reported holds what the field reports say of single regions, written
// into those regions instead of the derived figures.
var reported = map[string]string{
	"12.75": `    ups_hours: 12           # reported: a UPS that lasts 12 hours
`,
	"16.71": `    outages:
      scheduled:            # reported Aug 2017: one of the 3 printers broken (since and until: assumed)
        - {kind: printer, site: city office, printers: 1, from: 2017-01-02, to: 2017-11-01}
`,
}

// reportedSites replaces the derived city office of a region.
var reportedSites = map[string]string{
	"12.75": `      - {name: city office, printers: 1, cards_per_printer_per_day: 150}  # reported: 150 cards a day
`,
	"16.71": `      - {name: city office, printers: 3, cards_per_printer_per_day: 200}  # reported: 3 printers, 200 a day each
      - {name: kecamatan offices, printers_per_district: 1, cards_per_printer_per_day: 60, serves: [first_time], opens: 2017-09-18}  # reported Sep 2017: every kecamatan prints first-time cards; printer count, rate and date assumed
`,
	"53.71": `      - {name: city office, printers: 2, cards_per_printer_per_day: 200}  # assumed: the pace that took 16,000 blanks down to 1,600 in two months (May-Jul 2018)
`,
}

// Options vary the national scenario for benchmarks and tests; the zero
// value writes the shipped scenario.
type Options struct {
	// RecordingScale multiplies every recording rate (0 means 1).
	RecordingScale float64
}

// Write writes the national scenario for regions.
func Write(w io.Writer, regions []Region) error { return WriteWith(w, regions, Options{}) }

// Synthetic returns n regions made from the real ones for scaling runs:
// fewer than there are takes the first n; more splits each region into
// equal parts (a nation at district level), cycling through them.
func Synthetic(real []Region, n int) []Region {
	if n <= len(real) {
		return real[:n]
	}
	parts := (n + len(real) - 1) / len(real)
	out := make([]Region, 0, n)
	for k := 0; len(out) < n; k++ {
		r := real[k%len(real)]
		part := k / len(real)
		r.Name = fmt.Sprintf("%s part %d", r.Name, part+1)
		r.Code = fmt.Sprintf("%s.%d", r.Code, part+1)
		r.Population = max(1, r.Population/int64(parts))
		r.Districts = max(1, r.Districts/int64(parts))
		out = append(out, r)
	}
	return out
}

// WriteWith writes the national scenario for regions, varied by opt.
func WriteWith(w io.Writer, regions []Region, opt Options) error {
	scale := opt.RecordingScale
	if scale == 0 {
		scale = 1
	}
	var total int64
	for _, r := range regions {
		total += r.Population
	}
	var b strings.Builder
	header(&b, len(regions), total)
	for _, r := range regions {
		if err := region(&b, r, float64(r.Population)/float64(total), scale); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func header(b *strings.Builder, n int, population int64) {
	fmt.Fprintf(b, `# Indonesia, 2016-2018: all %d kabupaten/kota sharing one central biodata
# server. GENERATED by "go generate ./scenarios" (scenarios/national) from
# data/regions.csv (%s people, BPS projection 2017); do not edit by hand:
# change the generator's figures and regenerate.
#
# How the figures were derived (each is a constant in
# scenarios/national/national.go, with its source):
# - Recording: %s first-time records a working day nationally until the
#   drive before the 30 Sep 2016 deadline (%s a day for one week, the
#   reported peak), then %s a day, which matches the reported 162.0 million
#   recorded by Aug 2016 and 186.87 million by Dec 2018; plus %s replacement
#   and %s element-change records. Every region gets its share by population.
# - Backlog at the start: %s print-ready first-time and %s replacement
#   records, %s awaiting the centre, by population (assumed).
# - Centre: %s records a day and %s of storage (reported), %s stored at
#   the start (calibrated so that the server fills in June 2017, as
#   reported); upgraded on 2 Apr 2018 (reported: April 2018) to %s records
#   and %s a day (assumed).
# - Blanks: a national store of %s, refilled in waves (assumed); every
#   region starts with %d working days of its printing, and asks for %d
#   days' worth when down to %d, fetched from Jakarta in a lead time that
#   grows with distance (Binjai's two days reported, the rest assumed).
# - Printers: one city-office printer per %s people, at least one, %d cards a
#   day each (reported for Binjai); the reported cities get their figures.
# - Outages: network and power by island group, the east worst (reported for
#   Kupang; rates assumed), the printing application and printer breakdowns
#   everywhere (assumed).
name: national-2016-2018
description: >
  All %d kabupaten/kota of Indonesia, January 2016 to December 2018: recording
  drives, the central server's 50,000-a-day intake filling its 170 million
  records in mid-2017 until the April 2018 upgrade, national blank waves, and
  printing stopped by network, power, application, blank and ribbon outages.

start: 2016-01-04            # a Monday
end: 2018-12-31
seed: 2016
replications: 1
certificate_validity: 182d   # reported: a temporary certificate lasts 6 months
clear_level: 0

calendar:
  workdays: [mon, tue, wed, thu, fri]
  office_hours: "08:00-16:00"
  holidays: [2016-01-01, 2016-02-08, 2016-03-09, 2016-03-25, 2016-05-01, 2016-05-05,
    2016-05-06, 2016-05-22, 2016-07-04, 2016-07-05, 2016-07-06, 2016-07-07, 2016-07-08,
    2016-08-17, 2016-09-12, 2016-10-02, 2016-12-12, 2016-12-25, 2016-12-26,
    2017-01-02, 2017-01-28, 2017-03-28, 2017-04-14, 2017-04-24, 2017-05-01, 2017-05-11,
    2017-05-25, 2017-06-23, 2017-06-26, 2017-06-27, 2017-06-28, 2017-06-29, 2017-06-30,
    2017-08-17, 2017-09-01, 2017-09-21, 2017-12-01, 2017-12-25, 2017-12-26,
    2018-01-01, 2018-02-16, 2018-03-17, 2018-03-30, 2018-04-14, 2018-05-01, 2018-05-10,
    2018-05-29, 2018-06-11, 2018-06-12, 2018-06-13, 2018-06-14, 2018-06-15, 2018-06-18,
    2018-06-19, 2018-06-20, 2018-06-27, 2018-08-17, 2018-08-22, 2018-09-11, 2018-11-20,
    2018-12-24, 2018-12-25]   # national holidays and cuti bersama (assumed list)

central:
  intake_per_day: %d       # reported: about 50,000 a day, the licence holder's limit
  intake_policy: fifo
  storage_capacity: %d  # reported: 170 million records
  stored: %d            # calibrated: full in June 2017, as reported
  changes:
    - {date: 2018-04-02, storage_capacity: %d, intake_per_day: %d}  # reported: new capacity for April 2018; sizes assumed
  verification_delay: "uniform(1d, 3d)"      # assumed
  duplicate_share: 0.02                      # assumed
  duplicate_resolution: "gamma(mean=60d, sd=30d)"  # reported: "a long process", in person
  outages:
    network: {every: exponential(20d), lasting: "lognormal(mean=6h, sd=4h)"}  # assumed
    application: {every: exponential(60d), lasting: "uniform(12h, 48h)"}     # assumed: server faults
  blanks:
    stock: %d
    deliveries:
`, n, thousands(population),
		thousands(firstTimeEarly2016), thousands(firstTimeDrive), thousands(firstTimeAfter),
		thousands(replacementPerDay), thousands(elementChangePerDay),
		thousands(backlogPrintReadyFirst), thousands(backlogPrintReadyRepl), thousands(backlogAwaitingIntake),
		thousands(intakePerDay), thousands(storageCapacity), thousands(storedAtStart),
		thousands(upgradedCapacity), thousands(upgradedIntake),
		thousands(nationalStockAtStart), stockDays, reorderAmountDays, reorderBelowDays,
		thousands(peoplePerPrinter), cardsPerPrinter,
		n,
		intakePerDay, storageCapacity, storedAtStart, upgradedCapacity, upgradedIntake,
		nationalStockAtStart)
	for _, wv := range blankWaves {
		fmt.Fprintf(b, "      - {date: %s, amount: %d}\n", wv.date, wv.amount)
	}
	fmt.Fprintf(b, `
# Every region inherits these unless it sets them itself.
defaults:
  ribbons: {cards_per_ribbon: %d}
  sites:
    - name: city office
      cards_per_printer_per_day: %d
      breakdowns: {every: exponential(180d), repair: "uniform(2d, 10d)"}  # assumed
  outages:
    application: {every: exponential(30d), lasting: exponential(4h)}  # assumed

# name, code, population and districts: data/regions.csv. Recording, backlog,
# stocks and printers: derived as the header says. Outages: the island
# group's.
regions:
`, cardsPerRibbon, cardsPerPrinter)
}

func region(b *strings.Builder, r Region, share, scale float64) error {
	g := groupOf(r.ProvinceCode)
	if g == nil {
		return fmt.Errorf("%s %s: province %s is in no island group", r.Code, r.Name, r.ProvinceCode)
	}
	printers := max(1, int64(math.Round(float64(r.Population)/peoplePerPrinter)))
	perDay := float64(printers * cardsPerPrinter)
	rate := func(national float64) string { return "poisson(" + decimal(national*share*scale) + ")" }
	count := func(national float64) int64 { return int64(math.Round(national * share)) }

	fmt.Fprintf(b, "  - name: %s\n", quote(r.Name))
	fmt.Fprintf(b, "    code: %q\n    population: %d\n    districts: %d\n", r.Code, r.Population, r.Districts)
	fmt.Fprintf(b, "    recording: {first_time: %s, replacement: %s, element_change: %s}\n",
		rate(firstTimeEarly2016), rate(replacementPerDay), rate(elementChangePerDay))
	fmt.Fprintf(b, "    recording_changes: [{date: 2016-09-26, first_time: %s}, {date: 2016-10-03, first_time: %s}]\n",
		rate(firstTimeDrive), rate(firstTimeAfter))
	fmt.Fprintf(b, "    backlog: {awaiting_intake: %d, print_ready: {first_time: %d, replacement: %d}}\n",
		count(backlogAwaitingIntake), count(backlogPrintReadyFirst), count(backlogPrintReadyRepl))
	fmt.Fprintf(b, "    blanks: {stock: %d, reorder: {below: %d, amount: %d, lead_time: %q}}\n",
		int64(perDay*stockDays), int64(perDay*reorderBelowDays), int64(perDay*reorderAmountDays), g.leadTime)
	ribbons := max(2, int64(math.Ceil(perDay*stockDays/cardsPerRibbon)))
	fmt.Fprintf(b, "    ribbons: {stock: %d, reorder: {below: %d, amount: %d, lead_time: %q}}\n",
		ribbons, max(1, ribbons/2), ribbons, g.leadTime)
	b.WriteString("    sites:\n")
	if s, ok := reportedSites[r.Code]; ok {
		b.WriteString(s)
	} else {
		fmt.Fprintf(b, "      - {name: city office, printers: %d}\n", printers)
	}
	b.WriteString(reported[r.Code])
	if !strings.Contains(reported[r.Code], "outages:") {
		b.WriteString("    outages:\n")
	}
	fmt.Fprintf(b, "      network: {every: %s, lasting: %s}\n", g.network[0], g.network[1])
	fmt.Fprintf(b, "      power: {every: %s, lasting: %q}\n", g.power[0], g.power[1])
	return nil
}

// decimal writes x with at most two decimals and no trailing zeros.
func decimal(x float64) string {
	return strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64)
}

// thousands writes n with commas: 36260 -> 36,260.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// quote quotes a region name when YAML would read it as something else.
func quote(s string) string {
	if strings.ContainsAny(s, ":#{}[],&*!|>'\"%@`") {
		return strconv.Quote(s)
	}
	return s
}
