package results

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/ektpsim/ektpsim/data"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// Place is what data/regions.csv says of a region: its BPS code, its
// province and its population (people; 0 when not known).
type Place struct {
	Code, Province string
	Population     int64
}

// Places gives each region of sc its Place from data/regions.csv, matched
// by the region's code, else by its name (case aside). The scenario's own
// code and population win where it gives them (the population is what
// the population allocation policy shares by, and --set changes it). A
// region the file does not list has the province of its code's first
// part (Kemendagri's kode wilayah: "12.99" is in Sumatera Utara) where
// the file has that province, else none.
func Places(sc *scenario.Scenario) []Place {
	byCode, byName, province := map[string]Place{}, map[string]Place{}, map[string]string{}
	if f, err := data.FS.Open("regions.csv"); err == nil {
		rows, _ := csv.NewReader(f).ReadAll()
		f.Close()
		col := map[string]int{}
		if len(rows) > 0 {
			for i, h := range rows[0] {
				col[h] = i
			}
			for _, r := range rows[1:] {
				pop, _ := strconv.ParseInt(r[col["population"]], 10, 64)
				p := Place{Code: r[col["region_code"]], Province: r[col["province"]], Population: pop}
				byCode[p.Code] = p
				byName[strings.ToLower(r[col["region"]])] = p
				province[r[col["province_code"]]] = p.Province
			}
		}
	}
	out := make([]Place, len(sc.Regions))
	for i, r := range sc.Regions {
		p, ok := byCode[r.Code]
		if !ok || r.Code == "" {
			if p, ok = byName[strings.ToLower(r.Name)]; !ok {
				prefix, _, _ := strings.Cut(r.Code, ".")
				p.Province = province[prefix]
			}
		}
		if r.Code != "" {
			p.Code = r.Code
		}
		if r.Population > 0 {
			p.Population = r.Population
		}
		out[i] = p
	}
	return out
}

// RegionFigures are the figures a region has in summary.json: the
// headline figures that are not the nation's only.
func RegionFigures() []Figure {
	var out []Figure
	for _, f := range Headlines() {
		if !f.NationOnly {
			out = append(out, f)
		}
	}
	return out
}

// RegionFigure names a region's figure where tables put regions' figures
// beside the nation's (compare.csv, paired.csv, sweep.csv, sweep
// --figure): REGION:KEY.
func RegionFigure(region, key string) string { return region + ":" + key }

// SplitRegionFigure reads a figure's name: KEY, or REGION:KEY (ok). A
// region's name may hold a colon; a figure's key does not.
func SplitRegionFigure(fig string) (region, key string, ok bool) {
	if i := strings.LastIndex(fig, ":"); i >= 0 {
		return fig[:i], fig[i+1:], true
	}
	return "", fig, false
}

// RegionsColumns are the columns of regions.csv: region, code, province,
// population, then each region figure, and with several replications its
// _p05, _p95, _ci95_low and _ci95_high twins (and a date's share of
// replications that have one).
func RegionsColumns(replications int) []string {
	cols := []string{"region", "code", "province", "population"}
	for _, f := range RegionFigures() {
		cols = append(cols, f.Key)
		if replications > 1 {
			cols = append(cols, f.Key+"_p05", f.Key+"_p95", f.Key+"_ci95_low", f.Key+"_ci95_high")
			if f.Share != "" {
				cols = append(cols, f.Share)
			}
		}
	}
	return cols
}

// WriteRegionsCSV writes regions.csv of the run of sc whose summary.json
// is summary: one row per region in the scenario's order, every value as
// summary.json has it (dates as dates, empty for none).
func WriteRegionsCSV(w io.Writer, sc *scenario.Scenario, summary []byte) error {
	s, err := ParseSummary(summary)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write(RegionsColumns(s.Replications))
	places := Places(sc)
	figs := RegionFigures()
	for i, r := range sc.Regions {
		p := places[i]
		pop := ""
		if p.Population > 0 {
			pop = strconv.FormatInt(p.Population, 10)
		}
		row := []string{r.Name, p.Code, p.Province, pop}
		m := s.Regions[r.Name]
		for _, f := range figs {
			row = append(row, rawCell(m[f.Key]))
			if s.Replications > 1 {
				var ci []json.RawMessage
				json.Unmarshal(m[f.Key+"_ci95"], &ci)
				lo, hi := "", ""
				if len(ci) == 2 {
					lo, hi = rawCell(ci[0]), rawCell(ci[1])
				}
				row = append(row, rawCell(m[f.Key+"_p05"]), rawCell(m[f.Key+"_p95"]), lo, hi)
				if f.Share != "" {
					row = append(row, rawCell(m[f.Share]))
				}
			}
		}
		cw.Write(SafeCells(row))
	}
	cw.Flush()
	return cw.Error()
}

// rawCell is a summary.json value as a CSV cell: a number as written, a
// string (a date) without its quotes, null or missing as empty.
func rawCell(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// RegionValue is a figure of a region as a number: its mean, a date as a
// day number (NaN when missing or never).
func (s *Summary) RegionValue(region string, f Figure) float64 {
	if f.Format == Date {
		if t, err := parseDate(s.Text(region, f.Key)); err == nil {
			return dayValue(t)
		}
		return math.NaN()
	}
	if v, ok := s.Number(region, f.Key); ok {
		return v
	}
	return math.NaN()
}
