package results

import (
	"math"
	"slices"
	"time"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// Collector builds a Run in memory from one replication's days, holding
// what ReadRun would read back from its daily.csv: every metric of the
// nation, and of every region all its metrics when there are at most
// AllMetricsRegions regions (a city scenario), else only those named in
// regionKeys (all of them would take hundreds of megabytes for the
// nation's 514) and all of them for the scenario's focus regions.
// It implements model.Observer and passes every day on to Next if set.
type Collector struct {
	Next    model.Observer
	run     *Run
	metrics []Metric
	region  [][]Metric // the metrics kept of each region
	names   []string
}

// AllMetricsRegions is the most regions a Collector keeps every metric of.
const AllMetricsRegions = 16

// NewCollector starts a Run of scenario sc (resolved), keeping the
// metrics regionKeys of each region.
func NewCollector(sc *scenario.Scenario, regionKeys []string) *Collector {
	c := &Collector{metrics: Daily(), run: &Run{Name: sc.Name, Scenario: sc,
		Nation: map[string][]float64{}, Regions: map[string]map[string][]float64{}}}
	var some []Metric
	for _, m := range c.metrics {
		if len(sc.Regions) <= AllMetricsRegions || slices.Contains(regionKeys, m.Key) {
			some = append(some, m)
		}
	}
	// Room for every day at once: appending would double the memory.
	days := int(sc.End.Days()-sc.Start.Days()) + 1
	for _, m := range c.metrics {
		c.run.Nation[m.Key] = make([]float64, 0, days)
	}
	for _, r := range sc.Regions {
		c.names = append(c.names, r.Name)
		kept := some
		if slices.Contains(sc.Focus, r.Name) {
			kept = c.metrics
		}
		c.region = append(c.region, kept)
		cols := map[string][]float64{}
		for _, m := range kept {
			cols[m.Key] = make([]float64, 0, days)
		}
		c.run.Regions[r.Name] = cols
	}
	c.run.Dates = make([]time.Time, 0, days)
	return c
}

// Day keeps the day's rows.
func (c *Collector) Day(date scenario.Date, nation *model.DayRow, regions []model.DayRow) error {
	r := c.run
	r.Dates = append(r.Dates, date.Time())
	for _, m := range c.metrics {
		r.Nation[m.Key] = append(r.Nation[m.Key], Written(m.Kind, m.Value(nation)))
	}
	for i := range regions {
		cols := r.Regions[c.names[i]]
		for _, m := range c.region[i] {
			cols[m.Key] = append(cols[m.Key], Written(m.Kind, m.Value(&regions[i])))
		}
	}
	if c.Next != nil {
		return c.Next.Day(date, nation, regions)
	}
	return nil
}

// Finish completes the Run with what the whole run computed: its
// summary.json, the nation's bands (nil with one replication), and every
// replication's figures (as replications.csv holds them). It keeps the
// regions' columns only for the regions keep names, as ReadRun does.
func (c *Collector) Finish(dir string, summary []byte, bands map[string]Band, reps []*model.Result, keep func(*Summary) []string) (*Run, error) {
	r := c.run
	r.Dir = dir
	var err error
	if r.Summary, err = ParseSummary(summary); err != nil {
		return nil, err
	}
	r.Summary.Focus = r.Scenario.Focus
	r.Bands = bands
	wanted := map[string]bool{}
	if keep != nil {
		for _, n := range keep(&r.Summary) {
			wanted[n] = true
		}
	}
	for n := range r.Regions {
		if !wanted[n] {
			delete(r.Regions, n)
		}
	}
	start := r.Scenario.Start
	r.Replications = map[string][]float64{}
	for i, res := range reps {
		r.Replications["replication"] = append(r.Replications["replication"], float64(i))
		for _, f := range Headlines() {
			v := f.Value(&res.Nation)
			switch {
			case f.Format == Date && v >= 0:
				v = dayValue(start.AddDays(int64(v)).Time())
			case f.Format == Date, math.IsNaN(v), math.IsInf(v, 0):
				v = math.NaN()
			default:
				v = math.Round(v*1000) / 1000
			}
			r.Replications[f.Key] = append(r.Replications[f.Key], v)
		}
	}
	return r, nil
}
