package serve

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ektpsim/ektpsim/sim/scenario"
)

// Lever is one thing a planner moves on the page. A lever is data: its
// text value as the scenario has it, and the `--set` overrides that give
// it another value, so that adding a lever is adding one entry to Levers
// and a what-if is always a scenario and a list of --set options that
// `ektpsim run` takes too.
type Lever struct {
	Key   string `json:"key"`   // the page's field name
	Label string `json:"label"` // what the page calls it
	Unit  string `json:"unit"`  // the unit of its value, e.g. "records a day"
	Help  string `json:"help"`  // one sentence on what it changes
	// Regional levers act on the regions chosen on the page (Selection).
	Regional bool `json:"regional"`
	// Value is the scenario's own value, in the text the page shows; ""
	// means the scenario has nothing this lever acts on (it is hidden).
	Value func(sc *scenario.Scenario) string `json:"-"`
	// Sets returns the overrides that give the lever value v in sc for
	// the regions at the indexes of regions (regional levers only). A
	// value the lever cannot read is an error, said for the page.
	Sets func(sc *scenario.Scenario, v string, regions []int) ([]string, error) `json:"-"`
}

// Levers lists the page's levers in the order it shows them. Allocation
// policy (issue 12) is one entry more once the scenario has the key.
func Levers() []Lever {
	return []Lever{
		{Key: "intake", Label: "Central intake", Unit: "records a day",
			Help:  "records the central server accepts a day, nationwide",
			Value: func(sc *scenario.Scenario) string { return amountText(sc.Central.IntakePerDay) },
			Sets:  setKey("central.intake_per_day")},
		{Key: "capacity", Label: "Server capacity", Unit: "records",
			Help:  "records the central database can hold",
			Value: func(sc *scenario.Scenario) string { return amountText(sc.Central.StorageCapacity) },
			Sets:  setKey("central.storage_capacity")},
		{Key: "upgrade", Label: "Server upgrade date", Unit: "date",
			Help: "the day the server's capacity grows (its first dated change of storage_capacity)",
			Value: func(sc *scenario.Scenario) string {
				if i := upgradeIndex(sc); i >= 0 {
					return sc.Central.Changes[i].Date.String()
				}
				return ""
			},
			Sets: func(sc *scenario.Scenario, v string, _ []int) ([]string, error) {
				return []string{fmt.Sprintf("central.changes[%d].date=%s", upgradeIndex(sc), v)}, nil
			}},
		{Key: "blanks_shift", Label: "National blank waves, shift", Unit: "days",
			Help: "moves every national delivery of blanks earlier (negative) or later",
			Value: func(sc *scenario.Scenario) string {
				if len(sc.Central.Blanks.Deliveries) == 0 {
					return ""
				}
				return "0"
			},
			Sets: func(sc *scenario.Scenario, v string, _ []int) ([]string, error) {
				d, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
				if err != nil || d < -3650 || d > 3650 {
					return nil, fmt.Errorf("%q is not a whole number of days between -3650 and 3650", v)
				}
				var sets []string
				for i, w := range sc.Central.Blanks.Deliveries {
					sets = append(sets, fmt.Sprintf("central.blanks.deliveries[%d].date=%s", i, w.Date.AddDays(d)))
				}
				return sets, nil
			}},
		{Key: "blanks_scale", Label: "National blank waves, size", Unit: "× each delivery",
			Help: "multiplies the amount of every national delivery of blanks",
			Value: func(sc *scenario.Scenario) string {
				if len(sc.Central.Blanks.Deliveries) == 0 {
					return ""
				}
				return "1"
			},
			Sets: func(sc *scenario.Scenario, v string, _ []int) ([]string, error) {
				f, err := factor(v, 0, 100)
				if err != nil {
					return nil, err
				}
				var sets []string
				for i, w := range sc.Central.Blanks.Deliveries {
					sets = append(sets, fmt.Sprintf("central.blanks.deliveries[%d].amount=%d", i, int64(math.Round(float64(w.Amount)*f))))
				}
				return sets, nil
			}},
		{Key: "printers", Label: "Extra printers", Unit: "printers per region", Regional: true,
			Help:  "printers added to each chosen region's first site (its city office)",
			Value: func(*scenario.Scenario) string { return "0" },
			Sets: func(sc *scenario.Scenario, v string, regions []int) ([]string, error) {
				n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
				if err != nil || n < -1000 || n > 1000 {
					return nil, fmt.Errorf("%q is not a whole number of printers between -1000 and 1000", v)
				}
				var sets []string
				for _, ri := range regions {
					r := &sc.Regions[ri]
					if len(r.Sites) == 0 {
						continue
					}
					sets = append(sets, fmt.Sprintf("%s.sites[0].printers=%d", regionPath(sc, ri), r.Sites[0].Printers+n))
				}
				return sets, nil
			}},
		{Key: "district", Label: "District printing", Unit: "printers per kecamatan", Regional: true,
			Help:  "a printer site for every kecamatan office of each chosen region, printing first-time cards (60 a printer a day), as Palembang did",
			Value: commonDistrict,
			Sets: func(sc *scenario.Scenario, v string, regions []int) ([]string, error) {
				n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
				if err != nil || n < 0 || n > 100 {
					return nil, fmt.Errorf("%q is not a whole number of printers between 0 and 100", v)
				}
				var sets []string
				for _, ri := range regions {
					s, err := districtSites(sc, ri, n)
					if err != nil {
						return nil, err
					}
					sets = append(sets, s)
				}
				return sets, nil
			}},
		{Key: "ups", Label: "UPS", Unit: "hours", Regional: true,
			Help:  "how long each chosen region's UPS bridges a power cut",
			Value: func(sc *scenario.Scenario) string { return commonUPS(sc) },
			Sets: func(sc *scenario.Scenario, v string, regions []int) ([]string, error) {
				var sets []string
				for _, ri := range regions {
					sets = append(sets, fmt.Sprintf("%s.ups_hours=%s", regionPath(sc, ri), strings.TrimSpace(v)))
				}
				return sets, nil
			}},
		{Key: "overtime", Label: "Overtime", Unit: "hours a working day",
			Help:  "extra printing hours after closing, every office",
			Value: func(sc *scenario.Scenario) string { return num(float64(sc.Calendar.OvertimeHours)) },
			Sets:  setKey("calendar.overtime_hours")},
		{Key: "outages", Label: "Regional outages, how often", Unit: "× as often", Regional: true,
			Help:  "network, power and application faults of each chosen region: 2 means twice as often, 0.5 half",
			Value: func(*scenario.Scenario) string { return "1" },
			Sets: func(sc *scenario.Scenario, v string, regions []int) ([]string, error) {
				f, err := factor(v, 0.01, 100)
				if err != nil {
					return nil, err
				}
				var sets []string
				for _, ri := range regions {
					sets = append(sets, outageSets(regionPath(sc, ri), &sc.Regions[ri].Outages, f)...)
				}
				return sets, nil
			}},
		{Key: "central_outages", Label: "Central outages, how often", Unit: "× as often",
			Help: "the central server's network and application faults: 2 means twice as often",
			Value: func(sc *scenario.Scenario) string {
				o := sc.Central.Outages
				if o.Network == nil && o.Power == nil && o.Application == nil {
					return ""
				}
				return "1"
			},
			Sets: func(sc *scenario.Scenario, v string, _ []int) ([]string, error) {
				f, err := factor(v, 0.01, 100)
				if err != nil {
					return nil, err
				}
				return outageSets("central", &sc.Central.Outages, f), nil
			}},
	}
}

// setKey is the Sets of a lever that is one scenario key.
func setKey(key string) func(*scenario.Scenario, string, []int) ([]string, error) {
	return func(_ *scenario.Scenario, v string, _ []int) ([]string, error) {
		return []string{key + "=" + strings.TrimSpace(v)}, nil
	}
}

func amountText(a scenario.Amount) string {
	if a.Unlimited {
		return "unlimited"
	}
	return strconv.FormatInt(a.N, 10)
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// factor reads a multiplier between lo and hi.
func factor(v string, lo, hi float64) (float64, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || math.IsNaN(f) || f < lo || f > hi {
		return 0, fmt.Errorf("%q is not a factor between %s and %s", v, num(lo), num(hi))
	}
	return f, nil
}

// upgradeIndex is the index of the centre's first dated change of
// storage capacity, -1 if none.
func upgradeIndex(sc *scenario.Scenario) int {
	return slices.IndexFunc(sc.Central.Changes, func(c scenario.CentralChange) bool { return c.StorageCapacity != nil })
}

// regionPath is the --set path of region i: by name when the name can be
// written in a selector, by index otherwise.
func regionPath(sc *scenario.Scenario, i int) string {
	name := sc.Regions[i].Name
	if !strings.ContainsAny(name, "[]=") && strings.TrimSpace(name) == name {
		return "regions[name=" + name + "]"
	}
	return fmt.Sprintf("regions[%d]", i)
}

// commonUPS is the UPS hours most regions have.
func commonUPS(sc *scenario.Scenario) string {
	count := map[float64]int{}
	best, bestN := 0.0, 0
	for _, r := range sc.Regions {
		h := float64(r.UPSHours)
		count[h]++
		if count[h] > bestN || count[h] == bestN && h < best {
			best, bestN = h, count[h]
		}
	}
	return num(best)
}

// commonDistrict is the printers per kecamatan most regions have.
func commonDistrict(sc *scenario.Scenario) string {
	count := map[int64]int{}
	best, bestN := int64(0), 0
	for _, r := range sc.Regions {
		var n int64
		for _, s := range r.Sites {
			if s.Name == districtSite {
				n = s.PrintersPerDistrict
			}
		}
		count[n]++
		if count[n] > bestN || count[n] == bestN && n < best {
			best, bestN = n, count[n]
		}
	}
	return strconv.FormatInt(best, 10)
}

// duration matches a duration with its unit inside a distribution's text.
var duration = regexp.MustCompile(`(\d+(?:\.\d+)?)(m|h|d|w)\b`)

// scaleDurations divides every duration written in a distribution's text
// by f: exponential(10d) at f = 2 is exponential(5d).
func scaleDurations(text string, f float64) string {
	return duration.ReplaceAllStringFunc(text, func(m string) string {
		p := duration.FindStringSubmatch(m)
		v, _ := strconv.ParseFloat(p[1], 64)
		return strconv.FormatFloat(v/f, 'f', -1, 64) + p[2]
	})
}

// outageSets makes the random outages under path f times as frequent.
func outageSets(path string, o *scenario.Outages, f float64) []string {
	var sets []string
	for _, k := range []struct {
		name string
		r    *scenario.Renewal
	}{{"network", o.Network}, {"power", o.Power}, {"application", o.Application}} {
		if k.r == nil || k.r.Every.Dist == nil {
			continue
		}
		sets = append(sets, fmt.Sprintf("%s.outages.%s.every=%q", path, k.name, scaleDurations(k.r.Every.Text, f)))
	}
	return sets
}

// districtSite is the name of the site district printing adds.
const districtSite = "kecamatan offices"

// districtSites is the override giving region ri n printers in each of
// its kecamatan: the printers_per_district of its district site if it has
// one, or its sites with one more.
func districtSites(sc *scenario.Scenario, ri int, n int64) (string, error) {
	r := &sc.Regions[ri]
	if r.Districts == 0 && n > 0 {
		return "", fmt.Errorf("%s has no districts in the scenario (its districts key), so it has no kecamatan offices to print at", r.Name)
	}
	for _, s := range r.Sites {
		if s.Name == districtSite {
			return fmt.Sprintf("%s.sites[name=%s].printers_per_district=%d", regionPath(sc, ri), districtSite, n), nil
		}
	}
	sites := append(slices.Clone(r.Sites), scenario.Site{Name: districtSite, PrintersPerDistrict: n,
		CardsPerPrinterPerDay: 60, Serves: []scenario.Class{scenario.FirstTime}})
	b, err := yaml.Marshal(sites)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s.sites=%s", regionPath(sc, ri), b), nil
}
