package model

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestLargestRemainder(t *testing.T) {
	for _, c := range []struct {
		total   int64
		weights []int64
		want    []int64
	}{
		{10, []int64{1, 1, 1}, []int64{4, 3, 3}},                                    // tie goes to the first listed
		{50000, []int64{50, 49950}, []int64{50, 49950}},                             // enough for all
		{100, []int64{30, 30, 40}, []int64{30, 30, 40}},                             // exact
		{7, []int64{5, 3, 2}, []int64{4, 2, 1}},                                     // 3.5, 2.1, 1.4 -> 3,2,1 +1 to first
		{1, []int64{0, 2, 2}, []int64{0, 1, 0}},                                     // zero weights get nothing
		{3_000_000_000, []int64{4e18, 4e18}, []int64{1_500_000_000, 1_500_000_000}}, // no overflow
	} {
		got := make([]int64, len(c.weights))
		largestRemainder(c.total, c.weights, got)
		if !slices.Equal(got, c.want) {
			t.Errorf("largestRemainder(%d, %v) = %v, want %v", c.total, c.weights, got, c.want)
		}
	}
}

// TestDayQueue: days in order whatever order they come in, a day's
// classes merged into one item, the front left only when every class of
// its day is taken, and drainInto merging days.
func TestDayQueue(t *testing.T) {
	var q dayQueue
	q.add(0, 5, 10)
	q.add(1, 3, 4)
	q.add(0, 5, 1)
	q.add(2, -1, 2)
	q.add(2, 9, 7)
	q.add(1, 5, 3)
	q.add(0, 4, 0) // nothing: no item for day 4
	if q.total != [numClasses]int64{11, 7, 9} || q.sum() != 27 {
		t.Fatalf("totals %v, sum %d", q.total, q.sum())
	}
	var days []int32
	for _, it := range q.items[q.head:] {
		days = append(days, it.day)
	}
	if !slices.Equal(days, []int32{-1, 3, 5, 9}) {
		t.Fatalf("days %v, want [-1 3 5 9]", days)
	}
	if d, n, ok := q.front(); !ok || d != -1 || *n != [numClasses]int64{0, 0, 2} {
		t.Fatalf("front %d %v %v", d, n, ok)
	}
	q.takeFront(2, 2)
	if d, n, _ := q.front(); d != 3 || *n != [numClasses]int64{0, 4, 0} {
		t.Fatalf("after taking day -1: front %d %v", d, *n)
	}
	q.takeFront(1, 4)
	q.takeFront(0, 6) // day 5: 11 first-time, 3 replacement
	if d, n, _ := q.front(); d != 5 || *n != [numClasses]int64{5, 3, 0} || q.total != [numClasses]int64{5, 3, 7} {
		t.Fatalf("part of day 5 taken: front %d %v, totals %v", d, *n, q.total)
	}
	var dst dayQueue
	dst.add(0, 6, 1)
	dst.add(0, 9, 1)
	q.drainInto(&dst)
	if q.sum() != 0 || len(q.items) != 0 || dst.total != [numClasses]int64{7, 3, 7} {
		t.Errorf("drain: left %d (%d items), moved totals %v", q.sum(), len(q.items), dst.total)
	}
	days = days[:0]
	for _, it := range dst.items[dst.head:] {
		days = append(days, it.day)
	}
	if !slices.Equal(days, []int32{5, 6, 9}) || dst.items[dst.head+2].n != [numClasses]int64{1, 0, 7} {
		t.Errorf("drained days %v, day 9 %v; want [5 6 9], [1 0 7]", days, dst.items[dst.head+2].n)
	}
}

// The print-ready queues keep their classes apart although the classes of
// a day share memory: against a reference of counts by class and day,
// random adds and takes give the same pieces, oldest day first.
func TestReadyQueuesAgainstReference(t *testing.T) {
	const days = 300
	rng := rand.New(rand.NewPCG(3, 4))
	q := readyQueues{days: days}
	var ref [numClasses][days + 1]int64
	for step := 0; step < 20000; step++ {
		c := rng.IntN(numClasses)
		if rng.IntN(2) == 0 {
			day := int32(rng.IntN(days+1) - 1)
			n := int64(rng.IntN(5))
			q.add(c, day, n)
			ref[c][day+1] += n
			continue
		}
		n := int64(rng.IntN(12))
		var want []int64 // day, count pairs
		left := n
		for i := 0; i <= days && left > 0; i++ {
			if k := min(left, ref[c][i]); k > 0 {
				want = append(want, int64(i-1), k)
				ref[c][i] -= k
				left -= k
			}
		}
		var got []int64
		taken := q.take(c, n, func(day int32, k int64) { got = append(got, int64(day), k) })
		if !slices.Equal(got, want) || taken != n-left {
			t.Fatalf("step %d: take %d of class %d gave %v (%d), want %v (%d)", step, n, c, got, taken, want, n-left)
		}
		var total int64
		for _, k := range ref[c] {
			total += k
		}
		if q.total[c] != total {
			t.Fatalf("step %d: class %d total %d, want %d", step, c, q.total[c], total)
		}
	}
}

// TestSelectBest: the selection picks the same set as sorting by
// remainder (largest first, ties to the earliest), for every cut, on
// remainders with many ties and on distinct ones, short and long.
func TestSelectBest(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for trial := range 300 {
		n := 1 + rng.IntN(600)
		spread := uint64(1 + rng.IntN(4)) // many ties
		if trial%2 == 0 {
			spread = 1 << 40
		}
		a := make([]remainder, n)
		for i := range a {
			a[i] = remainder{rem: rng.Uint64N(spread), i: i}
		}
		want := slices.Clone(a)
		slices.SortFunc(want, func(x, y remainder) int {
			if x.better(y) {
				return -1
			}
			return 1
		})
		for _, m := range []int{0, 1, n / 3, n - 1, n, rng.IntN(n + 1)} {
			got := slices.Clone(a)
			selectBest(got, m)
			g, w := indices(got[:m]), indices(want[:m])
			if !slices.Equal(g, w) {
				t.Fatalf("n %d, m %d: selected %v, want %v", n, m, g, w)
			}
		}
	}
}

func indices(rs []remainder) []int {
	var is []int
	for _, r := range rs {
		is = append(is, r.i)
	}
	slices.Sort(is)
	return is
}
