package model

import (
	"math/bits"
	"sort"
)

// dayQueue is a queue of record counts by recording day and class, oldest
// day first: one item a day holding every class's count, so that the
// oldest day of all classes and its counts are one read (the centre's
// intake reads every region's every day). Counts of the same day are
// merged, so its length is bounded by the number of days, not records.
// Day -1 holds the backlog from before the start. Seen class by class it
// is a queue of (day, count) with the days of zero count left out.
type dayQueue struct {
	items []dayCounts
	head  int
	total [numClasses]int64
}

// dayCounts are one day's records of each class (an item leaves the queue
// when every count is 0).
type dayCounts struct {
	day int32
	n   [numClasses]int64
}

// add puts n records of class c and day at their place in day order.
func (q *dayQueue) add(c int, day int32, n int64) {
	if n == 0 {
		return
	}
	q.total[c] += n
	i := len(q.items)
	if i > q.head && q.items[i-1].day > day {
		// An older day than the newest (unsent records of an older day
		// reaching the centre, say): find its place by bisection.
		i = q.head + sort.Search(i-q.head, func(k int) bool { return q.items[q.head+k].day > day })
	}
	if i > q.head && q.items[i-1].day == day {
		q.items[i-1].n[c] += n
		return
	}
	if q.head > 0 && q.head > len(q.items)/2 {
		// Reclaim the consumed front before growing.
		k := copy(q.items, q.items[q.head:])
		i -= q.head
		q.items = q.items[:k]
		q.head = 0
	}
	q.items = append(q.items, dayCounts{})
	copy(q.items[i+1:], q.items[i:])
	q.items[i] = dayCounts{day: day}
	q.items[i].n[c] = n
}

// front returns the oldest day and its counts by class, or false if empty.
func (q *dayQueue) front() (int32, *[numClasses]int64, bool) {
	if q.head == len(q.items) {
		return 0, nil, false
	}
	it := &q.items[q.head]
	return it.day, &it.n, true
}

// takeFront removes k records of class c of the oldest day (k at most its
// count).
func (q *dayQueue) takeFront(c int, k int64) {
	it := &q.items[q.head]
	it.n[c] -= k
	q.total[c] -= k
	if it.n == [numClasses]int64{} {
		q.head++
		if q.head == len(q.items) {
			q.items = q.items[:0]
			q.head = 0
		}
	}
}

// sum is the records of every class.
func (q *dayQueue) sum() int64 { return q.total[0] + q.total[1] + q.total[2] }

// drainInto moves everything into dst.
func (q *dayQueue) drainInto(dst *dayQueue) {
	for _, it := range q.items[q.head:] {
		for c, n := range it.n {
			dst.add(c, it.day, n)
		}
	}
	q.items = q.items[:0]
	q.head = 0
	q.total = [numClasses]int64{}
}

// largestRemainder splits total in proportion to weights into out,
// rounding down and handing the units left over to the largest fractional
// parts, ties to the earliest. The shares sum to total when any weight is
// positive, and none exceeds its weight when total <= sum(weights).
// Products are computed in 128 bits, so national counts cannot overflow.
// It allocates only for more than 8 weights; the centre's daily split uses
// a splitter instead.
func largestRemainder(total int64, weights []int64, out []int64) {
	var order [8]remainder
	if len(weights) <= len(order) {
		splitInto(total, weights, out, order[:0])
		return
	}
	splitInto(total, weights, out, make([]remainder, 0, len(weights)))
}

// splitter holds the scratch space of largestRemainder for many weights.
type splitter struct {
	order []remainder
}

func (s *splitter) split(total int64, weights []int64, out []int64) {
	if cap(s.order) < len(weights) {
		s.order = make([]remainder, 0, len(weights))
	}
	splitInto(total, weights, out, s.order[:0])
}

// remainder is the fractional part of share i, as a numerator over the
// sum of the weights.
type remainder struct {
	rem uint64
	i   int
}

func splitInto(total int64, weights, out []int64, order []remainder) {
	var sum int64
	for _, w := range weights {
		sum += w
	}
	for i := range out {
		out[i] = 0
	}
	if sum == 0 || total == 0 {
		return
	}
	given := int64(0)
	for i, w := range weights {
		hi, lo := bits.Mul64(uint64(total), uint64(w))
		q, r := bits.Div64(hi, lo, uint64(sum))
		out[i] = int64(q)
		given += int64(q)
		if w > 0 {
			order = append(order, remainder{r, i})
		}
	}
	if given == total {
		return
	}
	// The units left over (fewer than the positive weights: each
	// fractional part is below one) go one each to the largest
	// remainders, ties to the earliest. The index makes every key
	// distinct, so the set that gets one is the same whatever order it
	// is found in: a selection, linear, rather than a sort.
	left := int(total - given)
	selectBest(order, left)
	for _, o := range order[:left] {
		out[o.i]++
	}
}

// better orders remainders: the larger first, ties to the earlier index.
func (a remainder) better(b remainder) bool {
	return a.rem > b.rem || a.rem == b.rem && a.i < b.i
}

// selectBest reorders a so that a[:m] are its m best elements (better),
// in no particular order, by quickselect (median-of-three pivots) in
// expected linear time. The keys must be distinct.
func selectBest(a []remainder, m int) {
	lo, hi := 0, len(a)
	for hi-lo > 16 {
		mid := lo + (hi-lo)/2
		// Median of three to a[hi-1] as the pivot.
		if a[mid].better(a[lo]) {
			a[mid], a[lo] = a[lo], a[mid]
		}
		if a[hi-1].better(a[lo]) {
			a[hi-1], a[lo] = a[lo], a[hi-1]
		}
		if a[mid].better(a[hi-1]) {
			a[mid], a[hi-1] = a[hi-1], a[mid]
		}
		pv := a[hi-1]
		store := lo
		for j := lo; j < hi-1; j++ {
			if a[j].better(pv) {
				a[j], a[store] = a[store], a[j]
				store++
			}
		}
		a[store], a[hi-1] = a[hi-1], a[store]
		// a[lo:store] are better than the pivot at store, a[store+1:hi]
		// worse.
		switch {
		case m <= store:
			hi = store
		case m == store+1:
			return
		default:
			lo = store + 1
		}
	}
	// A few left: sort them (insertion), which places the cut too.
	for i := lo + 1; i < hi; i++ {
		for j := i; j > lo && a[j].better(a[j-1]); j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// readyQueues are a region's print-ready records by class, each class a
// queue of counts keyed by recording day, oldest first. Records of any day
// arrive there (a batch taken in by the centre covers several days, a
// resolved duplicate is months old) while a queue may hold every day of the
// run when blanks are short, so the counts are dense: a count per class
// and day of the run, with a bitmap of the days that have records. The
// classes of one day sit side by side, as do their bitmap words, because a
// batch brings every class of the same days: one cache line then serves
// all three (a release touches memory nothing else has touched for days,
// which made these adds the model's largest single cost). Adding is O(1);
// taking skips empty days 64 at a time. The counts are the region's part
// of the model's slab (slab.go); the bitmap is allocated on the first
// record.
type readyQueues struct {
	counts []int64         // [(day+1)*numClasses + class] (day -1 is the backlog from before the start)
	nz     []uint64        // [(index/64)*numClasses + class]: bit index%64 set when the count is positive
	head   [numClasses]int // no records of the class before this index
	total  [numClasses]int64
	days   int // days of the run, for the allocation
}

func (q *readyQueues) add(c int, day int32, n int64) {
	if n == 0 {
		return
	}
	if q.nz == nil {
		if q.counts == nil {
			q.counts = make([]int64, (q.days+1)*numClasses)
		}
		q.nz = make([]uint64, (q.days+1+63)/64*numClasses)
	}
	i := int(day) + 1
	q.counts[i*numClasses+c] += n
	q.nz[i/64*numClasses+c] |= 1 << (i % 64)
	q.total[c] += n
	if i < q.head[c] {
		q.head[c] = i
	}
}

// next returns the first index at or after i with records of class c, or -1.
func (q *readyQueues) next(c, i int) int {
	for w := i / 64; w*numClasses < len(q.nz); w++ {
		word := q.nz[w*numClasses+c]
		if w == i/64 {
			word &^= 1<<(i%64) - 1
		}
		if word != 0 {
			return w*64 + bits.TrailingZeros64(word)
		}
	}
	return -1
}

// take removes up to n records of class c, oldest first, calling f for
// each day's piece, and returns how many it took.
func (q *readyQueues) take(c int, n int64, f func(day int32, k int64)) int64 {
	taken := int64(0)
	for n > 0 && q.total[c] > 0 {
		i := q.next(c, q.head[c])
		q.head[c] = i
		at := i*numClasses + c
		k := min(n, q.counts[at])
		q.counts[at] -= k
		if q.counts[at] == 0 {
			q.nz[i/64*numClasses+c] &^= 1 << (i % 64)
		}
		n -= k
		taken += k
		q.total[c] -= k
		if f != nil {
			f(int32(i-1), k)
		}
	}
	return taken
}
