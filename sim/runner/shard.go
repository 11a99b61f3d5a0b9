package runner

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"io"
	"os"
	"path/filepath"
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

// shardFile holds a shard's results for Merge.
const shardFile = "shard.gob"

type shardData struct {
	I, N         int
	Replications int
	Results      map[int]*model.Result
	Series       map[int][]float64
}

func writeShard(dir string, sc *scenario.Scenario, s Shard, rep *replicated) error {
	n := len(rep.results)
	d := shardData{I: s.I, N: s.N, Replications: n, Results: map[int]*model.Result{}, Series: map[int][]float64{}}
	for _, i := range s.Replications(n) {
		res, series, err := rep.full(i)
		if err != nil {
			return err
		}
		d.Results[i] = res
		if series != nil {
			d.Series[i] = series
		}
	}
	return writeFile(filepath.Join(dir, shardFile), func(w io.Writer) error { return gob.NewEncoder(w).Encode(d) })
}

// Merge combines the shard folders of one run into out (by default
// results/<scenario name>), writing the same files, byte for byte, as the
// run without shards. It refuses shards of different scenarios or seeds,
// and a set with a shard missing or given twice.
func Merge(dirs []string, out string, noPlots bool) (string, []chart.Chart, error) {
	if len(dirs) > 0 {
		if _, err := os.Stat(filepath.Join(dirs[0], sweepShardFile)); err == nil {
			dest, err := mergeSweep(dirs, out, noPlots)
			return dest, nil, err
		}
	}
	var resolved []byte
	var sc *scenario.Scenario
	var daily string
	var all shardData
	firstI := 0
	seen := map[int]string{}
	for _, dir := range dirs {
		text, err := os.ReadFile(filepath.Join(dir, "scenario.yaml"))
		if err != nil {
			return "", nil, &InputError{fmt.Errorf("%s is not a shard of an ektpsim run: %w", dir, err)}
		}
		f, err := os.Open(filepath.Join(dir, shardFile))
		if err != nil {
			return "", nil, &InputError{fmt.Errorf("%s is not a shard (no %s; was it run with --shard I/N?)", dir, shardFile)}
		}
		var d shardData
		err = gob.NewDecoder(f).Decode(&d)
		f.Close()
		if err != nil {
			return "", nil, &InputError{fmt.Errorf("%s: %s: %w", dir, shardFile, err)}
		}
		if resolved == nil {
			firstI = d.I
			resolved, all = text, shardData{N: d.N, Replications: d.Replications, Results: map[int]*model.Result{}, Series: map[int][]float64{}}
			if sc, err = scenario.Load(filepath.Join(dir, "scenario.yaml"), scenario.Options{}); err != nil {
				return "", nil, &InputError{err}
			}
		} else if !bytes.Equal(text, resolved) {
			return "", nil, &InputError{fmt.Errorf("%s and %s are shards of different runs (their scenario.yaml differ: scenario, seed or replications); merge shards of one run only", dirs[0], dir)}
		}
		if d.N != all.N || d.Replications != all.Replications {
			return "", nil, &InputError{fmt.Errorf("%s is shard %d/%d of %d replications, %s of %d/%d", dir, d.I, d.N, d.Replications, dirs[0], firstI, all.N)}
		}
		if prev, dup := seen[d.I]; dup {
			return "", nil, &InputError{fmt.Errorf("shard %d/%d given twice: %s and %s", d.I, d.N, prev, dir)}
		}
		seen[d.I] = dir
		for i, r := range d.Results {
			all.Results[i] = r
			all.Series[i] = d.Series[i]
		}
		if _, ok := d.Results[0]; ok {
			daily = filepath.Join(dir, "daily.csv")
		}
	}
	var missing []string
	for i := 1; i <= all.N; i++ {
		if _, ok := seen[i]; !ok {
			missing = append(missing, fmt.Sprintf("%d/%d", i, all.N))
		}
	}
	if len(missing) > 0 {
		return "", nil, &InputError{fmt.Errorf("shards missing: %s", strings.Join(missing, ", "))}
	}
	for i := range all.Replications {
		if all.Results[i] == nil {
			return "", nil, &InputError{fmt.Errorf("replication %d is in no shard", i)}
		}
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
		for i := range all.Replications {
			if err := rep.put(i, all.Results[i], all.Series[i]); err != nil {
				return err
			}
		}
		if charts, err = finish(dir, sc, rep, noPlots); err != nil {
			return err
		}
		return rep.close()
	})
	return out, charts, err
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	return writeFile(to, func(w io.Writer) error { _, err := io.Copy(w, in); return err })
}
