package model

// Certificate renewals. A region's renewals on day d are its certificate
// holders of every recording day d-o, for each offset o (the days from a
// recording to its k-th expiry) up to d: O(offsets) a day, and the offsets
// are as many as validity periods fit in the run, so a short validity over
// a long run costs O(days^2) a region (1e11 operations for 1,000 regions
// over 50 years with a one-day certificate). When the offsets repeat with
// a short period (o[k+q] = o[k] + p, as they do for any validity of a
// whole number of hours: q = 24/gcd(hours, 24)), the region keeps, for
// each of the q sequences, the sum of the holders of every cohort already
// due in each residue class mod p: O(q) a day and O(q) for each piece
// printed, in q x p <= days counts. Otherwise it sums directly: there are
// then few offsets (at most 32, or fewer than q^2 <= 576 for a validity in
// whole hours whose q x p exceeds the run's days), except for a validity
// in odd minutes with no period that fits, which stays O(days^2). Both
// ways count the same integers.

// naiveRenewals is the number of offsets up to which renewals are summed
// directly. Beyond it the running sums cost fewer cache misses: a day
// reads the next cohort of each sequence (the neighbour of yesterday's)
// where summing directly reads a cohort months old for each offset, which
// cost the national run more than a region's whole row.
const naiveRenewals = 2

// maxRenewalPeriod is the longest period q (in offsets) searched for: a
// validity in whole minutes has one of at most 1,440 (q x p <= days stops
// the search far sooner for long periods).
const maxRenewalPeriod = 1440

// renewalPeriod returns q and p such that offs[k+q] = offs[k] + p for every
// k (with an offset 0 before offs[0]) and q x p <= days, or 0, 0 when the
// offsets are few or have no such period.
func renewalPeriod(offs []int, days, naive int) (q, p int) {
	if len(offs) <= naive {
		return 0, 0
	}
	at := func(m int) int { // o_m, with o_0 = 0
		if m == 0 {
			return 0
		}
		return offs[m-1]
	}
	for q := 1; q <= maxRenewalPeriod && 2*q <= len(offs); q++ {
		p := at(q)
		if q*p > days {
			// Longer periods need more counts than the run has days.
			return 0, 0
		}
		ok := p > 0
		for m := 1; ok && m+q <= len(offs); m++ {
			ok = at(m+q) == at(m)+p
		}
		// The first offset the period implies after the list must be
		// past the run too, as the real one is.
		if ok && at(len(offs)+1-q)+p >= days {
			return q, p
		}
	}
	return 0, 0
}

// certSums are a region's running sums of certificate holders for the
// periodic case.
type certSums struct {
	q, p int
	sum  []int64 // [i*p + c%p]: holders of the cohorts c <= act[i] in that class
	act  []int   // act[i]: the last cohort due in sequence i (-1 none)
}

func newCertSums(q, p int) certSums {
	s := certSums{q: q, p: p, sum: make([]int64, q*p), act: make([]int, q)}
	for i := range s.act {
		s.act[i] = -1
	}
	return s
}

// renew counts the certificates expiring on day d: holders recorded a whole
// number of validity periods before, still without a card at 00:00.
func (r *region) renew(d int) {
	var n int64
	offs := r.m.renewOffsets
	if c := &r.cert; c.q > 0 {
		// Sequence i holds the offsets offs[i] + j*p: on day d its cohort
		// d-offs[i] falls due, and the renewals are every due cohort of
		// the same class mod p.
		for i := 0; i < c.q && offs[i] <= d; i++ {
			k := d - offs[i]
			at := i*c.p + k%c.p
			c.sum[at] += r.unprinted[k]
			c.act[i] = k
			n += c.sum[at]
		}
	} else {
		for _, o := range offs {
			if o > d {
				break
			}
			n += r.unprinted[d-o]
		}
	}
	r.renewalsDay = n
	r.renewalsCum = satAdd(r.renewalsCum, n)
}

// printedFrom takes k certificate holders of cohort base off the books.
func (r *region) printedFrom(base int32, k int64) {
	r.unprinted[base] -= k
	c := &r.cert
	// act decreases with i (later sequences have longer offsets).
	for i := 0; i < c.q && int(base) <= c.act[i]; i++ {
		c.sum[i*c.p+int(base)%c.p] -= k
	}
}

// verifyCert checks the running sums against the holders.
func (r *region) verifyCert() bool {
	c := &r.cert
	if c.q == 0 {
		return true
	}
	want := make([]int64, len(c.sum))
	for i := 0; i < c.q; i++ {
		for k := 0; k <= c.act[i]; k++ {
			want[i*c.p+k%c.p] += r.unprinted[k]
		}
	}
	for i := range want {
		if want[i] != c.sum[i] {
			return false
		}
	}
	return true
}
