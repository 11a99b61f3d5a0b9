package runner

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/scenario"
	"github.com/ektpsim/ektpsim/sim/snapshot"
)

// snapshotDays parses the --snapshot values (dates, each one or a comma
// list) into day indexes of sc's run; a date must be a day of the run
// before its last, so that the snapshot has a day to start on.
func snapshotDays(sc *scenario.Scenario, values []string) (map[int]scenario.Date, error) {
	if len(values) == 0 {
		return nil, nil
	}
	days := map[int]scenario.Date{}
	for _, v := range values {
		for _, s := range strings.Split(v, ",") {
			s = strings.TrimSpace(s)
			d, err := scenario.ParseDate(s)
			if err != nil {
				return nil, &InputError{fmt.Errorf("--snapshot %s: %v", s, err)}
			}
			if d.Days() < sc.Start.Days() || d.Days() >= sc.End.Days() {
				return nil, &InputError{fmt.Errorf("--snapshot %s: not a day of the run before its last (%s to %s); the snapshot is the state at 24:00 and starts the next day", s, sc.Start, sc.End.AddDays(-1))}
			}
			days[int(d.Days()-sc.Start.Days())] = d
		}
	}
	return days, nil
}

// snapshotFiles are the files the snapshots of days are written to, in
// date order.
func snapshotFiles(days map[int]scenario.Date) []string {
	var out []string
	for _, d := range days {
		out = append(out, snapshot.FileName(d))
	}
	slices.Sort(out)
	return out
}

// snapshotter wraps a DayDone hook: at the end of each day of days it
// writes the state of *m as snapshot-DATE.yaml into dir, setting *failed
// on the first error.
func snapshotter(dir string, sc *scenario.Scenario, days map[int]scenario.Date, m **model.Model, failed *error, next func(int)) func(int) {
	return func(d int) {
		next(d)
		date, ok := days[d]
		if !ok || *failed != nil {
			return
		}
		snap := snapshot.FromState(sc, (*m).State())
		text, err := snapshot.Marshal(snap, sc.Name, sc.Replications)
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, snapshot.FileName(date)), text, 0o666)
		}
		if err != nil {
			*failed = fmt.Errorf("snapshot of %s: %w", date, err)
		}
	}
}
