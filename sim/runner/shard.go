package runner

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/ektpsim/ektpsim/sim/chart"
	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/output"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// Shard is part I of N of a run's replications; the zero Shard (N 0 or 1)
// is the whole run.
type Shard struct{ I, N int }

// ParseShard reads "I/N" (1 <= I <= N); "" is the whole run.
func ParseShard(s string, replications int) (Shard, error) {
	if s == "" {
		return Shard{1, 1}, nil
	}
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return Shard{}, fmt.Errorf("--shard %q: write I/N with 1 <= I <= N, e.g. --shard 2/8", s)
	}
	if n > replications {
		return Shard{}, fmt.Errorf("--shard %s: %d shards for %d replications would leave some empty; use at most %d", s, n, replications, replications)
	}
	return Shard{i, n}, nil
}

// Replications lists the replications of the shard among n: those whose
// index is I-1 modulo N, so that every shard gets a fair mix.
func (s Shard) Replications(n int) []int {
	var out []int
	for i := 0; i < n; i++ {
		if s.N <= 1 || i%s.N == s.I-1 {
			out = append(out, i)
		}
	}
	return out
}

// shardFile holds a shard's results for Merge: a shardHeader, then one
// shardRecord per replication of the shard, in order, each a checksummed
// frame (frames.go). Written and read one replication at a time, so that
// neither a shard nor a merge holds all its replications in memory.
const shardFile = "shard.gob"

// shardMagic opens a shard file; a new format gets a new magic.
const shardMagic = "ektpsim shard 2\n"

type shardHeader struct {
	I, N         int
	Replications int
	Regions      int    // regions of each result
	Days         int    // days of the run
	Metrics      int    // values of a day of the nation's series; 0 with one replication
	Scenario     string // output.ScenarioIdentity of the shard's scenario.yaml
	Daily        string // SHA-256 (hex) of the shard's daily.csv; "" if it has none
}

type shardRecord struct {
	Index  int
	Result *model.Result
	Series []float64 // the nation's days (output.NationSeries values); nil with one replication
}

func writeShard(dir string, sc *scenario.Scenario, resolved []byte, s Shard, rep *replicated) error {
	n := len(rep.results)
	h := shardHeader{I: s.I, N: s.N, Replications: n, Regions: len(sc.Regions), Days: int(sc.End.Days()-sc.Start.Days()) + 1,
		Scenario: output.ScenarioIdentity(resolved)}
	if n > 1 {
		h.Metrics = len(output.BandMetricsFor(sc))
	}
	if f, err := os.Open(filepath.Join(dir, "daily.csv")); err == nil {
		sum := sha256.New()
		_, err = io.Copy(sum, f)
		f.Close()
		if err != nil {
			return err
		}
		h.Daily = hex.EncodeToString(sum.Sum(nil))
	}
	return writeFile(filepath.Join(dir, shardFile), func(w io.Writer) error {
		fw, err := newFrameWriter(w, shardMagic)
		if err != nil {
			return err
		}
		if err := fw.put(h); err != nil {
			return err
		}
		for _, i := range s.Replications(n) {
			res, series, err := rep.full(i)
			if err != nil {
				return err
			}
			if err := fw.put(shardRecord{Index: i, Result: res, Series: series}); err != nil {
				return err
			}
		}
		return nil
	})
}

// checkShardHeader refuses a header that no shard run writes: counts out
// of bounds or inconsistent with each other, or, with want, with the
// shard's scenario.yaml (want.Scenario, Regions, Days, Replications).
func checkShardHeader(h shardHeader, want *shardHeader) error {
	switch {
	case h.Replications < 1 || h.Replications > maxShardReplications:
		return fmt.Errorf("the header claims %d replications, want 1 to %d", h.Replications, maxShardReplications)
	case h.N < 1 || h.N > h.Replications || h.I < 1 || h.I > h.N:
		return fmt.Errorf("the header claims shard %d/%d of %d replications", h.I, h.N, h.Replications)
	case h.Regions < 1 || h.Regions > maxShardRegions:
		return fmt.Errorf("the header claims %d regions, want 1 to %d", h.Regions, maxShardRegions)
	case h.Days < 1 || h.Days > maxShardDays:
		return fmt.Errorf("the header claims %d days, want 1 to %d", h.Days, maxShardDays)
	case h.Replications == 1 && h.Metrics != 0 || h.Replications > 1 && h.Metrics != len(output.BandMetrics()) && h.Metrics != len(output.BandMetrics())+len(output.AllocationColumns()):
		return fmt.Errorf("the header claims %d values a day for %d replications (this ektpsim writes %d, or %d with an allocation)", h.Metrics, h.Replications, len(output.BandMetrics()), len(output.BandMetrics())+len(output.AllocationColumns()))
	}
	if want == nil {
		return nil
	}
	switch {
	case h.Scenario != want.Scenario:
		return fmt.Errorf("the results are of another scenario than the folder's scenario.yaml (hash %s, scenario.yaml %s)", short(h.Scenario), short(want.Scenario))
	case h.Replications != want.Replications:
		return fmt.Errorf("%d replications, its scenario.yaml %d", h.Replications, want.Replications)
	case h.Regions != want.Regions:
		return fmt.Errorf("%d regions, its scenario.yaml %d", h.Regions, want.Regions)
	case h.Days != want.Days:
		return fmt.Errorf("%d days, its scenario.yaml %d", h.Days, want.Days)
	case h.Replications > 1 && h.Metrics != want.Metrics:
		return fmt.Errorf("%d values a day, its scenario.yaml %d", h.Metrics, want.Metrics)
	}
	return nil
}

func short(id string) string {
	if i := strings.LastIndexByte(id, ':'); i >= 0 && len(id) > i+13 {
		return id[i+1 : i+13]
	}
	return id
}

// decodeShard reads a shard file from r: its header, checked (against
// want if given), then, if put is set, every record, checked against the
// header before put sees it. Nothing is allocated before the count or
// length that sizes it is checked; file names the shard in errors.
func decodeShard(r io.Reader, want *shardHeader, put func(shardRecord) error) (shardHeader, error) {
	var h shardHeader
	fr, err := newFrameReader(r, shardMagic)
	if err != nil {
		return h, err
	}
	if err := fr.next(&h, maxHeaderFrame, "the header"); err != nil {
		return h, err
	}
	if err := checkShardHeader(h, want); err != nil {
		return h, err
	}
	if put == nil {
		return h, nil
	}
	due := Shard{h.I, h.N}.Replications(h.Replications)
	series := h.Days * h.Metrics
	// h17: replication 0 carries its allocation waves, at most one a day
	// of well under 256 bytes.
	limit := resultFrameLimit(1, h.Regions, series) + h.Days*256
	for k := 0; ; k++ {
		var rec shardRecord
		what := fmt.Sprintf("record %d", k+1)
		err := fr.next(&rec, limit, what)
		if err == errEnd {
			if k == len(due) {
				return h, nil
			}
			return h, fmt.Errorf("%d of its %d replications", k, len(due))
		}
		if err != nil {
			return h, err
		}
		switch {
		case k >= len(due):
			return h, fmt.Errorf("%s: more replications than the %d of shard %d/%d", what, len(due), h.I, h.N)
		case rec.Index != due[k]:
			return h, fmt.Errorf("%s: replication %d where replication %d of shard %d/%d was due", what, rec.Index, due[k], h.I, h.N)
		case rec.Result == nil:
			return h, fmt.Errorf("%s: no result", what)
		case len(rec.Result.Regions) != h.Regions:
			return h, fmt.Errorf("%s: %d regions, the header %d", what, len(rec.Result.Regions), h.Regions)
		case len(rec.Series) != series:
			return h, fmt.Errorf("%s: %d values of the nation's days, the header %d", what, len(rec.Series), series)
		}
		if err := checkFigures(&rec.Result.Nation, h.Days, what+": the nation"); err != nil {
			return h, err
		}
		for i := range rec.Result.Regions {
			if err := checkFigures(&rec.Result.Regions[i], h.Days, fmt.Sprintf("%s: region %d", what, i+1)); err != nil {
				return h, err
			}
		}
		if err := put(rec); err != nil {
			return h, err
		}
	}
}

// shardWant is what the shard in dir must say of itself, from its
// scenario.yaml.
func shardWant(sc *scenario.Scenario, resolved []byte) *shardHeader {
	return &shardHeader{Replications: int(sc.Replications), Regions: len(sc.Regions), Days: int(sc.End.Days()-sc.Start.Days()) + 1,
		Scenario: output.ScenarioIdentity(resolved), Metrics: len(output.BandMetricsFor(sc))}
}

// openShard reads and checks the header of a shard folder's results.
func openShard(dir string, want *shardHeader) (shardHeader, error) {
	f, err := os.Open(filepath.Join(dir, shardFile))
	if err != nil {
		return shardHeader{}, &InputError{fmt.Errorf("%s is not a shard (no %s; was it run with --shard I/N?)", dir, shardFile)}
	}
	defer f.Close()
	h, err := decodeShard(f, want, nil)
	if err != nil {
		return h, damagedShard(dir, err)
	}
	return h, nil
}

// shardsSeen is the folders of the shards given to a merge, by shard
// number.
type shardsSeen map[int]string

// add notes shard i of n in dir, refusing a shard given twice.
func (seen shardsSeen) add(i, n int, dir string) error {
	if prev, dup := seen[i]; dup {
		return &InputError{fmt.Errorf("shard %d/%d given twice: %s and %s", i, n, prev, dir)}
	}
	seen[i] = dir
	return nil
}

// complete refuses a set of n shards with any missing.
func (seen shardsSeen) complete(n int) error {
	var missing []string
	for i := 1; i <= n; i++ {
		if _, ok := seen[i]; !ok {
			missing = append(missing, fmt.Sprintf("%d/%d", i, n))
		}
	}
	if len(missing) > 0 {
		return &InputError{fmt.Errorf("shards missing: %s", strings.Join(missing, ", "))}
	}
	return nil
}

func damagedShard(dir string, err error) error {
	return &InputError{fmt.Errorf("%s: %w; the shard is cut short or damaged: run it again", filepath.Join(dir, shardFile), err)}
}

// Merge combines the shard folders of one run into out (by default
// results/<scenario name>), writing the same files, byte for byte, as the
// run without shards. It refuses shards of different scenarios or seeds,
// and a set with a shard missing or given twice, and replaces a result of
// another scenario (or sweep) at out only with force. The shards are read
// one replication at a time into the same spools as a run's.
func Merge(ctx context.Context, dirs []string, out string, noPlots, force bool) (string, []chart.Chart, error) {
	if len(dirs) > 0 {
		if _, err := os.Stat(filepath.Join(dirs[0], sweepShardFile)); err == nil {
			dest, err := mergeSweep(ctx, dirs, out, noPlots, force)
			return dest, nil, err
		}
	}
	if len(dirs) == 0 {
		return "", nil, &InputError{fmt.Errorf("merge needs the shard folders to merge")}
	}
	var resolved []byte
	var sc *scenario.Scenario
	var daily, dailySum string
	var first shardHeader
	seen := shardsSeen{}
	for _, dir := range dirs {
		text, err := os.ReadFile(filepath.Join(dir, "scenario.yaml"))
		if err != nil {
			return "", nil, &InputError{fmt.Errorf("%s is not a shard of an ektpsim run: %w", dir, err)}
		}
		if resolved == nil {
			resolved = text
			if sc, err = Load(Config{Scenario: filepath.Join(dir, "scenario.yaml")}); err != nil {
				return "", nil, err
			}
		} else if !bytes.Equal(text, resolved) {
			return "", nil, &InputError{fmt.Errorf("%s and %s are shards of different runs (their scenario.yaml differ: scenario, seed or replications); merge shards of one run only", dirs[0], dir)}
		}
		h, err := openShard(dir, shardWant(sc, resolved))
		if err != nil {
			return "", nil, err
		}
		if first.N == 0 {
			first = h
		}
		if h.N != first.N || h.Replications != first.Replications {
			return "", nil, &InputError{fmt.Errorf("%s is shard %d/%d of %d replications, %s of %d/%d", dir, h.I, h.N, h.Replications, dirs[0], first.I, first.N)}
		}
		if err := seen.add(h.I, h.N, dir); err != nil {
			return "", nil, err
		}
		if slices.Contains(Shard{h.I, h.N}.Replications(h.Replications), 0) {
			daily, dailySum = dir, h.Daily
		}
	}
	if err := seen.complete(first.N); err != nil {
		return "", nil, err
	}
	if out == "" {
		out = filepath.Join("results", sc.Name)
	}
	if err := notAnInput(out, dirs); err != nil {
		return "", nil, err
	}
	var charts []chart.Chart
	unfocused, err := withoutFocus(sc)
	if err != nil {
		return "", nil, err
	}
	// A merge writes what the run would have, marker included: its
	// identity is the scenario's, so a later run of it replaces it
	// silently, and a result of another scenario is replaced only with
	// force (--force).
	out, err = intoFolder(out, output.Spec{Command: "run", Identity: output.ScenarioIdentity(unfocused), Force: force, Owns: runOwns, Guarded: isSnapshotFile,
		What: fmt.Sprintf("a result of a different scenario (its scenario.yaml differs from these shards' %s)", sc.Name)}, func(dir string) (err error) {
		if err := os.WriteFile(filepath.Join(dir, "scenario.yaml"), resolved, 0o666); err != nil {
			return err
		}
		if err := copyDaily(daily, dailySum, filepath.Join(dir, "daily.csv")); err != nil {
			return err
		}
		// The same path as a whole run: results through the spools.
		rep, err := newReplicated(dir, sc, true, 0)
		if err != nil {
			return err
		}
		defer rep.close()
		for _, d := range dirs {
			if err := readShard(ctx, d, shardWant(sc, resolved), rep); err != nil {
				return err
			}
		}
		// Every shard held exactly its replications, and every shard is
		// here: rep has them all.
		if _, err = finish(ctx, dir, sc, rep); err != nil {
			return err
		}
		if !noPlots {
			if charts, err = DrawCharts(ctx, dir); err != nil {
				return err
			}
		}
		return rep.close()
	})
	return out, charts, err
}

// readShard puts the replications of a shard folder into rep.
func readShard(ctx context.Context, dir string, want *shardHeader, rep *replicated) error {
	f, err := os.Open(filepath.Join(dir, shardFile))
	if err != nil {
		return &InputError{fmt.Errorf("%s is not a shard (no %s; was it run with --shard I/N?)", dir, shardFile)}
	}
	defer f.Close()
	_, err = decodeShard(f, want, func(r shardRecord) error {
		if err := stopped(ctx); err != nil {
			return err
		}
		return rep.put(r.Index, r.Result, r.Series)
	})
	if err := stopped(ctx); err != nil {
		return err
	}
	if err != nil {
		return damagedShard(dir, err)
	}
	return nil
}

// copyDaily copies the daily.csv of shard folder dir to file, refusing it
// if its SHA-256 is not sum, the one its shard file recorded.
func copyDaily(dir, sum, to string) error {
	from := filepath.Join(dir, "daily.csv")
	in, err := os.Open(from)
	if err != nil {
		return &InputError{fmt.Errorf("%s: %w; the shard is incomplete: run it again", from, err)}
	}
	defer in.Close()
	h := sha256.New()
	if err := writeFile(to, func(w io.Writer) error { _, err := io.Copy(io.MultiWriter(w, h), in); return err }); err != nil {
		return err
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != sum {
		return &InputError{fmt.Errorf("%s: its SHA-256 is not the one %s recorded (the file is damaged or was changed): run the shard again", from, filepath.Join(dir, shardFile))}
	}
	return nil
}
