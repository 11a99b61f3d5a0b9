package output

import (
	"bufio"
	"io"
	"math"
	"strconv"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/results"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// ReplicationColumns are the columns of replications.csv: the nation's
// headline figures (results.Headlines) of every replication, which compare
// pairs up between runs of the same seed (common random numbers).
func ReplicationColumns() []string {
	cols := []string{"replication"}
	for _, f := range results.Headlines() {
		cols = append(cols, f.Key)
	}
	return cols
}

// WriteReplications writes replications.csv, one row per replication in
// order. Dates are written as dates, empty when there is none.
func WriteReplications(w io.Writer, sc *scenario.Scenario, reps []*model.Result) error {
	bw := bufio.NewWriter(w)
	for i, c := range ReplicationColumns() {
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString(c)
	}
	bw.WriteByte('\n')
	figs := results.Headlines()
	var b []byte
	for i, r := range reps {
		b = strconv.AppendInt(b[:0], int64(i), 10)
		for _, g := range figs {
			v := g.Value(&r.Nation)
			b = append(b, ',')
			switch {
			case g.Format == results.Date:
				if v >= 0 {
					b = append(b, sc.Start.AddDays(int64(v)).String()...)
				}
			case !math.IsNaN(v) && !math.IsInf(v, 0):
				b = strconv.AppendFloat(b, math.Round(v*1000)/1000, 'f', -1, 64)
			}
		}
		b = append(b, '\n')
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	return bw.Flush()
}
