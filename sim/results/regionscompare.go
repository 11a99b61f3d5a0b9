package results

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"time"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// RegionReplicationsFile holds, for a run of several replications, every
// region's figures in every replication, for paired comparisons of
// regions.
const RegionReplicationsFile = "regions-replications.csv"

// RegionReplicationColumns are its columns: replication, region, then
// the region figures (RegionFigures).
func RegionReplicationColumns() []string {
	cols := []string{"replication", "region"}
	for _, f := range RegionFigures() {
		cols = append(cols, f.Key)
	}
	return cols
}

// WriteRegionReplications writes regions-replications.csv: a row per
// replication and region (replication by replication, regions in the
// scenario's order); get returns replication i's figures of every region.
// Dates are dates, empty for none; numbers have at most 3 decimals.
func WriteRegionReplications(w io.Writer, sc *scenario.Scenario, n int, get func(i int) ([]model.Figures, error)) error {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	cw.Write(RegionReplicationColumns())
	figs := RegionFigures()
	row := make([]string, 0, 2+len(figs))
	for i := range n {
		fs, err := get(i)
		if err != nil {
			return err
		}
		for ri := range sc.Regions {
			row = append(row[:0], strconv.Itoa(i), SafeCell(sc.Regions[ri].Name))
			for _, f := range figs {
				v := f.Value(&fs[ri])
				switch {
				case f.Format == Date && v >= 0:
					row = append(row, sc.Start.AddDays(int64(v)).String())
				case f.Format == Date:
					row = append(row, "")
				default:
					row = append(row, Plain(v))
				}
			}
			cw.Write(row)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// readRegionReplications reads regions-replications.csv into
// r.RegionReplications: region, figure, one value per replication (dates
// as day numbers, NaN where empty).
func (r *Run) readRegionReplications(file string) error {
	f, err := openOptional(file)
	if f == nil {
		return err
	}
	defer f.Close()
	rd := csv.NewReader(bufio.NewReader(f))
	head, err := rd.Read()
	if err != nil || len(head) < 2 || head[0] != "replication" || head[1] != "region" {
		return fmt.Errorf("%s: not a %s (header %v)", file, RegionReplicationsFile, head)
	}
	r.RegionReplications = map[string]map[string][]float64{}
	for line := 2; ; line++ {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s:%d: %w", file, line, err)
		}
		m := r.RegionReplications[rec[1]]
		if m == nil {
			m = map[string][]float64{}
			r.RegionReplications[rec[1]] = m
		}
		for i := 2; i < len(head); i++ {
			v := math.NaN()
			if rec[i] != "" {
				if t, err := time.Parse("2006-01-02", rec[i]); err == nil {
					v = dayValue(t)
				} else if v, err = strconv.ParseFloat(rec[i], 64); err != nil {
					return fmt.Errorf("%s:%d: %s: %w", file, line, head[i], err)
				}
			}
			m[head[i]] = append(m[head[i]], v)
		}
	}
	return nil
}

// RegionDiff is one region's figure in two runs and its difference
// (other minus base; days for dates), with the paired 95% interval of the
// difference when the runs' replications pair (NaN otherwise).
type RegionDiff struct {
	Region             string
	Base, Other, Diff  float64
	PairedLo, PairedHi float64
}

// regionOrder lists the regions of runs: the first run's in its
// scenario's order, then those only later runs have.
func regionOrder(runs []*Run) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range runs {
		var names []string
		if r.Scenario != nil {
			for _, g := range r.Scenario.Regions {
				names = append(names, g.Name)
			}
		}
		if len(names) == 0 {
			for n := range r.Summary.Regions {
				names = append(names, n)
			}
			sort.Strings(names)
		}
		for _, n := range names {
			if _, ok := r.Summary.Regions[n]; ok && !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

// RegionDifferences are the differences of figure key between other and
// base for every region both runs have, in base's order. The region
// figures are the summaries' means, so the differences of a count add up
// to the nation's difference where the nation's figure is the sum of the
// regions' (cards printed, the backlog at the end).
func RegionDifferences(base, other *Run, key string) []RegionDiff {
	f, ok := FigureByKey(key)
	if !ok {
		return nil
	}
	pair := PairingProblem([]*Run{base, other}) == "" && base.RegionReplications != nil && other.RegionReplications != nil
	var out []RegionDiff
	for _, name := range regionOrder([]*Run{base}) {
		if _, ok := other.Summary.Regions[name]; !ok {
			continue
		}
		d := RegionDiff{Region: name, Base: base.Summary.RegionValue(name, f), Other: other.Summary.RegionValue(name, f),
			PairedLo: math.NaN(), PairedHi: math.NaN()}
		d.Diff = d.Other - d.Base
		if pair {
			d.PairedLo, d.PairedHi = pairedInterval(base.RegionReplications[name][key], other.RegionReplications[name][key])
		}
		out = append(out, d)
	}
	return out
}

// pairedInterval is the 95% interval of the mean of b[i]-a[i], leaving
// out pairs with a NaN; NaN for fewer than 2 pairs.
func pairedInterval(a, b []float64) (lo, hi float64) {
	p, ok := paired("", a, b)
	if !ok {
		return math.NaN(), math.NaN()
	}
	return p.Lo, p.Hi
}

// WriteRegionsCompareCSV writes regions-compare.csv: a row per region
// (the first run's regions in order, then any others), with region, code,
// province and population (of the first run that has it), then for every
// region figure its value in each run (FIGURE:RUN), each further run's
// difference from the first (FIGURE:RUN minus FIRST; days for dates) and,
// when the runs' replications pair, the difference's paired 95% interval
// (... ci95_low, ... ci95_high).
func WriteRegionsCompareCSV(w io.Writer, runs []*Run) error {
	base := runs[0]
	pair := make([]bool, len(runs))
	for i, r := range runs[1:] {
		pair[i+1] = PairingProblem([]*Run{base, r}) == "" && base.RegionReplications != nil && r.RegionReplications != nil
	}
	cw := csv.NewWriter(w)
	head := []string{"region", "code", "province", "population"}
	figs := RegionFigures()
	for _, f := range figs {
		for _, r := range runs {
			head = append(head, f.Key+":"+r.Name)
		}
		for i, r := range runs[1:] {
			d := f.Key + ":" + r.Name + " minus " + base.Name
			head = append(head, d)
			if pair[i+1] {
				head = append(head, d+" ci95_low", d+" ci95_high")
			}
		}
	}
	cw.Write(SafeCells(head))
	places := map[string]Place{}
	for k := len(runs) - 1; k >= 0; k-- {
		if sc := runs[k].Scenario; sc != nil {
			for i, p := range Places(sc) {
				places[sc.Regions[i].Name] = p
			}
		}
	}
	for _, name := range regionOrder(runs) {
		p := places[name]
		pop := ""
		if p.Population > 0 {
			pop = strconv.FormatInt(p.Population, 10)
		}
		row := []string{name, p.Code, p.Province, pop}
		for _, f := range figs {
			vals := make([]float64, len(runs))
			for i, r := range runs {
				vals[i] = math.NaN()
				if _, ok := r.Summary.Regions[name]; ok {
					vals[i] = r.Summary.RegionValue(name, f)
				}
				if f.Format == Date {
					row = append(row, r.Summary.Text(name, f.Key))
				} else {
					row = append(row, Plain(vals[i]))
				}
			}
			for i, r := range runs[1:] {
				row = append(row, Plain(vals[i+1]-vals[0]))
				if pair[i+1] {
					lo, hi := pairedInterval(base.RegionReplications[name][f.Key], r.RegionReplications[name][f.Key])
					row = append(row, Plain(lo), Plain(hi))
				}
			}
		}
		cw.Write(SafeCells(row))
	}
	cw.Flush()
	return cw.Error()
}

// WriteRegionsCompare writes dir/regions-compare.csv of runs.
func WriteRegionsCompare(dir string, runs []*Run) error {
	f, err := os.Create(dir + string(os.PathSeparator) + "regions-compare.csv")
	if err != nil {
		return err
	}
	err = WriteRegionsCompareCSV(f, runs)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// GainsAndLosses splits region differences into the regions better off
// (a lower figure: less backlog, shorter waits) and worse off (higher),
// each largest change first (ties by name), leaving out regions with no
// change or no figure, and adds up each side. For a count that the
// nation's figure sums, better + worse is the nation's difference.
func GainsAndLosses(ds []RegionDiff) (better, worse []RegionDiff, betterSum, worseSum float64) {
	for _, d := range ds {
		switch {
		case math.IsNaN(d.Diff) || d.Diff == 0:
		case d.Diff < 0:
			better = append(better, d)
			betterSum += d.Diff
		default:
			worse = append(worse, d)
			worseSum += d.Diff
		}
	}
	by := func(s []RegionDiff) {
		sort.SliceStable(s, func(i, j int) bool {
			if a, b := math.Abs(s[i].Diff), math.Abs(s[j].Diff); a != b {
				return a > b
			}
			return s[i].Region < s[j].Region
		})
	}
	by(better)
	by(worse)
	return better, worse, betterSum, worseSum
}
