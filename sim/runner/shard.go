package runner

import (
	"bufio"
	"bytes"
	"context"
	"encoding/gob"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/ektpsim/ektpsim/sim/chart"
	"github.com/ektpsim/ektpsim/sim/model"
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
// shardRecord per replication of the shard, in order. Written and read one
// replication at a time, so that neither a shard nor a merge holds all its
// replications in memory.
const shardFile = "shard.gob"

type shardHeader struct {
	I, N         int
	Replications int
}

type shardRecord struct {
	Index  int
	Result *model.Result
	Series []float64 // the nation's days (output.NationSeries values); nil with one replication
}

func writeShard(dir string, s Shard, rep *replicated) error {
	n := len(rep.results)
	return writeFile(filepath.Join(dir, shardFile), func(w io.Writer) error {
		enc := gob.NewEncoder(w)
		if err := enc.Encode(shardHeader{I: s.I, N: s.N, Replications: n}); err != nil {
			return err
		}
		for _, i := range s.Replications(n) {
			res, series, err := rep.full(i)
			if err != nil {
				return err
			}
			if err := enc.Encode(shardRecord{Index: i, Result: res, Series: series}); err != nil {
				return err
			}
		}
		return nil
	})
}

// openShard opens a shard folder's results and reads their header.
func openShard(dir string) (*os.File, *gob.Decoder, shardHeader, error) {
	var h shardHeader
	f, err := os.Open(filepath.Join(dir, shardFile))
	if err != nil {
		return nil, nil, h, &InputError{fmt.Errorf("%s is not a shard (no %s; was it run with --shard I/N?)", dir, shardFile)}
	}
	dec := gob.NewDecoder(bufio.NewReader(f))
	if err := dec.Decode(&h); err != nil {
		f.Close()
		return nil, nil, h, damagedShard(dir, err)
	}
	return f, dec, h, nil
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
// and a set with a shard missing or given twice. The shards are read one
// replication at a time into the same spools as a run's.
func Merge(ctx context.Context, dirs []string, out string, noPlots bool) (string, []chart.Chart, error) {
	if len(dirs) > 0 {
		if _, err := os.Stat(filepath.Join(dirs[0], sweepShardFile)); err == nil {
			dest, err := mergeSweep(dirs, out, noPlots)
			return dest, nil, err
		}
	}
	var resolved []byte
	var sc *scenario.Scenario
	var daily string
	var first shardHeader
	seen := shardsSeen{}
	for _, dir := range dirs {
		text, err := os.ReadFile(filepath.Join(dir, "scenario.yaml"))
		if err != nil {
			return "", nil, &InputError{fmt.Errorf("%s is not a shard of an ektpsim run: %w", dir, err)}
		}
		f, _, h, err := openShard(dir)
		if err != nil {
			return "", nil, err
		}
		f.Close()
		if resolved == nil {
			resolved, first = text, h
			if sc, err = scenario.Load(filepath.Join(dir, "scenario.yaml"), scenario.Options{}); err != nil {
				return "", nil, &InputError{err}
			}
		} else if !bytes.Equal(text, resolved) {
			return "", nil, &InputError{fmt.Errorf("%s and %s are shards of different runs (their scenario.yaml differ: scenario, seed or replications); merge shards of one run only", dirs[0], dir)}
		}
		if h.Replications != int(sc.Replications) {
			return "", nil, damagedShard(dir, fmt.Errorf("%d replications, its scenario.yaml %d", h.Replications, sc.Replications))
		}
		if h.N != first.N || h.Replications != first.Replications {
			return "", nil, &InputError{fmt.Errorf("%s is shard %d/%d of %d replications, %s of %d/%d", dir, h.I, h.N, h.Replications, dirs[0], first.I, first.N)}
		}
		if err := seen.add(h.I, h.N, dir); err != nil {
			return "", nil, err
		}
		if slices.Contains(Shard{h.I, h.N}.Replications(h.Replications), 0) {
			daily = filepath.Join(dir, "daily.csv")
		}
	}
	if err := seen.complete(first.N); err != nil {
		return "", nil, err
	}
	if out == "" {
		out = filepath.Join("results", sc.Name)
	}
	var charts []chart.Chart
	err := intoFolder(out, func(dir string) (err error) {
		if err := os.WriteFile(filepath.Join(dir, "scenario.yaml"), resolved, 0o644); err != nil {
			return err
		}
		if err := copyFile(daily, filepath.Join(dir, "daily.csv")); err != nil {
			return err
		}
		// The same path as a whole run: results through the spools.
		rep, err := newReplicated(dir, sc, true, 0)
		if err != nil {
			return err
		}
		defer rep.close()
		for _, d := range dirs {
			if err := readShard(d, rep); err != nil {
				return err
			}
		}
		// Every shard held exactly its replications, and every shard is
		// here: rep has them all.
		if charts, err = finish(dir, sc, rep, noPlots); err != nil {
			return err
		}
		return rep.close()
	})
	return out, charts, err
}

// readShard puts the replications of a shard folder into rep.
func readShard(dir string, rep *replicated) error {
	f, dec, h, err := openShard(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	want := Shard{h.I, h.N}.Replications(h.Replications)
	for k := 0; ; k++ {
		var r shardRecord
		err := dec.Decode(&r)
		if err == io.EOF && k == len(want) {
			return nil
		}
		if err == nil && (k >= len(want) || r.Index != want[k] || r.Result == nil) {
			err = fmt.Errorf("replication %d where replication %d of shard %d/%d was due", r.Index, want[min(k, len(want)-1)], h.I, h.N)
		}
		if err == io.EOF {
			err = fmt.Errorf("%d of its %d replications", k, len(want))
		}
		if err != nil {
			return damagedShard(dir, err)
		}
		if err := rep.put(r.Index, r.Result, r.Series); err != nil {
			return err
		}
	}
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	return writeFile(to, func(w io.Writer) error { _, err := io.Copy(w, in); return err })
}
