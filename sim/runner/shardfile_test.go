package runner

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// tinyShards runs shards 1/2 and 2/2 of a small scenario in dir and
// returns their folders.
func tinyShards(t testing.TB, dir string, set ...string) []string {
	t.Helper()
	var out []string
	for i := 1; i <= 2; i++ {
		c := Config{Scenario: "binjai-2017", Replications: 3, NoPlots: true, Shard: fmt.Sprintf("%d/2", i),
			Set: append([]string{"end=2017-05-10"}, set...), Out: filepath.Join(dir, fmt.Sprintf("s%d", i))}
		if _, err := Run(context.Background(), c); err != nil {
			t.Fatal(err)
		}
		out = append(out, c.Out)
	}
	return out
}

func readShardBytes(t testing.TB, data []byte) error {
	_, err := decodeShard(bytes.NewReader(data), nil, func(shardRecord) error { return nil })
	return err
}

// Every single flipped bit of a shard file is refused, naming the field
// or the checksum; the file as written is accepted.
func TestShardFlippedBitRefused(t *testing.T) {
	dirs := tinyShards(t, t.TempDir())
	data, err := os.ReadFile(filepath.Join(dirs[0], shardFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := readShardBytes(t, data); err != nil {
		t.Fatalf("the shard as written: %v", err)
	}
	step := max(1, len(data)*8/2000) // about 2,000 of the bits, spread over the file
	for bit := 0; bit < len(data)*8; bit += step {
		bad := bytes.Clone(data)
		bad[bit/8] ^= 1 << (bit % 8)
		if err := readShardBytes(t, bad); err == nil {
			t.Fatalf("bit %d of %d flipped: accepted", bit, len(data)*8)
		}
	}
	// End to end: merge names the file.
	bad := bytes.Clone(data)
	bad[len(bad)-200] ^= 0x10
	os.WriteFile(filepath.Join(dirs[0], shardFile), bad, 0o644)
	_, _, err = Merge(context.Background(), dirs, filepath.Join(t.TempDir(), "m"), true, false)
	wantInputError(t, err, filepath.Join(dirs[0], shardFile), "checksum mismatch")
}

// Headers claiming huge counts or frames are refused at once, without
// allocating what they claim.
func TestShardHugeCountsRefusedFast(t *testing.T) {
	frame := func(h any, magic string) []byte {
		var b bytes.Buffer
		fw, _ := newFrameWriter(&b, magic)
		fw.put(h)
		return b.Bytes()
	}
	cases := map[string][]byte{
		"replications": frame(shardHeader{I: 1, N: 1, Replications: 1 << 40, Regions: 1, Days: 1, Metrics: 27}, shardMagic),
		"regions":      frame(shardHeader{I: 1, N: 1, Replications: 1, Regions: 1 << 40, Days: 1}, shardMagic),
		"days":         frame(shardHeader{I: 1, N: 1, Replications: 1, Regions: 1, Days: -5}, shardMagic),
		"negative":     frame(shardHeader{I: -1, N: -3, Replications: 2, Regions: 1, Days: 1, Metrics: 27}, shardMagic),
		"frame length": append([]byte(shardMagic), 0xff, 0xff, 0xff, 0x7f, 1, 2, 3),
		"sweep grid": frame(sweepShardHeader{I: 1, N: 1, Variants: 1 << 40, Replications: 1, Days: 1, Count: 1,
			Vary: []Vary{{"a", make([]string, 1<<10)}, {"b", make([]string, 1<<10)}, {"c", make([]string, 1<<10)}}}, sweepShardMagic),
		"sweep count":    frame(sweepShardHeader{I: 1, N: 1, Variants: 2, Replications: 1, Days: 1, Count: -1, Vary: []Vary{{"a", []string{"1", "2"}}}}, sweepShardMagic),
		"sweep variants": frame(sweepShardHeader{I: 1, N: 1, Variants: 3, Replications: 1, Days: 1, Count: 3, Vary: []Vary{{"a", []string{"1", "2"}}}}, sweepShardMagic),
		"sweep empty":    frame(sweepShardHeader{I: 1, N: 1, Variants: 0, Replications: 1, Days: 1}, sweepShardMagic),
	}
	for name, data := range cases {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		var err error
		if strings.HasPrefix(name, "sweep") {
			_, err = decodeSweepShard(bytes.NewReader(data), func(sweepRecord) error { return nil })
		} else {
			err = readShardBytes(t, data)
		}
		runtime.ReadMemStats(&after)
		if err == nil {
			t.Errorf("%s: accepted", name)
		} else {
			t.Logf("%s: %v", name, err)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 8<<20 {
			t.Errorf("%s: allocated %d bytes", name, grew)
		}
	}
}

// Sweep shards of two versions of one scenario file are refused, and so
// is a run shard whose results are of another scenario than its
// scenario.yaml.
func TestShardsOfDifferentVersionsRefused(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	file := filepath.Join(dir, "s.yaml")
	src, err := os.ReadFile("../../scenarios/binjai-2017.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var shards []string
	for i, seed := range []string{"1", "2"} {
		os.WriteFile(file, bytes.Replace(src, []byte("\nseed:"), []byte("\nseed: "+seed+" #"), 1), 0o644)
		out := filepath.Join(dir, fmt.Sprintf("w%d", i+1))
		_, _, err := Sweep(ctx, SweepConfig{Config: Config{Scenario: file, Out: out, Shard: fmt.Sprintf("%d/2", i+1), Set: []string{"end=2017-05-10"}},
			Vary: []Vary{{"regions[0].blanks.stock", []string{"100", "200"}}}})
		if err != nil {
			t.Fatal(err)
		}
		shards = append(shards, out)
	}
	_, _, err = Merge(ctx, shards, filepath.Join(dir, "m"), true, false)
	wantInputError(t, err, "shards of different sweeps")

	// A run shard's results against another scenario.yaml.
	a := tinyShards(t, filepath.Join(dir, "a"))
	b := tinyShards(t, filepath.Join(dir, "b"), "seed=5")
	other, _ := os.ReadFile(filepath.Join(b[1], "scenario.yaml"))
	for _, d := range a {
		os.WriteFile(filepath.Join(d, "scenario.yaml"), other, 0o644)
	}
	_, _, err = Merge(ctx, a, filepath.Join(dir, "m2"), true, false)
	wantInputError(t, err, "another scenario than the folder's scenario.yaml")
	// A changed daily.csv.
	c := tinyShards(t, filepath.Join(dir, "c"))
	daily := filepath.Join(c[0], "daily.csv")
	text, _ := os.ReadFile(daily)
	os.WriteFile(daily, bytes.Replace(text, []byte(",0,"), []byte(",1,"), 1), 0o644)
	_, _, err = Merge(ctx, c, filepath.Join(dir, "m3"), true, false)
	wantInputError(t, err, daily, "SHA-256")
	if _, err := os.Stat(filepath.Join(dir, "m3")); err == nil {
		t.Error("a refused merge left its folder")
	}
}

// Sweep shards merge to the sweep without shards, and crafted records
// (wrong index, values, counts) are refused by name.
func TestSweepShardRecordsChecked(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	vary := []Vary{{"regions[0].blanks.stock", []string{"100", "200", "300"}}}
	base := Config{Scenario: "binjai-2017", Set: []string{"end=2017-05-10"}, Replications: 2, NoPlots: true}
	whole := base
	whole.Out = filepath.Join(dir, "whole")
	if _, _, err := Sweep(ctx, SweepConfig{Config: whole, Vary: vary}); err != nil {
		t.Fatal(err)
	}
	var shards []string
	for i := 1; i <= 2; i++ {
		c := base
		c.Shard, c.Out = fmt.Sprintf("%d/2", i), filepath.Join(dir, fmt.Sprint("w", i))
		if _, _, err := Sweep(ctx, SweepConfig{Config: c, Vary: vary}); err != nil {
			t.Fatal(err)
		}
		shards = append(shards, c.Out)
	}
	if _, _, err := Merge(ctx, shards, filepath.Join(dir, "merged"), true, false); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(filepath.Join(dir, "whole", "sweep.csv"))
	b, _ := os.ReadFile(filepath.Join(dir, "merged", "sweep.csv"))
	if !bytes.Equal(a, b) || len(a) == 0 {
		t.Error("merged sweep.csv differs from the whole sweep's")
	}
	data, _ := os.ReadFile(filepath.Join(shards[0], sweepShardFile))
	if _, err := decodeSweepShard(bytes.NewReader(data), func(sweepRecord) error { return nil }); err != nil {
		t.Fatal(err)
	}
	// Re-frame the records with changes: the checksums are right, the
	// contents are not.
	h, _ := decodeSweepShard(bytes.NewReader(data), nil)
	var recs []sweepRecord
	decodeSweepShard(bytes.NewReader(data), func(r sweepRecord) error { recs = append(recs, r); return nil })
	for name, change := range map[string]func([]sweepRecord) []sweepRecord{
		"variant 5":    func(r []sweepRecord) []sweepRecord { r[0].Index = 5; return r },
		"values":       func(r []sweepRecord) []sweepRecord { r[0].Values = []string{"999"}; return r },
		"replications": func(r []sweepRecord) []sweepRecord { r[0].Results = r[0].Results[:1]; return r },
		"of its 2":     func(r []sweepRecord) []sweepRecord { return r[:1] },
		"lost_hours":   func(r []sweepRecord) []sweepRecord { r[0].Results[0].Nation.LostHours = 4.2e39; return r },
	} {
		var got []sweepRecord
		decodeSweepShard(bytes.NewReader(data), func(r sweepRecord) error { got = append(got, r); return nil })
		var buf bytes.Buffer
		fw, _ := newFrameWriter(&buf, sweepShardMagic)
		fw.put(h)
		for _, r := range change(got) {
			fw.put(r)
		}
		_, err := decodeSweepShard(&buf, func(sweepRecord) error { return nil })
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: got %v", name, err)
		}
	}

}

// FuzzReadShard: no input makes the shard reader panic or allocate
// without bound.
func FuzzReadShard(f *testing.F) {
	f.Add([]byte(shardMagic))
	f.Add(append([]byte(shardMagic), 0xff, 0xff, 0xff, 0xff))
	f.Fuzz(func(t *testing.T, data []byte) {
		readShardBytes(t, data)
	})
}

// FuzzReadSweepShard: likewise for sweep shards.
func FuzzReadSweepShard(f *testing.F) {
	f.Add([]byte(sweepShardMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		decodeSweepShard(bytes.NewReader(data), func(sweepRecord) error { return nil })
	})
}
