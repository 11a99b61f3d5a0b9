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

func TestDayQueue(t *testing.T) {
	var q dayQueue
	q.add(5, 10)
	q.add(3, 4)
	q.add(5, 1)
	q.add(-1, 2)
	q.add(9, 7)
	if q.total != 24 {
		t.Fatalf("total %d", q.total)
	}
	var got []cohort
	n := q.take(8, func(d int32, k int64) { got = append(got, cohort{d, k}) })
	want := []cohort{{-1, 2}, {3, 4}, {5, 2}}
	if n != 8 || !slices.Equal(got, want) {
		t.Errorf("take(8) = %d %v, want 8 %v", n, got, want)
	}
	if d, _ := q.frontDay(); d != 5 || q.frontCount(5) != 9 || q.total != 16 {
		t.Errorf("front %d count %d total %d", d, q.frontCount(5), q.total)
	}
	var dst dayQueue
	dst.add(6, 1)
	q.drainInto(&dst)
	if q.total != 0 || dst.total != 17 {
		t.Errorf("drain: %d %d", q.total, dst.total)
	}
	if n := dst.take(100, nil); n != 17 {
		t.Errorf("took %d", n)
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
