package reference

import (
	"math"
	"math/bits"
)

// Safe arithmetic. Scenario validation bounds every count to 1e12, rates
// to 1e8 a day, printers to 1e5 a site and 1e4 districts, ribbons to 1e9
// of at most 1e6 cards, regions to 20,000 and the horizon to 50 years
// (docs/errors.md). Within those bounds records stay far inside int64
// (at most about 1.5e13 a region, 3e17 a nation), but stocks in cards do
// not: one delivery of 1e12 ribbons of 1e6 cards is 1e18 cards, and a few
// overflow. Stocks are therefore held to maxCards, and the nation's sums
// of stocks, renewals and wait-days saturate or use 128 bits.

// maxCards is the most cards' worth a stock holds (2^61, about 2.3e18):
// more than any region can print in 50 years at the largest rates
// validation accepts (about 1.5e13 records), so the cap never changes what
// prints. What a delivery brings above it is not counted as delivered, so
// conservation (start + delivered = stock + printed) stays exact, and
// stock plus what is on order (at most 2 x maxCards) cannot overflow.
const maxCards = 1 << 61

// cards returns n units of per cards each, at most maxCards. n and per
// are not negative.
func cards(n, per int64) int64 {
	if n == 0 || per == 0 {
		return 0
	}
	hi, lo := bits.Mul64(uint64(n), uint64(per))
	if hi != 0 || lo > maxCards {
		return maxCards
	}
	return int64(lo)
}

// room returns how much of n cards fit in a stock of level below maxCards.
func room(level, n int64) int64 { return min(n, maxCards-level) }

// satAdd returns a+b for non-negative a and b, at most math.MaxInt64.
func satAdd(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}
