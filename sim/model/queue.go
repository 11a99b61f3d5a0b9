package model

import (
	"math/bits"
	"sort"
)

// dayQueue is a queue of record counts keyed by recording day, oldest first.
// Counts of the same day are merged, so its length is bounded by the number
// of days, not records. Day -1 holds the backlog from before the start.
type dayQueue struct {
	items []cohort
	head  int
	total int64
}

type cohort struct {
	day int32
	n   int64
}

// add puts n records of day at their place in day order.
func (q *dayQueue) add(day int32, n int64) {
	if n == 0 {
		return
	}
	q.total += n
	i := len(q.items)
	for i > q.head && q.items[i-1].day > day {
		i--
	}
	if i > q.head && q.items[i-1].day == day {
		q.items[i-1].n += n
		return
	}
	if q.head > 0 && q.head > len(q.items)/2 {
		// Reclaim the consumed front before growing.
		k := copy(q.items, q.items[q.head:])
		i -= q.head
		q.items = q.items[:k]
		q.head = 0
	}
	q.items = append(q.items, cohort{})
	copy(q.items[i+1:], q.items[i:])
	q.items[i] = cohort{day, n}
}

// frontDay returns the oldest day, or false if empty.
func (q *dayQueue) frontDay() (int32, bool) {
	if q.head == len(q.items) {
		return 0, false
	}
	return q.items[q.head].day, true
}

// countOf returns how many records of day wait at the front (0 if the
// front is another day).
func (q *dayQueue) frontCount(day int32) int64 {
	if q.head < len(q.items) && q.items[q.head].day == day {
		return q.items[q.head].n
	}
	return 0
}

// take removes up to n records, oldest first, calling f for each piece.
// It returns how many it took.
func (q *dayQueue) take(n int64, f func(day int32, k int64)) int64 {
	taken := int64(0)
	for n > 0 && q.head < len(q.items) {
		c := &q.items[q.head]
		k := min(n, c.n)
		c.n -= k
		n -= k
		taken += k
		q.total -= k
		if f != nil {
			f(c.day, k)
		}
		if c.n == 0 {
			q.head++
		}
	}
	if q.head == len(q.items) {
		q.items = q.items[:0]
		q.head = 0
	}
	return taken
}

// drain moves everything into dst.
func (q *dayQueue) drainInto(dst *dayQueue) {
	for _, c := range q.items[q.head:] {
		dst.add(c.day, c.n)
	}
	q.items = q.items[:0]
	q.head = 0
	q.total = 0
}

// largestRemainder splits total in proportion to weights into out,
// rounding down and handing the units left over to the largest fractional
// parts, ties to the earliest. The shares sum to total when any weight is
// positive, and none exceeds its weight when total <= sum(weights).
// Products are computed in 128 bits, so national counts cannot overflow.
func largestRemainder(total int64, weights []int64, out []int64) {
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
	rems := make([]uint64, len(weights))
	given := int64(0)
	for i, w := range weights {
		hi, lo := bits.Mul64(uint64(total), uint64(w))
		q, r := bits.Div64(hi, lo, uint64(sum))
		out[i] = int64(q)
		rems[i] = r
		given += int64(q)
	}
	order := make([]int, 0, len(weights))
	for i, w := range weights {
		if w > 0 {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return rems[order[a]] > rems[order[b]] })
	for k := 0; given < total; k++ {
		out[order[k%len(order)]]++
		given++
	}
}
