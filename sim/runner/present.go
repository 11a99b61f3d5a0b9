package runner

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ektpsim/ektpsim/sim/chart"
	"github.com/ektpsim/ektpsim/sim/output"
	"github.com/ektpsim/ektpsim/sim/report"
	schema "github.com/ektpsim/ektpsim/sim/results"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// readResult reads a finished run's folder for charts, refusing anything
// that is not an ektpsim result.
func readResult(dir string, keep func(*chart.Summary) []string) (*chart.Run, error) {
	if _, err := os.Stat(filepath.Join(dir, output.Marker)); err != nil {
		return nil, &InputError{fmt.Errorf("%s is not an ektpsim result folder (no %s); give a folder written by ektpsim run", dir, output.Marker)}
	}
	r, err := chart.ReadRun(dir, keep)
	if err != nil {
		return nil, &InputError{err}
	}
	return r, nil
}

// Plot redraws the charts of a finished run into dir/plots.
func Plot(ctx context.Context, dir string) ([]chart.Chart, error) {
	r, err := readResult(dir, chart.Keep)
	if err != nil {
		return nil, err
	}
	// The charts are drawn into a temporary folder beside plots/ and moved
	// into place whole, so a failed or cancelled plot leaves the old ones.
	tmp, err := os.MkdirTemp(dir, ".plots.tmp-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	if err := os.Chmod(tmp, 0o777&^output.Umask()); err != nil {
		return nil, err
	}
	charts, err := drawInto(ctx, r, tmp)
	if err != nil {
		return nil, err
	}
	plots := filepath.Join(dir, "plots")
	old := tmp + ".old"
	if err := os.Rename(plots, old); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if err := os.Rename(tmp, plots); err != nil {
		os.Rename(old, plots)
		return nil, err
	}
	return charts, os.RemoveAll(old)
}

// Compare overlays finished runs into the folder out (by default
// results/compare-<name>-<name>...), written whole or not at all. It
// refuses an out that is one of its inputs or holds one.
//
// regions, if given (--region), replace the runs' focus.
func Compare(ctx context.Context, dirs []string, out string, force bool, regions ...string) (string, []chart.Chart, error) {
	runs, err := readRuns(ctx, dirs, regions)
	if err != nil {
		return "", nil, err
	}
	if out == "" {
		out = filepath.Join("results", "compare-"+joinNames(runs))
	}
	if err := notAnInput(out, dirs); err != nil {
		return "", nil, err
	}
	var charts []chart.Chart
	// A comparison's identity is its inputs' (and its regions'): the
	// same comparison again replaces it, another one only with force.
	id := sha256.New()
	for _, d := range dirs {
		fmt.Fprintf(id, "%s\x00", output.Identity(d))
	}
	fmt.Fprintf(id, "%q", regions)
	spec := output.Spec{Command: "compare", Identity: "compare-sha256:" + hex.EncodeToString(id.Sum(nil)), Force: force,
		What: "a result other than this comparison's (other runs, or not a comparison)"}
	out, err = intoFolder(out, spec, func(dir string) (err error) {
		charts, err = chart.CompareContext(ctx, runs, dir)
		if err == nil {
			err = schema.WriteRegionsCompare(dir, runs)
		}
		return stoppedOr2(ctx, err)
	})
	return out, charts, err
}

func stoppedOr2(ctx context.Context, err error) error {
	if serr := stopped(ctx); serr != nil {
		return serr
	}
	return err
}

// notAnInput refuses an output folder out that is one of the input folders
// dirs, or holds one (replacing out would remove it), however the paths
// are spelt (./, a trailing slash, a symbolic link).
func notAnInput(out string, dirs []string) error {
	for _, d := range dirs {
		if sameOrWithin(d, out) {
			return &InputError{fmt.Errorf("--out %s would replace its own input %s; give another --out", out, d)}
		}
		if sameOrWithin(out, d) {
			return &InputError{fmt.Errorf("--out %s is inside its input %s, a result folder that a run replaces whole; give a folder of its own", out, d)}
		}
	}
	return nil
}

// sameOrWithin reports whether path is folder or inside it, comparing
// cleaned absolute paths with symbolic links resolved, and the files
// themselves (os.SameFile) for the folder.
func sameOrWithin(path, folder string) bool {
	fs, ferr := os.Stat(folder)
	for p := canonical(path); ; {
		if ps, err := os.Stat(p); err == nil && ferr == nil && os.SameFile(ps, fs) {
			return true
		}
		if p == canonical(folder) {
			return true
		}
		up := filepath.Dir(p)
		if up == p {
			return false
		}
		p = up
	}
}

// canonical is path made absolute and clean, with symbolic links resolved
// as far as it exists.
func canonical(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.Clean(path)
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	// Resolve the part that exists and keep the rest.
	dir, rest := filepath.Dir(abs), filepath.Base(abs)
	if dir == abs {
		return abs
	}
	return filepath.Join(canonical(dir), rest)
}

// intoFolder fills a new result folder at dest through fill and moves it
// into place when fill succeeds, returning where it went. On an error, or
// a panic on the way up, nothing is left behind.
func intoFolder(dest string, spec output.Spec, fill func(dir string) error) (string, error) {
	folder, err := output.NewFolder(dest, spec)
	if err != nil {
		return dest, &InputError{err}
	}
	done := false
	defer func() {
		if !done {
			folder.Abort()
		}
	}()
	if err := fill(folder.Dir); err != nil {
		return dest, err
	}
	if err := folder.Commit(); err != nil {
		return dest, err
	}
	done = true
	return folder.Dest(), nil
}

// readRuns reads the result folders dirs; regions, if any, replace each
// run's focus (and are refused, with a suggestion, where a run has no
// region of that name).
func readRuns(ctx context.Context, dirs []string, regions []string) ([]*chart.Run, error) {
	var runs []*chart.Run
	for _, d := range dirs {
		if err := stopped(ctx); err != nil {
			return nil, err
		}
		var bad error
		keep := func(s *chart.Summary) []string {
			if len(regions) > 0 {
				if bad = CheckRegions(s, regions, d); bad == nil {
					s.Focus = regions
				}
			}
			return chart.Keep(s)
		}
		r, err := readResult(d, keep)
		if err == nil {
			err = bad
		}
		if err != nil {
			return nil, err
		}
		if len(regions) > 0 {
			r.Scenario.Focus = regions
		}
		runs = append(runs, r)
	}
	return runs, nil
}

func joinNames(runs []*chart.Run) string {
	var names []string
	for _, r := range runs {
		names = append(names, r.Name)
	}
	return strings.Join(names, "-vs-")
}

// Report writes the briefing of finished runs to file (by default
// DIR/report.html for one run, results/report-<names>.html for several;
// an existing folder means FOLDER/report.html), through a temporary file
// beside it renamed into place. It overwrites only an earlier briefing
// (a file that starts with report.Marker, or a report.html inside a
// result folder), and writes no other file inside an input folder.
//
// regions, if given (--region), replace the runs' focus: the briefing and
// its charts lead with them.
func Report(ctx context.Context, dirs []string, file string, regions ...string) (string, error) {
	return ReportInterest(ctx, dirs, file, regions, nil)
}

// ReportInterest is Report whose briefing also gives, after its key
// table, the figures of the regions of interest (an experiment's
// regions:) without leading with them.
func ReportInterest(ctx context.Context, dirs []string, file string, regions, interest []string) (string, error) {
	runs, err := readRuns(ctx, dirs, regions)
	if err != nil {
		return "", err
	}
	if file == "" {
		if len(runs) == 1 {
			file = filepath.Join(dirs[0], "report.html")
		} else {
			file = filepath.Join("results", "report-"+joinNames(runs)+".html")
		}
	}
	if file, err = reportFile(file, dirs); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp("", "ektpsim-report-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	var charts [][]chart.Chart
	var chartDirs []string
	for i, r := range runs {
		if err := stopped(ctx); err != nil {
			return "", err
		}
		// The charts run or plot drew are used as they are; only a
		// folder that lacks some (run --no-plots, or drawn before
		// plots/index.json) has them drawn again, into a temporary folder.
		d := filepath.Join(dirs[i], "plots")
		cs, ok := readIndex(d)
		if !ok || len(regions) > 0 {
			d = filepath.Join(tmp, fmt.Sprint(i))
			var err error
			cs, err = chart.DrawContext(ctx, r, d)
			if err = stoppedOr2(ctx, err); err != nil {
				return "", err
			}
		}
		charts, chartDirs = append(charts, cs), append(chartDirs, d)
	}
	var compare []chart.Chart
	compareDir := filepath.Join(tmp, "compare")
	if len(runs) > 1 {
		compare, err = chart.CompareContext(ctx, runs, compareDir)
		if err = stoppedOr2(ctx, err); err != nil {
			return "", err
		}
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o777); err != nil {
		return "", err
	}
	// The part file is beside the destination (so the rename is atomic),
	// hidden, unique, and removed on every way out but success (or by a
	// later report to the same file, after a kill -9).
	f, err := output.TempFile(file)
	if err != nil {
		return "", err
	}
	part := f.Name()
	renamed := false
	defer func() {
		if !renamed {
			os.Remove(part)
		}
	}()
	err = stopped(ctx)
	if err == nil {
		err = report.Write(f, runs, charts, chartDirs, compare, compareDir, interest...)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = stopped(ctx)
	}
	if err != nil {
		return "", err
	}
	if err := os.Rename(part, file); err != nil {
		return "", err
	}
	renamed = true
	return file, nil
}

// reportFile checks where a briefing may be written, before any work: an
// existing folder means FOLDER/report.html; an existing file is replaced
// only if it is an earlier briefing; inside an input folder only
// report.html may be written.
func reportFile(file string, dirs []string) (string, error) {
	if st, err := os.Stat(file); err == nil && st.IsDir() || strings.HasSuffix(file, "/") {
		file = filepath.Join(file, "report.html")
	}
	file = filepath.Clean(file)
	for _, d := range dirs {
		if sameOrWithin(file, d) && !(filepath.Base(file) == "report.html" && canonical(filepath.Dir(file)) == canonical(d)) {
			return "", &InputError{fmt.Errorf("--out %s would write inside the input folder %s, where only %s is a briefing; give a file outside it or %s",
				file, d, filepath.Join(d, "report.html"), filepath.Join(d, "report.html"))}
		}
	}
	st, err := os.Lstat(file)
	if errors.Is(err, os.ErrNotExist) {
		return file, nil
	}
	if err != nil {
		return "", &InputError{err}
	}
	if !st.Mode().IsRegular() {
		return "", &InputError{fmt.Errorf("--out %s exists and is not a regular file; give a new file name, e.g. --out briefing.html", file)}
	}
	if isBriefing(file) {
		return file, nil
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(file), output.Marker)); err == nil && filepath.Base(file) == "report.html" {
		return file, nil // the briefing of a result folder, written before briefings had a marker
	}
	return "", &InputError{fmt.Errorf("--out %s exists and is not an ektpsim briefing; it is left alone: give a new file name or move it", file)}
}

// isBriefing reports whether file starts with report.Marker, or as the
// briefings of earlier versions, without it, did.
func isBriefing(file string) bool {
	f, err := os.Open(file)
	if err != nil {
		return false
	}
	defer f.Close()
	b := make([]byte, 512)
	n, _ := io.ReadFull(f, b)
	head := string(b[:n])
	const old = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	return strings.HasPrefix(head, report.Marker) || strings.HasPrefix(head, old) && strings.Contains(head, "<title>e-KTP printing: ")
}

// indexFile lists the charts of a plots/ folder with their captions.
const indexFile = "index.json"

// writeIndex writes plots/index.json: the charts drawn, in reading order.
func writeIndex(plots string, charts []chart.Chart) error {
	type entry struct {
		File    string `json:"file"`
		Caption string `json:"caption"`
	}
	es := make([]entry, len(charts))
	for i, c := range charts {
		es[i] = entry{c.File, c.Caption}
	}
	data, err := json.MarshalIndent(es, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(plots, indexFile), append(data, '\n'), 0o666)
}

// readIndex reads plots/index.json, and reports whether it lists charts
// whose PNG files are all there.
func readIndex(plots string) ([]chart.Chart, bool) {
	data, err := os.ReadFile(filepath.Join(plots, indexFile))
	if err != nil {
		return nil, false
	}
	var es []struct{ File, Caption string }
	if json.Unmarshal(data, &es) != nil || len(es) == 0 {
		return nil, false
	}
	var cs []chart.Chart
	for _, e := range es {
		if e.File == "" || e.File != filepath.Base(e.File) {
			return nil, false
		}
		if st, err := os.Stat(filepath.Join(plots, e.File+".png")); err != nil || !st.Mode().IsRegular() {
			return nil, false
		}
		cs = append(cs, chart.Chart{File: e.File, Caption: e.Caption})
	}
	return cs, true
}

// PairingProblem says why the runs in dirs cannot be compared replication
// by replication (compare then writes no paired.csv), or "" if they can.
// It reads only their summary.json.
func PairingProblem(dirs []string) string {
	var runs []*schema.Run
	for _, d := range dirs {
		data, err := os.ReadFile(filepath.Join(d, "summary.json"))
		if err != nil {
			return ""
		}
		s, err := schema.ParseSummary(data)
		if err != nil {
			return ""
		}
		r := &schema.Run{Dir: d, Name: s.Scenario, Summary: s}
		if _, err := os.Stat(filepath.Join(d, "replications.csv")); err == nil {
			r.Replications = map[string][]float64{}
		}
		runs = append(runs, r)
	}
	if len(runs) < 2 {
		return ""
	}
	return schema.PairingProblem(runs)
}

// Headline is the one-line account of a run's figures for a region (""
// for the nation), from its summary (means over replications): cards
// printed, the backlog at the end and its peak.
func Headline(s *schema.Summary, region string) string {
	num := func(key string) string {
		v, ok := s.Number(region, key)
		if !ok {
			return "?"
		}
		return schema.Thousands(int64(math.Round(v)))
	}
	peak := s.Text(region, schema.PeakDate)
	if peak == "" {
		peak = "no day"
	}
	return fmt.Sprintf("printed %s cards; backlog at the end %s (peak %s on %s)",
		num(schema.PrintedTotal), num(schema.BacklogEnd), num(schema.PeakBacklog), peak)
}

// CheckRegions refuses region names (--region) that are not regions of
// the run whose summary is s, suggesting the closest.
func CheckRegions(s *schema.Summary, names []string, where string) error {
	for _, n := range names {
		if _, ok := s.Regions[n]; ok {
			continue
		}
		var all []string
		for r := range s.Regions {
			all = append(all, r)
		}
		sort.Strings(all)
		msg := fmt.Sprintf("--region %q: %s has no region of that name", n, where)
		if c := closestName(n, all); c != "" {
			msg += fmt.Sprintf("; did you mean %q?", c)
		}
		return &InputError{errors.New(msg)}
	}
	return nil
}

// closestName is the name of names closest to s by edit distance, if
// within a third of its length (and 3 edits).
func closestName(s string, names []string) string {
	best, bestD := "", min(3, len(s)/3)+1
	for _, n := range names {
		if d := scenario.EditDistance(strings.ToLower(s), strings.ToLower(n)); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}
