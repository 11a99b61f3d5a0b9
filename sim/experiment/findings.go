package experiment

import (
	"encoding/csv"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
)

// Finding is a figure of interest in one variant against the baseline,
// as the comparison wrote it.
type Finding struct {
	Figure, Variant string
	Baseline, Value float64 // the figure in each (means over replications)
	// Difference is Value - Baseline; with paired replications (Paired),
	// the mean paired difference, within the 95% interval Lo to Hi.
	Difference, Lo, Hi float64
	Paired             bool
	N                  int // replications paired
}

// RegionFinding is a figure of a region of interest in one run.
type RegionFinding struct {
	Region, Figure, Run string
	Value, Baseline     float64 // means over replications
}

// SelectionFinding sums a figure's change over the regions a variant's
// selections picked and over the others: who gains and who loses.
type SelectionFinding struct {
	Variant, Figure         string
	Selected, Others        int     // how many regions on each side
	SelectedDiff, OtherDiff float64 // summed change of the means, variant - baseline
}

// readCSV reads a CSV file with a header into rows by column name.
func readCSV(file string) ([]map[string]string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			if i < len(r) {
				m[h] = r[i]
			}
		}
		out = append(out, m)
	}
	return out, nil
}

func number(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN()
	}
	return v
}

// findings reads compare.csv and paired.csv of the experiment folder dir
// for the figures of interest.
func findings(dir string, e *Experiment, runs []string) ([]Finding, error) {
	cmp, err := readCSV(filepath.Join(dir, "compare.csv"))
	if err != nil {
		return nil, err
	}
	// Runs that cannot be paired (one replication) have no paired.csv:
	// their findings are plain differences, without an interval.
	paired, err := readCSV(filepath.Join(dir, "paired.csv"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	var out []Finding
	for _, fig := range e.Figures {
		var row map[string]string
		for _, r := range cmp {
			if r["figure"] == fig {
				row = r
			}
		}
		if row == nil {
			continue
		}
		for _, v := range runs[1:] {
			f := Finding{Figure: fig, Variant: v, Baseline: number(row[Baseline]), Value: number(row[v])}
			f.Difference, f.Lo, f.Hi = f.Value-f.Baseline, math.NaN(), math.NaN()
			for _, p := range paired {
				if p["figure"] == fig && p["base"] == Baseline && p["run"] == v {
					f.Paired = true
					f.Difference, f.Lo, f.Hi = number(p["mean_difference"]), number(p["ci95_low"]), number(p["ci95_high"])
					f.N, _ = strconv.Atoi(p["replications"])
				}
			}
			out = append(out, f)
		}
	}
	return out, nil
}

// regionFindings reads the figures of the regions of interest from each
// run's summary.json.
func regionFindings(dir string, regions, figures, runs []string) ([]RegionFinding, error) {
	if len(regions) == 0 {
		return nil, nil
	}
	figs := make([]map[string]map[string]float64, len(runs))
	for i, r := range runs {
		var err error
		if figs[i], err = regionFigures(filepath.Join(dir, r)); err != nil {
			return nil, err
		}
	}
	var out []RegionFinding
	for _, reg := range regions {
		for _, fig := range figures {
			for i, r := range runs {
				out = append(out, RegionFinding{Region: reg, Figure: fig, Run: r, Value: figs[i][reg][fig], Baseline: figs[0][reg][fig]})
			}
		}
	}
	return out, nil
}

// additive are the figures whose regions' values add up to the nation's.
var additive = map[string]bool{"printed_total": true, "backlog_end": true, "renewals_total": true, "lost_hours": true}

// selectionFindings sums, for each variant whose edits selected regions,
// the change of each figure of interest over the selected regions and
// over the rest.
func selectionFindings(dir string, p *plan, e *Experiment, selected map[string][]int) ([]SelectionFinding, error) {
	var base map[string]map[string]float64
	var out []SelectionFinding
	for _, v := range e.Variants {
		sel := selected[v.Name]
		if len(sel) == 0 {
			continue
		}
		if base == nil {
			var err error
			if base, err = regionFigures(filepath.Join(dir, Baseline)); err != nil {
				return nil, err
			}
		}
		figs, err := regionFigures(filepath.Join(dir, v.Name))
		if err != nil {
			return nil, err
		}
		in := make([]bool, len(p.base.Regions))
		for _, i := range sel {
			in[i] = true
		}
		for _, fig := range e.Figures {
			if !additive[fig] {
				continue // a sum of regions' waits or days means nothing
			}
			f := SelectionFinding{Variant: v.Name, Figure: fig}
			for i, r := range p.base.Regions {
				d := figs[r.Name][fig] - base[r.Name][fig]
				if math.IsNaN(d) {
					continue
				}
				if in[i] {
					f.Selected++
					f.SelectedDiff += d
				} else {
					f.Others++
					f.OtherDiff += d
				}
			}
			out = append(out, f)
		}
	}
	return out, nil
}
