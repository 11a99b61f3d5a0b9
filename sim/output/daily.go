package output

import (
	"bufio"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// DailyColumns are the columns of daily.csv: the fixed ones of CLI.md,
// then in_verification, the day's certificate renewals, the lost
// printer-hours by cause, the day's central intake, and (nation's rows only)
// the records the central server holds and the national blank store.
var DailyColumns = []string{
	"date", "region", "recorded", "unsent", "awaiting_intake", "duplicates_pending",
	"print_ready", "printed", "printed_cum", "blanks", "ribbon_cards", "renewals_cum",
	"print_hours", "lost_hours",
	"in_verification", "renewals",
	"lost_centre_hours", "lost_network_hours", "lost_power_hours", "lost_application_hours",
	"lost_blanks_hours", "lost_ribbon_hours", "lost_breakdown_hours",
	"intake", "central_stored", "national_blanks",
}

// Daily writes daily.csv as the run goes: for each day the nation's row
// (region ALL) and then every region's. It implements model.Observer.
type Daily struct {
	w     *bufio.Writer
	names []string
	buf   []byte
	alloc bool // h17: rows end with AllocationColumns (allocations.go)
}

// NewDaily writes the header to w and returns a writer for the regions
// named, in scenario order.
func NewDaily(w io.Writer, regions []string) (*Daily, error) {
	return newDaily(w, regions, false)
}

func newDaily(w io.Writer, regions []string, alloc bool) (*Daily, error) {
	d := &Daily{w: bufio.NewWriterSize(w, 1<<16), names: regions, alloc: alloc}
	cols := DailyColumns
	if alloc {
		cols = append(slices.Clone(cols), AllocationColumns...)
	}
	for i, c := range cols {
		if i > 0 {
			d.w.WriteByte(',')
		}
		d.w.WriteString(c)
	}
	_, err := d.w.WriteString("\n")
	return d, err
}

// Day writes one day's rows.
func (d *Daily) Day(date scenario.Date, nation *model.DayRow, regions []model.DayRow) error {
	ds := date.String()
	d.row(ds, "ALL", nation)
	for i := range regions {
		d.row(ds, d.names[i], &regions[i])
	}
	_, err := d.w.Write(d.buf)
	d.buf = d.buf[:0]
	return err
}

// Flush writes out what is buffered.
func (d *Daily) Flush() error { return d.w.Flush() }

func (d *Daily) row(date, name string, r *model.DayRow) {
	b := append(d.buf, date...)
	b = append(b, ',')
	b = appendCSVField(b, name)
	for _, v := range []int64{r.Recorded, r.Unsent, r.AwaitingIntake, r.DuplicatesPending, r.PrintReady, r.Printed, r.PrintedCum} {
		b = append(b, ',')
		b = strconv.AppendInt(b, v, 10)
	}
	for _, v := range []int64{r.Blanks, r.RibbonCards} {
		b = append(b, ',')
		if v != model.Unlimited {
			b = strconv.AppendInt(b, v, 10)
		}
	}
	b = append(b, ',')
	b = strconv.AppendInt(b, r.RenewalsCum, 10)
	b = append(b, ',')
	b = appendHours(b, r.PrintHours)
	b = append(b, ',')
	b = appendHours(b, r.LostHours())
	b = append(b, ',')
	b = strconv.AppendInt(b, r.InVerification, 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, r.Renewals, 10)
	for c := model.Cause(0); c < model.NumCauses; c++ {
		b = append(b, ',')
		b = appendHours(b, r.Lost[c])
	}
	b = append(b, ',')
	b = strconv.AppendInt(b, r.Intake, 10)
	for _, v := range []int64{r.CentralStored, r.NationalBlanks} {
		b = append(b, ',')
		if v != model.Unlimited {
			b = strconv.AppendInt(b, v, 10)
		}
	}
	if d.alloc {
		b = append(b, ',')
		b = strconv.AppendInt(b, r.Allocated, 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, r.InTransit, 10)
	}
	d.buf = append(b, '\n')
}

// appendHours writes hours with at most 3 decimals (a few seconds), which
// hides floating-point noise without losing anything a planner reads.
func appendHours(b []byte, h float64) []byte {
	// Most hours are none or whole (a day's office hours): written as
	// integers they read the same and cost a fifth as much.
	if h == math.Trunc(h) && math.Abs(h) < 1<<53 {
		return strconv.AppendInt(b, int64(h), 10)
	}
	b = strconv.AppendFloat(b, h, 'f', 3, 64)
	for b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	if b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	return b
}

// appendCSVField appends a text field, made safe for spreadsheets
// (SafeCell) and quoted when it holds a comma, a quote or a line break.
func appendCSVField(b []byte, s string) []byte {
	s = SafeCell(s)
	quote := false
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == ',' || c == '"' || c == '\n' || c == '\r' {
			quote = true
		}
	}
	if !quote {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}
