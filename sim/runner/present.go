package runner

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ektpsim/ektpsim/sim/chart"
	"github.com/ektpsim/ektpsim/sim/output"
	"github.com/ektpsim/ektpsim/sim/report"
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
	if _, err := readResult(dir, nil); err != nil {
		return nil, err
	}
	return DrawCharts(dir)
}

// Compare overlays finished runs into the folder out (by default
// results/compare-<name>-<name>...), written whole or not at all.
func Compare(ctx context.Context, dirs []string, out string) (string, []chart.Chart, error) {
	runs, err := readRuns(dirs)
	if err != nil {
		return "", nil, err
	}
	if out == "" {
		out = filepath.Join("results", "compare-"+joinNames(runs))
	}
	var charts []chart.Chart
	err = intoFolder(out, func(dir string) (err error) {
		charts, err = chart.Compare(runs, dir)
		return err
	})
	return out, charts, err
}

// intoFolder fills a new result folder at dest through fill and moves it
// into place when fill succeeds. On an error, or a panic on the way up,
// nothing is left behind.
func intoFolder(dest string, fill func(dir string) error) error {
	folder, err := output.NewFolder(dest)
	if err != nil {
		return &InputError{err}
	}
	done := false
	defer func() {
		if !done {
			folder.Abort()
		}
	}()
	if err := fill(folder.Dir); err != nil {
		return err
	}
	if err := folder.Commit(); err != nil {
		return err
	}
	done = true
	return nil
}

func readRuns(dirs []string) ([]*chart.Run, error) {
	var runs []*chart.Run
	for _, d := range dirs {
		r, err := readResult(d, chart.Keep)
		if err != nil {
			return nil, err
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
// DIR/report.html for one run, results/report-<names>.html for several),
// through a temporary file renamed into place.
func Report(ctx context.Context, dirs []string, file string) (string, error) {
	runs, err := readRuns(dirs)
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
	tmp, err := os.MkdirTemp("", "ektpsim-report-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	var charts [][]chart.Chart
	var chartDirs []string
	for i, r := range runs {
		d := filepath.Join(tmp, fmt.Sprint(i))
		cs, err := chart.Draw(r, d)
		if err != nil {
			return "", err
		}
		charts, chartDirs = append(charts, cs), append(chartDirs, d)
	}
	var compare []chart.Chart
	compareDir := filepath.Join(tmp, "compare")
	if len(runs) > 1 {
		if compare, err = chart.Compare(runs, compareDir); err != nil {
			return "", err
		}
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return "", err
	}
	part := file + ".part"
	f, err := os.Create(part)
	if err != nil {
		return "", err
	}
	err = report.Write(f, runs, charts, chartDirs, compare, compareDir)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(part)
		return "", err
	}
	return file, os.Rename(part, file)
}
