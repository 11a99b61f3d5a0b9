package output

import (
	"bufio"
	"io"
	"math"
	"strconv"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// ReplicationColumns are the columns of replications.csv: the nation's
// headline figures of every replication, which compare pairs up between
// runs of the same seed (common random numbers).
func ReplicationColumns() []string {
	return []string{"replication", "printed_total", "backlog_end", "peak_backlog", "peak_backlog_date",
		"blanks_stockout_days", "mean_wait_days", "p95_wait_days", "clear_date", "renewals_total", "lost_hours"}
}

// WriteReplications writes replications.csv, one row per replication in
// order. Dates are written as dates, empty when there is none.
func WriteReplications(w io.Writer, sc *scenario.Scenario, results []*model.Result) error {
	bw := bufio.NewWriter(w)
	for i, c := range ReplicationColumns() {
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString(c)
	}
	bw.WriteByte('\n')
	var b []byte
	for i, r := range results {
		f := r.Nation
		b = strconv.AppendInt(b[:0], int64(i), 10)
		num := func(v float64) {
			b = append(b, ',')
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				b = strconv.AppendFloat(b, math.Round(v*1000)/1000, 'f', -1, 64)
			}
		}
		date := func(d int) {
			b = append(b, ',')
			if d >= 0 {
				b = append(b, sc.Start.AddDays(int64(d)).String()...)
			}
		}
		num(float64(f.PrintedTotal))
		num(float64(f.BacklogEnd))
		num(float64(f.PeakBacklog))
		date(f.PeakDay)
		num(float64(f.StockoutDays))
		num(f.MeanWait)
		num(f.P95Wait)
		date(f.ClearDay)
		num(float64(f.RenewalsTotal))
		num(f.LostHours)
		b = append(b, '\n')
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	return bw.Flush()
}
