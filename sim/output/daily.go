package output

import (
	"bufio"
	"io"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/results"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// DailyColumns are the columns of daily.csv: date, region, then the
// keys of results.Daily.
func DailyColumns() []string { return append([]string{"date", "region"}, results.DailyKeys()...) }

// Daily writes daily.csv as the run goes: for each day the nation's row
// (region ALL) and then every region's. It implements model.Observer.
type Daily struct {
	w       *bufio.Writer
	names   []string
	metrics []results.Metric
	buf     []byte
}

// NewDaily writes the header to w and returns a writer for the regions
// named, in scenario order.
func NewDaily(w io.Writer, regions []string) (*Daily, error) {
	return newDaily(w, regions, results.Daily())
}

// newDaily is NewDaily with the daily metrics ms (results.DailyFor).
func newDaily(w io.Writer, regions []string, ms []results.Metric) (*Daily, error) {
	d := &Daily{w: bufio.NewWriterSize(w, 1<<16), names: regions, metrics: ms}
	for i, c := range append([]string{"date", "region"}, keys(ms)...) {
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
	for _, m := range d.metrics {
		b = append(b, ',')
		b = appendValue(b, m.Kind, m.Value(r))
	}
	d.buf = append(b, '\n')
}

// appendValue writes a daily value as daily.csv holds it
// (results.AppendValue).
func appendValue(b []byte, k results.Kind, v float64) []byte { return results.AppendValue(b, k, v) }

// appendHours writes hours with at most 3 decimals (results.AppendHours).
func appendHours(b []byte, h float64) []byte { return results.AppendHours(b, h) }

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
