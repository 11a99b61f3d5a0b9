package runner

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/ektpsim/ektpsim/sim/output"
	"github.com/ektpsim/ektpsim/sim/scenario"
	"github.com/ektpsim/ektpsim/sim/snapshot"
)

// SnapshotConfig is what `ektpsim snapshot` was asked to do.
type SnapshotConfig struct {
	CSV  string // the observed figures
	Base string // the base scenario: a file or a shipped name
	Date string // the day the figures were observed, the new start
	Out  string // the file to write; "" is <base name>-observed-<date>.yaml
	// Force replaces an existing snapshot file that differs from this one.
	Force bool
}

// SnapshotOutcome is what Snapshot wrote.
type SnapshotOutcome struct {
	File     string
	Scenario *scenario.Scenario
	// Unobserved are the regions the CSV has no row for: they start as
	// the base does at its own start, which a planner should know.
	Unobserved []string
	BaseStart  scenario.Date
}

// Snapshot builds the scenario that starts on cfg.Date from the observed
// figures of cfg.CSV over the base scenario, checks that it loads, and
// writes it to cfg.Out (whole or not at all).
func Snapshot(cfg SnapshotConfig) (*SnapshotOutcome, error) {
	file, sc, base, obs, err := snapshotWrite(cfg)
	if err != nil {
		return nil, err
	}
	o := &SnapshotOutcome{File: file, Scenario: sc, BaseStart: base.Start}
	seen := make([]bool, len(base.Regions))
	for _, ob := range obs {
		seen[ob.Region] = true
	}
	for i, r := range base.Regions {
		if !seen[i] {
			o.Unobserved = append(o.Unobserved, r.Name)
		}
	}
	return o, nil
}

// snapshotWrite is Snapshot's work; it also returns the base scenario and
// the observed rows.
func snapshotWrite(cfg SnapshotConfig) (string, *scenario.Scenario, *scenario.Scenario, []snapshot.Observed, error) {
	date, err := scenario.ParseDate(cfg.Date)
	if err != nil {
		return "", nil, nil, nil, &InputError{fmt.Errorf("--date %s: %v", cfg.Date, err)}
	}
	base, err := Load(Config{Scenario: cfg.Base})
	if err != nil {
		return "", nil, nil, nil, err
	}
	if date.Days() > base.End.Days() {
		return "", nil, nil, nil, &InputError{fmt.Errorf("--date %s is after the end of %s, %s", date, base.Name, base.End)}
	}
	if date.Days() < base.Start.Days() {
		return "", nil, nil, nil, &InputError{fmt.Errorf("--date %s is before the start of %s, %s: the observed figures start a scenario within the base's period", date, base.Name, base.Start)}
	}
	data, err := os.ReadFile(cfg.CSV)
	if err != nil {
		return "", nil, nil, nil, &InputError{fmt.Errorf("--from-csv %s: %v", cfg.CSV, errors.Unwrap(err))}
	}
	obs, err := snapshot.ReadObserved(cfg.CSV, data, base)
	if err != nil {
		return "", nil, nil, nil, &InputError{err}
	}
	sc, err := snapshot.FromObserved(base, obs, date)
	if err != nil {
		return "", nil, nil, nil, &InputError{err}
	}
	text, err := snapshot.MarshalObserved(sc, filepath.Base(cfg.CSV), base.Name)
	if err != nil {
		return "", nil, nil, nil, err
	}
	out := cfg.Out
	if out == "" {
		out = sc.Name + ".yaml"
	}
	if old, err := os.ReadFile(out); err == nil && !bytes.HasPrefix(old, []byte(snapshot.Header)) {
		return "", nil, nil, nil, &InputError{fmt.Errorf("--out %s: the file exists and is not a snapshot by ektpsim; give another --out", out)}
	} else if err == nil && !bytes.Equal(old, text) && !cfg.Force {
		// A snapshot may have been edited by hand: it goes only when told.
		return "", nil, nil, nil, &InputError{fmt.Errorf("--out %s: the file exists and holds another snapshot (or one edited by hand); give --force to replace it, or another --out", out)}
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", nil, nil, nil, &InputError{fmt.Errorf("--out %s: %v", out, errors.Unwrap(err))}
	}
	if st, err := os.Stat(filepath.Dir(out)); err != nil || !st.IsDir() {
		return "", nil, nil, nil, &InputError{fmt.Errorf("--out %s: the folder %s does not exist; create it or give another --out", out, filepath.Dir(out))}
	}
	tmp, err := output.TempFile(out)
	if err != nil {
		return "", nil, nil, nil, err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(text)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", nil, nil, nil, err
	}
	// What is written must load: checked before it takes the name.
	loaded, err := scenario.Load(tmp.Name(), scenario.Options{})
	if err != nil {
		return "", nil, nil, nil, fmt.Errorf("the snapshot does not load (a bug): %w", err)
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return "", nil, nil, nil, err
	}
	return out, loaded, base, obs, nil
}
