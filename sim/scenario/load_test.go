package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ektpsim/ektpsim/sim/dist"
)

func write(t testing.TB, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const minimal = "start: 2017-01-02\nend: 2017-01-31\nregions: [{name: A}]\n"

func TestProblems(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       []string // each must appear, with file prefix
	}{
		{"unknown key with suggestion", minimal + "centrl: {}\n", []string{`:4:1: centrl: unknown key "centrl"; did you mean "central"?`}},
		{"wrong type", "start: 2017-01-02\nend: 2017-01-31\nregions: {name: A}\n", []string{":3:10: regions: expected a list, found a mapping"}},
		{"negative count", minimal + "central: {intake_per_day: -5}\n", []string{":4:27: central.intake_per_day: -5 is negative", "write unlimited"}},
		{"impossible date", "start: 2017-02-30\nend: 2017-03-31\nregions: [{name: A}]\n", []string{`:1:8: start: "2017-02-30" is not a date`}},
		{"end before start", "start: 2017-02-03\nend: 2017-01-31\nregions: [{name: A}]\n", []string{":2:6: end: 2017-01-31 is before start 2017-02-03"}},
		{"bad distribution", minimal + "central: {verification_delay: \"triangular(1h, 7h, 6h)\"}\n", []string{"central.verification_delay", "min <= mode <= max"}},
		{"duplicate region", "start: 2017-01-02\nend: 2017-01-31\nregions: [{name: A}, {name: A}]\n", []string{`regions[1].name: "A" is also the name of regions[0]`}},
		{"unknown class", minimal[:len(minimal)-len("regions: [{name: A}]\n")] + "regions: [{name: A, sites: [{name: s, serves: [first_time, lost]}]}]\n", []string{`"lost" is not a demand class`}},
		{"unknown site", minimal[:len(minimal)-len("regions: [{name: A}]\n")] + "regions:\n  - name: A\n    sites: [{name: office}]\n    outages: {scheduled: [{kind: power, site: ofice, from: 2017-01-03, to: 2017-01-04}]}\n",
			[]string{`no site named "ofice" in this region; did you mean "office"?`}},
		{"district printers without districts", minimal[:len(minimal)-len("regions: [{name: A}]\n")] + "regions: [{name: A, sites: [{name: k, printers_per_district: 1, cards_per_printer_per_day: 40}]}]\n",
			[]string{"regions[0].sites[0].printers_per_district: needs the region's districts"}},
		{"horizon and end", minimal + "horizon: 30d\n", []string{"give end or horizon, not both"}},
		{"too long", "start: 2017-01-02\nhorizon: 36500w\nregions: [{name: A}]\n", []string{"longer than 50 years"}},
		{"empty file", "", []string{"the file is empty"}},
		{"not yaml", "start: [\n", []string{"not valid YAML"}},
		{"binary", "\x00\x01\x02", []string{"not a text file"}},
		{"missing start", "end: 2017-01-31\nregions: [{name: A}]\n", []string{"start: missing"}},
		{"share above one", minimal + "central: {duplicate_share: 1.5, duplicate_resolution: 30d}\n", []string{"1.5 is more than 1"}},
		{"several at once", "start: 2017-01-02\nend: 2017-01-31\nseed: x\nregions: [{name: A, bogus: 1, ups_hours: -1}]\n",
			[]string{`seed: "x" is not a whole number`, `unknown key "bogus"`, "ups_hours"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			file := write(t, t.TempDir(), "s.yaml", c.text)
			_, err := Load(file, Options{})
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("got %v, want problems", err)
			}
			msg := err.Error()
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("problems lack %q:\n%s", w, msg)
				}
			}
			for _, line := range strings.Split(msg, "\n") {
				if !strings.HasPrefix(line, file) {
					t.Errorf("problem does not name the file: %q", line)
				}
			}
		})
	}
}

func TestBaseDefaultsAndSet(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "base.yaml", `
start: 2017-01-02
end: 2017-12-31
defaults:
  ups_hours: 4
  blanks: {stock: 100}
regions:
  - name: A
    sites: [{name: office, printers: 2, cards_per_printer_per_day: 100}]
  - name: B
    ups_hours: 12
`)
	variant := write(t, dir, "variant.yaml", `
base: base.yaml
name: twice-the-printers
regions:
  - name: A
    sites: [{name: office, printers: 4}]
  - name: C
`)
	sc, err := Load(variant, Options{Set: []Override{{"regions[name=B].blanks.stock", "7"}, {"central.intake_per_day", "100000"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Regions) != 3 || sc.Regions[2].Name != "C" {
		t.Fatalf("regions %+v", sc.Regions)
	}
	a, b, c := sc.Regions[0], sc.Regions[1], sc.Regions[2]
	if a.Sites[0].Printers != 4 || a.Sites[0].CardsPerPrinterPerDay != 100 {
		t.Errorf("site merged by name: %+v", a.Sites[0])
	}
	if a.UPSHours != 4 || b.UPSHours != 12 || c.UPSHours != 4 {
		t.Errorf("defaults: ups %v %v %v, want 4 12 4", a.UPSHours, b.UPSHours, c.UPSHours)
	}
	if a.Blanks.Stock.N != 100 || b.Blanks.Stock.N != 7 {
		t.Errorf("blanks %v %v, want 100 7", a.Blanks.Stock, b.Blanks.Stock)
	}
	if sc.Central.IntakePerDay.N != 100000 || sc.Name != "twice-the-printers" {
		t.Errorf("set/name: %+v %s", sc.Central.IntakePerDay, sc.Name)
	}
	// The resolved scenario loads back to the same thing.
	out, err := Marshal(sc)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Load(write(t, dir, "resolved.yaml", string(out)), Options{})
	if err != nil {
		t.Fatalf("resolved scenario does not load:\n%v\n%s", err, out)
	}
	out2, _ := Marshal(again)
	if string(out) != string(out2) {
		t.Errorf("resolved scenario is not a fixed point:\n%s\n---\n%s", out, out2)
	}
}

func TestBaseProblems(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.yaml", "base: b.yaml\n")
	write(t, dir, "b.yaml", "base: a.yaml\n")
	if _, err := Load(filepath.Join(dir, "a.yaml"), Options{}); err == nil || !strings.Contains(err.Error(), "cycle") {
		t.Errorf("cycle: %v", err)
	}
	f := write(t, dir, "c.yaml", "base: missing.yaml\n")
	if _, err := Load(f, Options{}); err == nil || !strings.Contains(err.Error(), f+":1:7: base: ") || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing base: %v", err)
	}
}

// The scenario shown in README.md loads (the model test of the same
// scenario checks its figures).
func TestReadmeScenarioLoads(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	i := strings.Index(text, "```yaml\n")
	j := strings.Index(text[i+8:], "```")
	if i < 0 || j < 0 {
		t.Fatal("no yaml block in README.md")
	}
	if _, err := Load(write(t, t.TempDir(), "readme.yaml", text[i+8:i+8+j]), Options{}); err != nil {
		t.Fatal(err)
	}
}

func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("../../scenarios/*.yaml")
	for _, s := range seeds {
		// The national file (400 KiB) would slow every execution; the
		// city scenarios cover its keys.
		if b, _ := os.ReadFile(s); len(b) < 64<<10 {
			f.Add(string(b), "central.intake_per_day=5")
		}
	}
	f.Add(minimal, "regions[name=A].blanks.stock=1")
	f.Add("start: 2017-01-02\nhorizon: 3d\nregions: [{name: A, sites: [{name: s}]}]\n", "regions[0].sites[0].printers=2")
	// The classes of issue 13, one example each.
	for _, c := range [][2]string{
		{minimal + "calendar: {workdays: sat-tue}\n", "calendar.workdays=[mon-wed, fri]"},
		{"start: 2017-01-02\nend: 2017-01-31\nregions: [{name: A, recording: {first_time: 4e18}}]\n", "central.verification_delay=1e21h"},
		{minimal + "certificate_validity: 1e21h\n", "replications=0"},
		{"start: 2017-01-02\nend: 2017-01-31\nregions: [{name: A, outages: {network: {every: \"gamma(mean=1d, sd=1e10d)\", lasting: 1h}}}]\n", "regions[0].outages.power={every: 1e-9h, lasting: 1h}"},
		{"start: 2017-01-02\nend: 2017-01-31\nd: &d {ups_hours: 2}\ndefaults: *d\nregions: [{name: A}]\n", "base=x.yaml"},
		{minimal + "end: 2017-02-28\n", "description={a: &a [x, x], b: [*a, *a]}"},
		{"start: 2017-01-02\nend: 2017-01-31\nregions:\n  - &a {name: A}\n  - {<<: *a, name: B}\n", "regions[0].name=ALL"},
		{"name: ../../x\nstart: 2017-01-02\nend: 2017-01-31\nregions: [{name: \"a\\nb\"}]\n", "name=\"a\\0b\""},
		{"base: /dev/null\n", "regions[0].sites[0].name=x"},
		{"root:$6$x:19000:0:99999:7:0\n", "a=b"},
		// Issue 17's allocation keys.
		{minimal + "central: {blanks: {stock: 9000, allocation: {policy: need, every: 2w, box: 2000, reserve: 500}}}\ndefaults: {fetch_time: \"uniform(1d, 3d)\"}\n", "central.blanks.allocation.policy=waiting"},
	} {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, text, set string) {
		file := write(t, t.TempDir(), "f.yaml", text)
		var opt Options
		if o, err := ParseOverride(set); err == nil {
			opt.Set = []Override{o}
		}
		sc, err := Load(file, opt)
		if err != nil {
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error is not a list of problems: %v", err)
			}
			return
		}
		if sc.End.Days() < sc.Start.Days() || len(sc.Regions) == 0 {
			t.Fatalf("accepted an impossible scenario: %+v", sc)
		}
		// What is accepted keeps the rules: names, ranges, progress.
		if msg := ScenarioNameProblem(sc.Name); msg != "" {
			t.Fatalf("accepted the scenario name %q: %s", sc.Name, msg)
		}
		if sc.Replications < 1 || sc.Replications > 100000 {
			t.Fatalf("accepted %d replications", sc.Replications)
		}
		for _, r := range sc.Regions {
			if msg := nameProblem(r.Name, true); msg != "" {
				t.Fatalf("accepted the region name %q: %s", r.Name, msg)
			}
			for _, rn := range []*Renewal{r.Outages.Network, r.Outages.Power, r.Outages.Application} {
				if rn != nil && rn.Every.Dist != nil && dist.CheckProgress(rn.Every.Dist, "") != nil {
					t.Fatalf("accepted outages every %s", rn.Every.Text)
				}
			}
			for i := range r.Sites {
				if r.PrintersAt(i) > maxSitePrinters || r.Sites[i].CardsPerPrinterPerDay > 1e6 {
					t.Fatalf("accepted site %+v", r.Sites[i])
				}
			}
		}
		if _, err := Marshal(sc); err != nil {
			t.Fatal(err)
		}
	})
}

// A billion-laughs file must be refused quickly, not expanded: 200
// regions, each 200 sites, each serving 200 classes, is 8 million values
// from a file of a few kilobytes.
func TestAliasBomb(t *testing.T) {
	many := func(alias string) string { return "[" + strings.Repeat(alias+", ", 199) + alias + "]" }
	text := "classes: &c " + many("first_time") + "\n" +
		"site: &s {name: x, serves: " + many("*c") + "}\n" +
		"region: &r {name: A, sites: " + many("*s") + "}\n" +
		"start: 2017-01-02\nend: 2017-01-03\nregions: " + many("*r") + "\n"
	_, err := Load(write(t, t.TempDir(), "bomb.yaml", text), Options{})
	if err == nil || !strings.Contains(err.Error(), "expands to more than") {
		t.Errorf("alias bomb: %.500v", err)
	}
}

func TestParseOverride(t *testing.T) {
	for _, c := range []struct{ in, path, value string }{
		{"central.intake_per_day=100000", "central.intake_per_day", "100000"},
		{"regions[name=Kota A.B].blanks.stock=8000", "regions[name=Kota A.B].blanks.stock", "8000"},
		{"description=a=b", "description", "a=b"},
	} {
		o, err := ParseOverride(c.in)
		if err != nil || o.Path != c.path || o.Value != c.value {
			t.Errorf("ParseOverride(%q) = %+v, %v", c.in, o, err)
		}
	}
	if got := splitPath("regions[name=Kota A.B].blanks.stock"); len(got) != 3 || got[0] != "regions[name=Kota A.B]" {
		t.Errorf("splitPath = %q", got)
	}
	for _, bad := range []string{"noequals", "=5", "regions[name=A"} {
		if _, err := ParseOverride(bad); err == nil {
			t.Errorf("ParseOverride(%q) accepted", bad)
		}
	}
}

// FuzzParseOverride checks --set: any text either parses or is refused
// with an error, and a parsed override applied to a scenario gives a
// scenario or a list of problems, never a panic.
func FuzzParseOverride(f *testing.F) {
	for _, s := range []string{"central.intake_per_day=100000", "regions[name=Kota Binjai].blanks.stock=8000",
		"regions[0].sites[1].printers=2", "end=null", "description=a=b", "regions[name=Kota A.B].blanks.stock=8000",
		"regions[", "=5", "a..b=1", "regions[-1].name=x", "regions[name=]=1", "calendar.holidays[3]=2017-01-01",
		"base=x.yaml", "name=../../x", "regions[0].name=ALL", "replications=0", "calendar.workdays=sat-tue", "central={a: 1, a: 2}",
		"regions[0].outages.power={every: \"gamma(mean=1d, sd=1e10d)\", lasting: 1h}", "regions[0].recording.first_time=4e18",
		"description=[&a [x, x], [*a, *a]]", "regions[0]={<<: {name: B}}"} {
		f.Add(s)
	}
	dir := f.TempDir()
	file := write(f, dir, "s.yaml", "start: 2017-01-02\nend: 2017-01-31\nregions:\n  - name: A\n    sites: [{name: s, printers: 1, cards_per_printer_per_day: 10}]\n  - name: B\n")
	f.Fuzz(func(t *testing.T, s string) {
		o, err := ParseOverride(s)
		if err != nil {
			return
		}
		if o.Path == "" {
			t.Fatalf("ParseOverride(%q) gave an empty path", s)
		}
		if _, err := Load(file, Options{Set: []Override{o}}); err != nil {
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("--set %q: error is not a list of problems: %v", s, err)
			}
		}
	})
}
