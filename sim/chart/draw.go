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

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
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

// Draw draws every chart of run r into dir (PNG and SVG of each) and
// returns them in reading order.
func Draw(r *Run, dir string) ([]Chart, error) { return DrawContext(context.Background(), r, dir) }

// DrawContext is Draw that stops between charts once ctx is cancelled,
// returning ctx's error (and leaving dir to the caller to remove).
func DrawContext(ctx context.Context, r *Run, dir string) ([]Chart, error) {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, err
	}
	var out []Chart
	var jobs []func() error
	legends := map[*plot.Plot]*plot.Legend{}
	// Charts are laid out here, in order, and encoded afterwards in
	// parallel: encoding (PNG compression above all) is most of the cost,
	// and each chart's plots are its own.
	save := func(file, caption string, rows [][]*plot.Plot, w, h vg.Length) error {
		jobs = append(jobs, func() error {
			if err := saveGrid(filepath.Join(dir, file), rows, legends, w, h); err != nil {
				return fmt.Errorf("chart %s: %w", file, err)
			}
			return nil
		})
		out = append(out, Chart{file, caption})
		return nil
	}
	bp, err := backlogChart(r)
	if err != nil {
		return nil, err
	}
	peak, _ := r.Summary.Number("", "peak_backlog")
	side := bp.Legend
	bp.Legend = plot.NewLegend()
	legends[bp] = &side
	if err := save("backlog", fmt.Sprintf("The nation's backlog by stage, day by day; it peaks at %s on %s. Dashed lines mark the scenario's server changes and national blank deliveries.",
		Short(peak), longDate(r.Summary.Text("", "peak_backlog_date"))), [][]*plot.Plot{{bp}}, 24*vg.Centimeter, 12*vg.Centimeter); err != nil {
		return nil, err
	}
	if b, err := bandChart(r, "backlog", "backlog"); err != nil {
		return nil, err
	} else if b != nil {
		if err := save("backlog_bands", fmt.Sprintf("The nation's backlog over %d replications: the line is the mean, the band holds 90%% of replications.", r.Summary.Replications),
			[][]*plot.Plot{{b}}, 24*vg.Centimeter, 11*vg.Centimeter); err != nil {
			return nil, err
		}
	}
	pp, err := printingCharts(r)
	if err != nil {
		return nil, err
	}
	if err := save("printing", "Cards printed against records made: above, a day (7-day means); below, since the start. The gap between the lines is the backlog growing.",
		[][]*plot.Plot{{pp[0]}, {pp[1]}}, 24*vg.Centimeter, 16*vg.Centimeter); err != nil {
		return nil, err
	}
	lp, err := lostChart(r)
	if err != nil {
		return nil, err
	}
	if err := save("lost_hours", "Printer-hours lost each month, by cause: what stopped printers that had work to do.",
		[][]*plot.Plot{{lp}}, 24*vg.Centimeter, 11*vg.Centimeter); err != nil {
		return nil, err
	}
	names := StockRegions(&r.Summary, maxStockPanels)
	if sp, err := stockCharts(r, names); err != nil {
		return nil, err
	} else if len(sp) > 0 {
		const cols = 3
		var rows [][]*plot.Plot
		for i := 0; i < len(sp); i += cols {
			row := sp[i:min(i+cols, len(sp))]
			for len(row) < cols {
				row = append(row, nil)
			}
			rows = append(rows, row)
		}
		if err := save("stocks", fmt.Sprintf("Blank stock of the %d regions with the most stock-out days (shaded: no blanks while records were print-ready).", len(sp)),
			rows, 24*vg.Centimeter, vg.Length(len(rows))*5.5*vg.Centimeter); err != nil {
			return nil, err
		}
	}
	if rp, err := rankChart(r, 25); err != nil {
		return nil, err
	} else if rp != nil {
		n := min(25, len(r.Summary.Regions))
		if err := save("regions", "The regions with the largest backlog at the end of the run, with the day their backlog cleared where it did.",
			[][]*plot.Plot{{rp}}, 24*vg.Centimeter, vg.Length(4+0.55*float64(n))*vg.Centimeter); err != nil {
			return nil, err
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

// legendWidth is the room a legend drawn beside its plot takes.
const legendWidth = 6.2 * vg.Centimeter

// saveGrid draws rows of plots, aligned, to base.png and base.svg. A nil
// plot leaves its tile empty. A plot with an entry in legends has that
// legend drawn to its right, outside the data, which is kept clear for
// event labels.
func saveGrid(base string, rows [][]*plot.Plot, legends map[*plot.Plot]*plot.Legend, w, h vg.Length) error {
	for _, ext := range []string{".png", ".svg"} {
		var canvas vg.CanvasWriterTo
		if ext == ".png" {
			canvas = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi))}
		} else {
			canvas = vgsvg.New(w, h)
		}
		dc := draw.New(canvas)
		white(dc)
		tiles := draw.Tiles{Rows: len(rows), Cols: len(rows[0]), PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 4,
			PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 4}
		if leg, ok := legends[rows[0][0]]; ok && len(rows) == 1 && len(rows[0]) == 1 {
			plotArea := draw.Crop(dc, 0, -legendWidth, 0, 0)
			rows[0][0].Draw(draw.Crop(plotArea, vg.Millimeter*2, -vg.Millimeter*2, vg.Millimeter*2, -vg.Millimeter*2))
			legArea := draw.Crop(dc, w-legendWidth, 0, 0, -vg.Centimeter)
			leg.Top, leg.Left = true, true
			leg.Draw(legArea)
		} else {
			canvases := plot.Align(rows, tiles, dc)
			for i, row := range rows {
				for j, p := range row {
					if p != nil {
						p.Draw(canvases[i][j])
					}
				}
			}
		}
		if err := writeFile(base+ext, canvas); err != nil {
			return err
		}
	}
	return nil
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
