package scenario

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ektpsim/ektpsim/sim/dist"
)

// loadText writes text to s.yaml in a new folder and loads it with sets.
func loadText(t *testing.T, text string, set ...Override) (*Scenario, string, error) {
	t.Helper()
	file := write(t, t.TempDir(), "s.yaml", text)
	sc, err := Load(file, Options{Set: set})
	if err != nil {
		var ps Problems
		if !errors.As(err, &ps) || len(ps) == 0 {
			t.Fatalf("error is not a list of problems: %v", err)
		}
	}
	return sc, file, err
}

func TestWorkdays(t *testing.T) {
	const M, Tu, W, Th, F, Sa, Su = Weekday(time.Monday), Weekday(time.Tuesday), Weekday(time.Wednesday), Weekday(time.Thursday), Weekday(time.Friday), Weekday(time.Saturday), Weekday(time.Sunday)
	for _, c := range []struct {
		value string
		want  Weekdays
		err   string
	}{
		{"mon-fri", Weekdays{M, Tu, W, Th, F}, ""},
		{`"mon,wed,fri"`, Weekdays{M, W, F}, ""},
		{"[mon, wed, fri]", Weekdays{M, W, F}, ""},
		{"[fri, mon]", Weekdays{M, F}, ""},
		{`"Mon - Thu, sat"`, Weekdays{M, Tu, W, Th, Sa}, ""},
		{"[mon-wed, fri]", Weekdays{M, Tu, W, F}, ""},
		{"sat-tue", Weekdays{M, Tu, Sa, Su}, ""}, // wraps past Sunday
		{"sun-sat", Weekdays{M, Tu, W, Th, F, Sa, Su}, ""},
		{"monday-friday", Weekdays{M, Tu, W, Th, F}, ""},
		{"fri", Weekdays{F}, ""},
		{"mon-fry", nil, `:3:22: calendar.workdays: "fry" is not a weekday; write mon, tue, wed, thu, fri, sat or sun`},
		{"[mon, tues]", nil, `:3:28: calendar.workdays[1]: "tues" is not a weekday`},
		{`"mon,,fri"`, nil, "has an empty day"},
		{"mon-wed-fri", nil, "is not a day or a range"},
		{`"mon-fri, tue"`, nil, "calendar.workdays: tue is given twice"},
		{"[mon, mon]", nil, "mon is given twice"},
		{"[[mon]]", nil, "calendar.workdays[0]: expected a day (mon) or a range (mon-fri), found a list"},
		{"{mon: 1}", nil, "expected a single value, found a mapping"},
		{"[]", nil, "no working days"},
	} {
		sc, file, err := loadText(t, "start: 2017-01-02\nend: 2017-01-31\ncalendar: {workdays: "+c.value+"}\nregions: [{name: A}]\n")
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("workdays %s: got %v, want %q", c.value, err, c.err)
			} else if !strings.HasPrefix(err.Error(), file+":3:") {
				t.Errorf("workdays %s: not located: %v", c.value, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("workdays %s: %v", c.value, err)
			continue
		}
		if !reflect.DeepEqual(sc.Calendar.Workdays, c.want) {
			t.Errorf("workdays %s = %v, want %v", c.value, sc.Calendar.Workdays, c.want)
		}
		// The resolved scenario says the same days.
		out, err := Marshal(sc)
		if err != nil {
			t.Fatal(err)
		}
		again, _, err := loadText(t, string(out))
		if err != nil || !reflect.DeepEqual(again.Calendar.Workdays, c.want) {
			t.Errorf("workdays %s do not round-trip: %v %v", c.value, err, again)
		}
	}
}

// rich is a scenario with one of every list, so that --set can reach every
// key of the model.
const rich = `start: 2017-01-02
end: 2017-03-31
origin: 2016-11-01
central:
  changes: [{date: 2017-02-01, intake_per_day: 10, storage_capacity: 100}]
  blanks: {stock: 10, deliveries: [{date: 2017-02-01, amount: 5}], requests: [{region: A, amount: 5, orders: 1}]}
  outages:
    network: {every: 30d, lasting: 1h}
    scheduled: [{kind: power, from: 2017-01-05, to: 2017-01-06}]
    in_progress: [{kind: network, for: 3h}]
regions:
  - name: A
    districts: 2
    recording_changes: [{date: 2017-02-01, first_time: 5}]
    backlog: {accepted: 10, cohorts: [{recorded: 2016-12-01, stage: in_verification, class: first_time, count: 5, release: 2d}]}
    blanks: {stock: 10, deliveries: [{date: 2017-02-01, amount: 5}], reorder: {below: 2, amount: 5, lead_time: 2d}, on_order: [{in: 1d, amount: 5}]}
    ribbons: {stock: 10, cards_per_ribbon: 100, cards: 900, deliveries: [{date: 2017-02-01, amount: 5}], reorder: {below: 2, amount: 5, lead_time: 2d}, on_order: [{in: 1d, amount: 50}]}
    sites:
      - {name: s, printers: 1, cards_per_printer_per_day: 10, breakdowns: {every: 30d, repair: 1d}, opens: 2017-01-03, ups_hours: 2, progress: 0.5, ups_charge: 1, broken: [{printers: 1, for: 5h}]}
    outages:
      power: {every: 30d, lasting: 1h}
      scheduled: [{kind: printer, site: s, printers: 1, from: 2017-01-05, to: 2017-01-06}]
      in_progress: [{kind: power, for: 2h}]
`

// leaf is a key of the scenario that holds a number, a duration or a date,
// found by walking the Scenario type.
type leaf struct {
	path string
	typ  reflect.Type
	lim  limit
}

func leaves(t reflect.Type, path string, lim limit, out *[]leaf) {
	switch t {
	case reflect.TypeOf(Amount{}), reflect.TypeOf(ClassCounts{}), reflect.TypeOf(CountDist{}),
		reflect.TypeOf(DurationDist{}), reflect.TypeOf(Duration{}), reflect.TypeOf(Hours(0)),
		reflect.TypeOf(Date{}), reflect.TypeOf(Instant{}):
		*out = append(*out, leaf{path, t, lim})
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		leaves(t.Elem(), path, lim, out)
	case reflect.Slice:
		if t != weekdaysType {
			leaves(t.Elem(), path+"[0]", lim, out)
		}
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			key := strings.Split(f.Tag.Get("yaml"), ",")[0]
			if key == "defaults" || key == "" {
				continue
			}
			p := key
			if path != "" {
				p = path + "." + key
			}
			leaves(f.Type, p, fieldLimit(f, key), out)
		}
	case reflect.Int64, reflect.Float64:
		*out = append(*out, leaf{path, t, lim})
	}
}

// Every numeric key has a range, and a value out of it (drawn at random:
// too large, negative, not whole, not a number, a distribution whose mean
// or tail is out of range) is refused with the key named.
func TestRangesOfEveryKey(t *testing.T) {
	if _, _, err := loadText(t, rich); err != nil {
		t.Fatalf("the rich scenario does not load: %v", err)
	}
	var ls []leaf
	leaves(reflect.TypeOf(Scenario{}), "", limit{}, &ls)
	if len(ls) < 40 {
		t.Fatalf("found only %d numeric keys", len(ls))
	}
	rng := rand.New(rand.NewPCG(13, 1))
	big := func(max float64) string {
		return fmt.Sprintf("%.6g", max*(1+rng.Float64())*float64(1+rng.IntN(1000)))
	}
	for _, l := range ls {
		p := strings.NewReplacer("regions[0]", "regions[name=A]").Replace(l.path)
		var bad []string
		switch l.typ {
		case reflect.TypeOf(int64(0)), reflect.TypeOf(float64(0)), reflect.TypeOf(Amount{}), reflect.TypeOf(ClassCounts{}), reflect.TypeOf(CountDist{}):
			if !l.lim.hasMax {
				t.Errorf("%s has no max tag: every number needs a range", l.path)
				continue
			}
			bad = []string{big(l.lim.max), "-" + big(1), "1e400", "4e18", "nan", "-inf"}
			if l.typ != reflect.TypeOf(float64(0)) && l.typ != reflect.TypeOf(CountDist{}) {
				bad = append(bad, "2.5", fmt.Sprintf("%.1f", l.lim.max+0.5))
			}
			if l.typ == reflect.TypeOf(CountDist{}) {
				bad = append(bad, fmt.Sprintf("poisson(%s)", big(l.lim.max)), fmt.Sprintf("lognormal(mean=%g, sd=%g)", l.lim.max/2, l.lim.max*10), "-0")
			}
			if l.lim.min > 0 {
				bad = append(bad, "0", fmt.Sprintf("%g", l.lim.min-1))
			}
		case reflect.TypeOf(DurationDist{}), reflect.TypeOf(Duration{}), reflect.TypeOf(Hours(0)):
			if l.lim.inValidation {
				bad = []string{big(dist.MaxHours) + "h"}
				break
			}
			bad = []string{big(dist.MaxHours) + "h", big(dist.MaxHours/24) + "d", "1e21h", "-0h", "-3h", "infh", "NaNh"}
			if l.typ == reflect.TypeOf(DurationDist{}) {
				bad = append(bad, "exponential(1e21h)", fmt.Sprintf("exponential(%gw)", 2000+rng.Float64()*1000), "uniform(0h, 1e7h)",
					"gamma(mean=1d, sd=1e10d)", "weibull(shape=0.05, scale=1d)", "lognormal(mean=1d, sd=1e9h)", fmt.Sprintf("triangular(0h, 1h, %gd)", 20000+rng.Float64()*1e5))
			}
		case reflect.TypeOf(Date{}), reflect.TypeOf(Instant{}):
			bad = []string{"9999-01-01", "0001-01-01", "2200-01-01", "1899-12-31"}
		default:
			t.Fatalf("%s: no values for %v", l.path, l.typ)
		}
		for _, b := range bad {
			_, _, err := loadText(t, rich, Override{p, b})
			if err == nil {
				t.Errorf("--set %s=%s accepted", p, b)
				continue
			}
			if !strings.Contains(err.Error(), "--set "+p+"="+b+": "+l.path+": ") {
				t.Errorf("--set %s=%s: the problem does not name the flag and the key %s: %v", p, b, l.path, err)
			}
		}
	}
}

// The limits themselves are accepted: a range's ends are part of it.
func TestRangeEndsAccepted(t *testing.T) {
	for _, set := range [][]Override{
		{{"replications", "100000"}, {"clear_level", "1e12"}},
		{{"regions[0].recording.first_time", "1e8"}, {"regions[0].backlog.print_ready", "1e12"}},
		{{"regions[0].sites[0].printers", "100000"}, {"regions[0].sites[0].cards_per_printer_per_day", "1e6"}, {"regions[0].districts", "10000"}},
		{{"regions[0].ribbons.stock", "1e9"}, {"regions[0].ribbons.cards_per_ribbon", "1e6"}},
		{{"central.verification_delay", "439200h"}, {"certificate_validity", "2600w"}, {"regions[0].ups_hours", "439200"}},
		{{"central.intake_per_day", "1000000000000"}, {"central.storage_capacity", "unlimited"}},
		{{"end", "2066-12-31"}, {"central.changes[0].date", "2199-12-31"}},
	} {
		if _, _, err := loadText(t, rich, set...); err != nil {
			t.Errorf("%v: %v", set, err)
		}
	}
}

func TestRangeMessages(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"regions: [{name: A, recording: {first_time: 4e18}}]", ":3:45: regions[0].recording.first_time: 4e18 is more than 100,000,000, the limit for records a day"},
		{"central: {verification_delay: 1e21h}\nregions: [{name: A}]", ":3:31: central.verification_delay: 1e21h is more than 50 years (439,200h), the limit for a duration"},
		{"certificate_validity: 1e21h\nregions: [{name: A}]", ":3:23: certificate_validity: 1e21h is more than 50 years (439,200h), the limit for a duration"},
		{"central: {verification_delay: exponential(1e21h)}\nregions: [{name: A}]", `central.verification_delay: "exponential(1e21h)": a parameter is more than 50 years (439,200h), the limit`},
		{"central: {verification_delay: exponential(10w)}\nregions: [{name: A, recording: {first_time: \"lognormal(mean=5e7, sd=1e8)\"}}]", `regions[0].recording.first_time: "lognormal(mean=5e7, sd=1e8)": more than one draw in a million would be above 100,000,000 records a day, the limit`},
		{"regions: [{name: A, backlog: {print_ready: 2.5}}]", "regions[0].backlog.print_ready: 2.5 is not a whole number"},
		{"regions: [{name: A, backlog: {print_ready: 1e13}}]", "regions[0].backlog.print_ready: 1e13 is more than 1,000,000,000,000, the limit for records"},
		{"regions: [{name: A, sites: [{name: s, printers: 1e300}]}]", "regions[0].sites[0].printers: 1e300 is more than 100,000, the limit for printers"},
		{"regions: [{name: A, districts: 7000, sites: [{name: s, printers_per_district: 20, cards_per_printer_per_day: 1}]}]", "regions[0].sites[0].printers: 140000 printers with printers_per_district is more than 100,000"},
		{"regions: [{name: A, ribbons: {stock: 1e10, cards_per_ribbon: 5}}]", "regions[0].ribbons.stock: 1e10 is more than 1,000,000,000, the limit for ribbons; write a smaller number or unlimited"},
		{"regions: [{name: A, ribbons: {stock: 1, cards_per_ribbon: 5, deliveries: [{date: 2017-02-01, amount: 2000000000}]}}]", "regions[0].ribbons.deliveries[0].amount: 2000000000 is more than 1,000,000,000, the limit for ribbons"},
		{"regions: [{name: A, ups_hours: -0}]", `ups_hours: -0 is not a number of hours, 0 or more`},
		{"regions: [{name: A, outages: {scheduled: [{kind: power, from: 0001-01-01, to: 2017-01-03}]}}]", "0001-01-01 is outside the dates ektpsim accepts, 1900-01-01 to 2199-12-31"},
		{"replications: 0\nregions: [{name: A}]", ":3:15: replications: 0 is out of range; replications must be between 1 and 100,000"},
		{"replications: -3\nregions: [{name: A}]", "replications: -3 is out of range; replications must be between 1 and 100,000"},
		{"replications: 100001\nregions: [{name: A}]", "replications: 100001 is out of range; replications must be between 1 and 100,000"},
		{"replications: 1e9\nregions: [{name: A}]", "replications: 1e9 is out of range"},
	} {
		_, file, err := loadText(t, "start: 2017-01-02\nend: 2017-01-31\n"+c.text+"\n")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s:\ngot  %v\nwant %q", c.text, err, c.want)
		} else if !strings.HasPrefix(err.Error(), file+":") {
			t.Errorf("%s: not located: %v", c.text, err)
		}
	}
}

// A renewal process (random outages, breakdowns) must make progress: its
// time between events has a mean of a minute or more and at most half of
// its draws under a minute.
func TestRenewalProgress(t *testing.T) {
	for _, c := range []struct{ every, want string }{
		{`"gamma(mean=1d, sd=1e10d)"`, "a parameter is more than 50 years"}, // one problem a key: the limit, not also the progress
		{"1e-9h", "its mean is under a minute; an outage process must make progress"},
		{"0", "its mean is under a minute"},
		{"30s", "not a duration"},
		{"exponential(30s)", "not a duration"},
		{"exponential(0.5m)", "its mean is under a minute"},
		{"exponential(1m)", "more than half of its draws are shorter than a minute"}, // its median is 0.69 minutes
		{`"uniform(0h, 1m)"`, "its mean is under a minute"},
		{`"triangular(0h, 0h, 3m)"`, "more than half of its draws are shorter than a minute"},
		{`"lognormal(mean=2m, sd=1d)"`, "more than half of its draws are shorter than a minute"},
		{`"weibull(shape=0.2, scale=1m)"`, "more than half of its draws are shorter than a minute"},
		{`"gamma(mean=1h, sd=10h)"`, "more than half of its draws are shorter than a minute"},
	} {
		for _, where := range []struct{ text, key, process string }{
			{"central: {outages: {application: {every: %s, lasting: 1h}}}\nregions: [{name: A}]", "central.outages.application.every", "an outage"},
			{"regions: [{name: A, outages: {network: {every: %s, lasting: 1h}}}]", "regions[0].outages.network.every", "an outage"},
			{"regions: [{name: A, sites: [{name: s, printers: 1, cards_per_printer_per_day: 1, breakdowns: {every: %s, repair: 1h}}]}]", "regions[0].sites[0].breakdowns.every", "a breakdown"},
		} {
			_, _, err := loadText(t, "start: 2017-01-02\nend: 2017-01-31\n"+fmt.Sprintf(where.text, c.every)+"\n")
			want := c.want
			if where.process == "a breakdown" {
				want = strings.ReplaceAll(want, "an outage", "a breakdown")
			}
			if err == nil || !strings.Contains(err.Error(), where.key+": ") || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %s: got %v, want %q", where.key, c.every, err, want)
			}
		}
	}
	// Just making progress is accepted.
	for _, every := range []string{"1m", "exponential(2m)", `"uniform(0h, 2m)"`, `"gamma(mean=1h, sd=1h)"`, `"weibull(shape=0.5, scale=1h)"`, `"lognormal(mean=1h, sd=3h)"`} {
		if _, _, err := loadText(t, "start: 2017-01-02\nend: 2017-01-31\nregions: [{name: A, outages: {power: {every: "+every+", lasting: 0}}}]\n"); err != nil {
			t.Errorf("every %s: %v", every, err)
		}
	}
}

func TestAliases(t *testing.T) {
	// defaults given by an alias reach every region.
	sc, _, err := loadText(t, "start: 2017-01-02\nend: 2017-01-31\ncalendar: {workdays: &days [mon, tue]}\ncentral: {outages: {network: &net {every: 30d, lasting: 1h}}}\n"+
		"defaults: &d {ups_hours: 3, outages: {network: *net}}\nregions:\n  - &a {name: A, sites: [&s {name: s, printers: 1, cards_per_printer_per_day: 5}]}\n  - {name: B, sites: [*s], ups_hours: 5}\n")
	if err != nil {
		t.Fatal(err)
	}
	if sc.Regions[0].UPSHours != 3 || sc.Regions[1].UPSHours != 5 || sc.Regions[0].Outages.Network == nil || sc.Regions[1].Sites[0].Printers != 1 {
		t.Errorf("aliases not applied: %+v", sc.Regions)
	}
	// An alias for defaults, over a base file.
	dir := t.TempDir()
	write(t, dir, "b.yaml", "start: 2017-01-02\nend: 2017-01-31\nregions: [{name: A}, {name: B, ups_hours: 7}]\n")
	f := write(t, dir, "v.yaml", "base: b.yaml\ncentral: {intake_per_day: &n 12}\ndefaults: {ups_hours: *n}\n")
	sc, err = Load(f, Options{})
	if err != nil || sc.Regions[0].UPSHours != 12 || sc.Regions[1].UPSHours != 7 || sc.Central.IntakePerDay.N != 12 {
		t.Errorf("aliased defaults over a base: %v %+v", err, sc)
	}
	// A merge key is refused where it is written.
	_, file, err := loadText(t, "start: 2017-01-02\nend: 2017-01-31\nregions:\n  - &a {name: A, ups_hours: 2}\n  - {<<: *a, name: B}\n")
	if err == nil || !strings.Contains(err.Error(), file+":5:6: regions[1]: YAML merge keys (<<) are not supported") {
		t.Errorf("merge key: %v", err)
	}
}

func TestKeyGivenTwice(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "b.yaml", "start: 2017-01-02\nend: 2017-01-31\nregions: [{name: A, blanks: {stock: 1}}]\n")
	for _, c := range []struct{ text, want string }{
		// In one mapping, whatever base and defaults also give.
		{"base: b.yaml\nregions:\n  - name: A\n    blanks: {stock: 5}\n    blanks: {stock: 6}\n", ":5:5: regions[0].blanks: key given twice in one mapping (first at line 4); give it once"},
		{"base: b.yaml\ndefaults: {ups_hours: 1, ups_hours: 2}\n", ":2:26: defaults.ups_hours: key given twice in one mapping (first at line 2)"},
		{"base: b.yaml\nbase: c.yaml\n", ":2:1: base: key given twice in one mapping (first at line 1)"},
		{"base: b.yaml\nend: 2017-02-28\nend: 2017-03-31\n", ":3:1: end: key given twice in one mapping (first at line 2)"},
		// A name twice in one list would merge into one region.
		{"base: b.yaml\nregions: [{name: A, ups_hours: 1}, {name: A, ups_hours: 2}]\n", `:2:43: regions[1].name: "A" is also the name of regions[0]; names must differ`},
		{"base: b.yaml\nregions: [{name: A, sites: [{name: s}, {name: s}]}]\n", `:2:47: regions[0].sites[1].name: "s" is also the name of sites[0]; names must differ`},
	} {
		f := write(t, dir, "v.yaml", c.text)
		_, err := Load(f, Options{})
		if err == nil || !strings.Contains(err.Error(), f+c.want) {
			t.Errorf("%q:\ngot  %v\nwant %s%s", c.text, err, f, c.want)
		}
	}
	// Reported with a base that cannot be read.
	f := write(t, dir, "w.yaml", "base: missing.yaml\nend: 2017-02-28\nend: 2017-03-31\n")
	if _, err := Load(f, Options{}); err == nil || !strings.Contains(err.Error(), f+":1:7: base: ") || !strings.Contains(err.Error(), f+":3:1: end: key given twice") {
		t.Errorf("key twice beside a missing base: %v", err)
	}
	// Within a --set value too.
	_, _, err := loadText(t, minimal, Override{"central", "{intake_per_day: 1, intake_per_day: 2}"})
	if err == nil || !strings.Contains(err.Error(), "--set central={intake_per_day: 1, intake_per_day: 2}: central.intake_per_day: key given twice") {
		t.Errorf("--set with a key twice: %v", err)
	}
}

func TestSetProblems(t *testing.T) {
	text := "start: 2017-01-02\nend: 2017-01-31\nregions:\n  - name: A\n    sites: [{name: s, printers: 1, cards_per_printer_per_day: 5}]\n    ups_hours: -1\n"
	_, file, err := loadText(t, text,
		Override{"regions[0].sites[0].printers", "-2"},
		Override{"regions[3].ups_hours", "1"},
		Override{"base", "other.yaml"},
		Override{"central.intake_per_day", "[1"})
	if err == nil {
		t.Fatal("accepted")
	}
	msg := err.Error()
	for _, want := range []string{
		"--set regions[0].sites[0].printers=-2: regions[0].sites[0].printers: -2 is negative; it counts printers, 0 or more",
		`--set regions[3].ups_hours=1: regions[3].ups_hours: regions[3]: index "3" is not between 0 and 0`,
		"--set base=other.yaml: base: base cannot be set on the command line",
		"--set central.intake_per_day=[1: central.intake_per_day: the value is not valid YAML",
		file + ":6:16: regions[0].ups_hours: -1 is not a number of hours", // the file's own problem, reported too
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("problems lack %q:\n%s", want, msg)
		}
	}
	for _, line := range strings.Split(msg, "\n") {
		if !strings.HasPrefix(line, file+":") && !strings.HasPrefix(line, "--set ") {
			t.Errorf("a problem names neither the file nor the flag: %q", line)
		}
		if strings.HasPrefix(line, ":") {
			t.Errorf("a problem has a location without a file: %q", line)
		}
	}
	// Problems at mappings that --set or defaults copied keep their file.
	_, file, err = loadText(t, "start: 2017-01-02\nend: 2017-01-31\ndefaults: {ups_hours: 1}\nregions:\n  - sites: [{name: s}]\n", Override{"regions[0].sites[0].printers", "2"})
	for _, want := range []string{file + ":5:5: regions[0].name: missing", file + ":5:13: regions[0].sites[0].cards_per_printer_per_day: missing or 0"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("copied nodes lose their file: want %q in\n%v", want, err)
		}
	}
	// A long or multi-line value is named short and quoted.
	_, _, err = loadText(t, text, Override{"description", "{" + strings.Repeat("x", 100) + "\n"})
	if err == nil || !strings.Contains(err.Error(), `--set description="{xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..."`) {
		t.Errorf("long value: %v", err)
	}
}

// An alias bomb given through --set is refused as quickly as one in a
// file, before it is expanded.
func TestSetAliasBomb(t *testing.T) {
	many := func(alias string) string { return "[" + strings.Repeat(alias+", ", 199) + alias + "]" }
	bomb := "{a: &a " + many("first_time") + ", b: &b " + many("*a") + ", c: &c " + many("*b") + ", d: " + many("*c") + "}"
	if len(bomb) > 8<<10 {
		t.Fatalf("bomb is %d bytes", len(bomb))
	}
	for _, key := range []string{"description", "defaults.code", "regions[0]"} {
		start := time.Now()
		_, _, err := loadText(t, minimal, Override{key, bomb})
		if err == nil || !strings.HasPrefix(err.Error(), "--set "+key+"={a: &a [first_time, first_time, first_ti...: "+key+": the value expands to more than 2000000 values") {
			t.Errorf("--set %s=bomb: %.300v", key, err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("--set %s=bomb took %v", key, d)
		}
	}
}

func TestNames(t *testing.T) {
	const head = "start: 2017-01-02\nend: 2017-01-31\n"
	for _, c := range []struct{ text, want string }{
		{"regions: [{name: ALL}]", `regions[0].name: "ALL" is the name of the nation's rows in the outputs`},
		{"regions: [{name: all}]", `regions[0].name: "all" is the name of the nation's rows`},
		{"regions: [{name: \"Kota\\nBinjai\"}]", "regions[0].name: holds a control character (U+000A, a line break, tab or the like) at character 5; a name is one line of printable text"},
		{"regions: [{name: \"Kota\\tA\"}]", "holds a control character (U+0009"},
		{"regions: [{name: \"A\\u202eB\"}]", "holds a control character (U+202E"},
		{"regions: [{name: " + strings.Repeat("a", 201) + "}]", "regions[0].name: is 201 characters long; a name has at most 200"},
		{"regions: [{name: A, code: \"1\\r2\"}]", "regions[0].code: holds a control character (U+000D"},
		{"regions: [{name: A, sites: [{name: \"x\\ny\"}]}]", "regions[0].sites[0].name: holds a control character"},
		{"name: ../../x\nregions: [{name: A}]", `name: '/' is not allowed in a scenario name, which names its result folder`},
		{"name: '..'\nregions: [{name: A}]", "name: begins with a dot or a space"},
		{"name: a..b\nregions: [{name: A}]", `name: holds ".."`},
		{"name: .hidden\nregions: [{name: A}]", "name: begins with a dot"},
		{"name: 'x.'\nregions: [{name: A}]", "name: ends in a dot or a space"},
		{"name: \"a\\\\b\"\nregions: [{name: A}]", `'\\' is not allowed in a scenario name`},
		{"name: \"a\\0b\"\nregions: [{name: A}]", "name: holds a control character (U+0000"},
		{"name: 'a:b'\nregions: [{name: A}]", `':' is not allowed`},
		{"name: " + strings.Repeat("é", 51) + "\nregions: [{name: A}]", "name: is 102 bytes long; a scenario name, which names its result folder, has at most 100 bytes"},
	} {
		_, file, err := loadText(t, head+c.text+"\n")
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), file+":") {
			t.Errorf("%s:\ngot  %v\nwant %q", c.text, err, c.want)
		}
	}
	for _, ok := range []string{"Kota Bàtam (uji) + 2", "Jakarta_2017-v1.5", "ยะลา", "नई दिल्ली", "東京"} {
		sc, _, err := loadText(t, head+"name: \""+ok+"\"\nregions: [{name: \""+ok+"\", sites: [{name: \""+ok+"\"}]}]\n")
		if err != nil || sc.Name != ok {
			t.Errorf("name %q: %v", ok, err)
		}
	}
	// A scenario named after its file says so.
	f := write(t, t.TempDir(), "my;plan.yaml", minimal)
	if _, err := Load(f, Options{}); err == nil || !strings.Contains(err.Error(), f+`: name: the scenario is named after its file, "my;plan", which ';' is not allowed`) {
		t.Errorf("file name: %v", err)
	}
}

// Only regular files are read: a named pipe (which would block forever),
// a folder or a device is refused at once, as the scenario or as its base.
func TestNotRegularFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.yaml")
	if err := mkfifo(fifo); err != nil {
		t.Skip("no named pipes here:", err)
	}
	write(t, dir, "v.yaml", "base: pipe.yaml\n")
	write(t, dir, "d.yaml", "base: "+dir+"\n")
	write(t, dir, "n.yaml", "base: /dev/null\n")
	for _, c := range []struct{ file, want string }{
		{fifo, fifo + ": is a named pipe (FIFO), not a scenario file"},
		{filepath.Join(dir, "v.yaml"), filepath.Join(dir, "v.yaml") + ":1:7: base: " + fifo + ": is a named pipe (FIFO), not a scenario file"},
		{dir, dir + ": is a folder, not a scenario file"},
		{filepath.Join(dir, "d.yaml"), ": is a folder, not a scenario file"},
		{"/dev/null", "/dev/null: is a device, not a scenario file"},
		{filepath.Join(dir, "n.yaml"), ":1:7: base: /dev/null: is a device"},
	} {
		done := make(chan error, 1)
		go func() { _, err := Load(c.file, Options{}); done <- err }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: got %v, want %q", c.file, err, c.want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: Load still blocked after 5 s", c.file)
		}
	}
}

// A file that is not a scenario is refused without quoting any of it: a
// base: naming /etc/shadow must not print a password hash.
func TestNotScenarioNotEchoed(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ text, want string }{
		{"root:$6$SECRETHASH:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n", "not a scenario file: none of its keys is a scenario key"},
		{"root:$6$SECRETHASH:19000:0:99999:7:0\ndaemon:*:19000:0:99999:7:0\n", "not a scenario file: a scenario is a mapping of keys (start:, end:, regions: ...), and this file holds a single value"},
		{"password: SECRETHASH\nuser: SECRETHASH\n", "not a scenario file: none of its keys is a scenario key"},
		{"- SECRETHASH\n", "and this file holds a list"},
		{"a: *SECRETHASH\n", "not valid YAML: unknown anchor referenced"},
		{"[SECRETHASH\n", "not valid YAML"},
		{"SECRETHASH\x00", "not a text file"},
	} {
		write(t, dir, "secret", c.text)
		f := write(t, dir, "v.yaml", "base: secret\n")
		for _, file := range []string{f, filepath.Join(dir, "secret")} {
			_, err := Load(file, Options{})
			if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "SECRET") {
				t.Errorf("%q as %s: %v", c.text, filepath.Base(file), err)
			}
		}
	}
	if os.Geteuid() != 0 {
		f := write(t, dir, "locked.yaml", "password: SECRETHASH\n")
		os.Chmod(f, 0)
		if _, err := Load(f, Options{}); err == nil || !strings.Contains(err.Error(), f+": permission denied") || strings.Contains(err.Error(), "SECRET") {
			t.Errorf("unreadable: %v", err)
		}
	}
	// A scenario with typing slips is still a scenario, and told so.
	if _, _, err := loadText(t, "strat: 2017-01-02\nend: 2017-01-31\nregions: [{name: A}]\n"); err == nil || !strings.Contains(err.Error(), `did you mean "start"?`) {
		t.Errorf("misspelt scenario: %v", err)
	}
}
