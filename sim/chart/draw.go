package chart

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Chart is one drawn chart: its file name without extension (under
// plots/) and a one-line caption saying what it shows.
type Chart struct {
	File    string
	Caption string
}

// dpi of the PNG files: sharp on a screen and in print.
const dpi = 150

// Keep says which regions' columns Draw needs: those it may draw as small
// multiples of stock.
func Keep(s *Summary) []string { return StockRegions(s, maxStockPanels) }

const maxStockPanels = 12

// Draw draws every chart of run r into dir (PNG and SVG of each, and a
// phone-sized PNG of each under dir/phone) and returns them in reading
// order.
func Draw(r *Run, dir string) ([]Chart, error) { return DrawContext(context.Background(), r, dir) }

// DrawContext is Draw that stops between charts once ctx is cancelled,
// returning ctx's error (and leaving dir to the caller to remove).
func DrawContext(ctx context.Context, r *Run, dir string) ([]Chart, error) {
	return drawAll(ctx, dir, func(m medium) ([]*figure, error) { return figures(r, m) })
}

// drawAll lays out the figures build makes, for the desktop and for a
// phone, and writes them: desktop PNG and SVG into dir, phone PNG into
// dir/phone. Figures are built here, in order, once for each file, and
// encoded afterwards in parallel, a file a job: encoding (PNG compression
// above all) is most of the cost, and each job's plots are its own, so a
// cancelled context stops the work after at most one file per processor.
func drawAll(ctx context.Context, dir string, build func(medium) ([]*figure, error)) ([]Chart, error) {
	if err := os.MkdirAll(filepath.Join(dir, "phone"), 0o777); err != nil {
		return nil, err
	}
	var out []Chart
	var jobs []func() error
	for _, o := range []struct {
		m   medium
		ext string
	}{{desktop(), ".png"}, {desktop(), ".svg"}, {phone(), ".png"}} {
		figs, err := build(o.m)
		if err != nil {
			return nil, err
		}
		for _, f := range figs {
			file := filepath.Join(dir, f.file+o.ext)
			if o.m.phone {
				file = filepath.Join(dir, "phone", f.file+o.ext)
			} else if o.ext == ".png" {
				out = append(out, Chart{f.file, f.caption})
			}
			jobs = append(jobs, func() error {
				if err := f.save(o.m, file); err != nil {
					return fmt.Errorf("chart %s: %w", f.file, err)
				}
				return nil
			})
		}
	}
	if err := inParallel(ctx, jobs); err != nil {
		return nil, err
	}
	return out, nil
}

// inParallel runs jobs on as many goroutines as there are processors and,
// once all have finished, returns their errors joined in job order. Once
// ctx is cancelled no further job starts, and ctx's error is returned.
func inParallel(ctx context.Context, jobs []func() error) error {
	errs := make([]error, len(jobs))
	next := make(chan int, len(jobs))
	for i := range jobs {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if ctx.Err() != nil {
					return
				}
				errs[i] = jobs[i]()
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return errors.Join(errs...)
}

func longDate(s string) string {
	if s == "" {
		return "no day"
	}
	t, err := parseDate(s)
	if err != nil {
		return s
	}
	return t.Format("2 January 2006")
}

func white(dc draw.Canvas) {
	dc.SetColor(colourWhite)
	var path vg.Path
	r := dc.Rectangle
	path.Move(r.Min)
	path.Line(vg.Point{X: r.Max.X, Y: r.Min.Y})
	path.Line(r.Max)
	path.Line(vg.Point{X: r.Min.X, Y: r.Max.Y})
	path.Close()
	dc.Fill(path)
}

// writeFile writes a canvas to a temporary file and renames it into place,
// so that a chart file is never seen half-written.
func writeFile(file string, c vg.CanvasWriterTo) error {
	tmp := file + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	_, err = c.WriteTo(w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, file)
}
