package experiment

import (
	"encoding/csv"
	"strings"

	"github.com/ektpsim/ektpsim/data"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// provinces returns the province of each region of sc, from
// data/regions.csv: by the region's code, else by its name; "" for a
// region the file does not list.
func provinces(sc *scenario.Scenario) ([]string, error) {
	f, err := data.FS.Open("regions.csv")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	byCode, byName := map[string]string{}, map[string]string{}
	for _, r := range rows[1:] {
		byCode[r[col["region_code"]]] = r[col["province"]]
		byName[strings.ToLower(r[col["region"]])] = r[col["province"]]
	}
	out := make([]string, len(sc.Regions))
	for i, r := range sc.Regions {
		if p, ok := byCode[r.Code]; ok && r.Code != "" {
			out[i] = p
		} else {
			out[i] = byName[strings.ToLower(r.Name)]
		}
	}
	return out, nil
}
