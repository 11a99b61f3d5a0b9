package des

// calendar is a 4-ary min-heap ordered by (at, priority, seq). Each slot
// carries its entry's ordering key, so comparisons never leave the slot
// array (the heap's cache behaviour decides the kernel's speed); every entry
// knows its slot so that it can be removed or moved in O(log n). A 4-ary
// heap is shallower than a binary one and sifts down with fewer cache
// misses, which pays off for a calendar that is mostly popped and pushed.
// It is written out rather than built on container/heap to avoid interface
// calls on the hot path.
type calendar []slot

type slot struct {
	at  Time
	key uint64 // priority in the top 16 bits, sequence number below
	e   *entry
}

// seqBits is how many bits of a key hold the sequence number: enough for
// 2^48 (about 2.8e14) schedulings in one run.
const seqBits = 48

func makeKey(priority int, seq uint64) uint64 {
	return uint64(uint16(priority+1<<15))<<seqBits | seq&(1<<seqBits-1)
}

func (a *slot) less(b *slot) bool {
	if a.at != b.at {
		return a.at < b.at
	}
	return a.key < b.key
}

func (c calendar) set(i int, s slot) {
	c[i] = s
	s.e.index = i
}

func (c *calendar) push(s slot) {
	*c = append(*c, s)
	c.up(len(*c)-1, s)
}

// remove takes out the entry at slot i and returns it.
func (c *calendar) remove(i int) *entry {
	h := *c
	n := len(h) - 1
	e := h[i].e
	if i != n {
		last := h[n]
		h[n] = slot{}
		h = h[:n]
		if !h.down(i, last) {
			h.up(i, last)
		}
	} else {
		h[n] = slot{}
		h = h[:n]
	}
	*c = h
	e.index = unscheduled
	return e
}

// fix moves the entry at slot i, whose key has changed to s, into place.
func (c calendar) fix(i int, s slot) {
	if !c.down(i, s) {
		c.up(i, s)
	}
}

// up places s at slot j or above.
func (c calendar) up(j int, s slot) {
	for j > 0 {
		i := (j - 1) / 4
		if !s.less(&c[i]) {
			break
		}
		c.set(j, c[i])
		j = i
	}
	c.set(j, s)
}

// down places s at slot i or below and reports whether it moved down.
func (c calendar) down(i0 int, s slot) bool {
	i, n := i0, len(c)
	for {
		first := 4*i + 1
		if first >= n || first < 0 {
			break
		}
		j := first
		for k := first + 1; k < first+4 && k < n; k++ {
			if c[k].less(&c[j]) {
				j = k
			}
		}
		if !c[j].less(&s) {
			break
		}
		c.set(i, c[j])
		i = j
	}
	c.set(i, s)
	return i > i0
}
