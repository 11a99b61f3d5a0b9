package results

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ektpsim/ektpsim/sim/scenario"
)

// Run is what the charts need of one result folder.
type Run struct {
	Dir      string
	Name     string
	Scenario *scenario.Scenario
	Summary  Summary
	// Dates are the simulated days; Nation holds the nation's daily.csv
	// columns by name, one value per day.
	Dates  []time.Time
	Nation map[string][]float64
	// Regions holds, for the regions the charts show, their columns.
	Regions map[string]map[string][]float64
	// Bands are the nation's 5-95% bands by metric, when the run had
	// several replications (bands.csv).
	Bands map[string]Band
	// Replications holds replications.csv by column: each replication's
	// headline figures, for paired comparisons.
	Replications map[string][]float64
	// RegionReplications holds regions-replications.csv by region and
	// figure: each replication's figures of each region (nil without).
	RegionReplications map[string]map[string][]float64
}

// Band is one metric's mean and percentiles across replications, by day.
type Band struct{ Mean, P05, P50, P95 []float64 }

// Summary is the part of summary.json the charts and the report read.
type Summary struct {
	Scenario     string                     `json:"scenario"`
	Seed         uint64                     `json:"seed"`
	Replications int                        `json:"replications"`
	Start        string                     `json:"start"`
	End          string                     `json:"end"`
	Nation       map[string]json.RawMessage `json:"-"`
	Regions      map[string]map[string]json.RawMessage
	// Focus are the regions the run is about (its scenario's focus),
	// which charts draw first.
	Focus []string `json:"-"`
}

// Number returns a figure of the nation (or of a region, if given) and
// whether it is there and not null.
func (s *Summary) Number(region, key string) (float64, bool) {
	m := s.Nation
	if region != "" {
		m = s.Regions[region]
	}
	raw, ok := m[key]
	if !ok {
		return 0, false
	}
	var v *float64
	if json.Unmarshal(raw, &v) != nil || v == nil {
		return 0, false
	}
	return *v, true
}

// Cause returns the mean lost hours of a cause (by its key) of the nation
// or a region, from lost_hours_by_cause.
func (s *Summary) Cause(region, key string) (float64, bool) {
	m := s.Nation
	if region != "" {
		m = s.Regions[region]
	}
	var by map[string]*float64
	if json.Unmarshal(m[LostByCause], &by) != nil || by[key] == nil {
		return 0, false
	}
	return *by[key], true
}

// Text returns a string figure (a date), or "" when null or missing.
func (s *Summary) Text(region, key string) string {
	m := s.Nation
	if region != "" {
		m = s.Regions[region]
	}
	var v *string
	if raw, ok := m[key]; !ok || json.Unmarshal(raw, &v) != nil || v == nil {
		return ""
	}
	return *v
}

// ParseSummary reads summary.json.
func ParseSummary(data []byte) (Summary, error) {
	var s Summary
	if err := json.Unmarshal(data, &s); err != nil {
		return s, err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return s, err
	}
	delete(all, "regions")
	s.Nation = all
	return s, nil
}

// ReadRun reads a result folder. It keeps every region's columns only for
// the regions named in keep (nil keeps none); the nation's are always kept.
func ReadRun(dir string, keep func(s *Summary) []string) (*Run, error) {
	r := &Run{Dir: dir}
	sc, err := scenario.Load(filepath.Join(dir, "scenario.yaml"), scenario.Options{})
	if err != nil {
		return nil, fmt.Errorf("%s is not a complete ektpsim result: %w", dir, err)
	}
	r.Scenario, r.Name = sc, sc.Name
	file := filepath.Join(dir, "summary.json")
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	if r.Summary, err = ParseSummary(data); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	r.Summary.Focus = sc.Focus
	var wanted []string
	if keep != nil {
		wanted = keep(&r.Summary)
	}
	if err := r.readDaily(filepath.Join(dir, "daily.csv"), wanted); err != nil {
		return nil, err
	}
	if err := r.readBands(filepath.Join(dir, "bands.csv")); err != nil {
		return nil, err
	}
	if err := r.readReplications(filepath.Join(dir, "replications.csv")); err != nil {
		return nil, err
	}
	if err := r.readRegionReplications(filepath.Join(dir, RegionReplicationsFile)); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *Run) readDaily(file string, wanted []string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	want := map[string]bool{}
	for _, w := range wanted {
		want[w] = true
	}
	r.Nation = map[string][]float64{}
	r.Regions = map[string]map[string][]float64{}
	br := bufio.NewReaderSize(f, 1<<20)
	head, err := br.ReadString('\n')
	if err != nil {
		return fmt.Errorf("%s: no header", file)
	}
	cols := strings.Split(strings.TrimRight(head, "\r\n"), ",")
	if len(cols) < 3 || cols[0] != "date" || cols[1] != "region" {
		return fmt.Errorf("%s: not a daily.csv (header %q)", file, head)
	}
	var lastDate string
	line := 1
	for {
		b, err := br.ReadSlice('\n')
		if err == io.EOF && len(b) == 0 {
			break
		}
		if err != nil && err != io.EOF {
			return fmt.Errorf("%s:%d: %w", file, line+1, err)
		}
		line++
		b = bytes.TrimRight(b, "\r\n")
		// Region names may be quoted; the nation's rows never are, so
		// most rows are skipped after a look at the second field.
		date, rest, _ := bytes.Cut(b, []byte{','})
		var name string
		var fields []string
		if len(rest) > 0 && rest[0] == '"' {
			rec, err := csv.NewReader(bytes.NewReader(b)).Read()
			if err != nil {
				return fmt.Errorf("%s:%d: %w", file, line, err)
			}
			name, fields = rec[1], rec
		} else {
			n, _, _ := bytes.Cut(rest, []byte{','})
			name = string(n)
			if name != "ALL" && !want[name] {
				continue
			}
			fields = strings.Split(string(b), ",")
		}
		if name != "ALL" && !want[name] {
			continue
		}
		if len(fields) != len(cols) {
			return fmt.Errorf("%s:%d: %d fields, the header has %d", file, line, len(fields), len(cols))
		}
		dest := r.Nation
		if name == "ALL" {
			if string(date) != lastDate {
				t, err := time.Parse("2006-01-02", string(date))
				if err != nil {
					return fmt.Errorf("%s:%d: %w", file, line, err)
				}
				r.Dates = append(r.Dates, t)
				lastDate = string(date)
			}
		} else {
			if r.Regions[name] == nil {
				r.Regions[name] = map[string][]float64{}
			}
			dest = r.Regions[name]
		}
		for i := 2; i < len(cols); i++ {
			v := math.NaN()
			if fields[i] != "" {
				if v, err = strconv.ParseFloat(fields[i], 64); err != nil {
					return fmt.Errorf("%s:%d: %s: %w", file, line, cols[i], err)
				}
			}
			dest[cols[i]] = append(dest[cols[i]], v)
		}
	}
	if len(r.Dates) == 0 {
		return fmt.Errorf("%s: no days", file)
	}
	return nil
}

// openOptional opens a file a result folder may lack: nil, nil if absent.
func openOptional(file string) (*os.File, error) {
	f, err := os.Open(file)
	if os.IsNotExist(err) {
		return nil, nil
	}
	return f, err
}

func (r *Run) readBands(file string) error {
	f, err := openOptional(file)
	if f == nil {
		return err
	}
	defer f.Close()
	rd := csv.NewReader(bufio.NewReader(f))
	head, err := rd.Read()
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	want := []string{"date", "region", "metric", "mean", "p05", "p50", "p95"}
	if strings.Join(head, ",") != strings.Join(want, ",") {
		return fmt.Errorf("%s: header %v, want %v", file, head, want)
	}
	r.Bands = map[string]Band{}
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		if rec[1] != "ALL" {
			continue
		}
		var v [4]float64
		for i := range v {
			if v[i], err = strconv.ParseFloat(rec[3+i], 64); err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
		}
		b := r.Bands[rec[2]]
		b.Mean, b.P05, b.P50, b.P95 = append(b.Mean, v[0]), append(b.P05, v[1]), append(b.P50, v[2]), append(b.P95, v[3])
		r.Bands[rec[2]] = b
	}
	return nil
}

// readReplications reads replications.csv: each column by name, one value
// per replication (dates as day numbers; NaN where empty).
func (r *Run) readReplications(file string) error {
	f, err := openOptional(file)
	if f == nil {
		return err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) < 1 {
		return fmt.Errorf("%s: %v", file, err)
	}
	r.Replications = map[string][]float64{}
	for _, row := range rows[1:] {
		for i, col := range rows[0] {
			v := math.NaN()
			if row[i] != "" {
				if t, err := time.Parse("2006-01-02", row[i]); err == nil {
					v = dayValue(t)
				} else if v, err = strconv.ParseFloat(row[i], 64); err != nil {
					return fmt.Errorf("%s: %s: %w", file, col, err)
				}
			}
			r.Replications[col] = append(r.Replications[col], v)
		}
	}
	return nil
}

func dayValue(t time.Time) float64 { return float64(t.Unix()) / 86400 }

func parseDate(s string) (time.Time, error) { return time.Parse("2006-01-02", s) }
