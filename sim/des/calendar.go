package des

// calendar is a binary min-heap of entries ordered by (at, priority, seq).
// Every entry knows its index so that it can be removed in O(log n).
// It is written out rather than built on container/heap to avoid the
// interface calls and boxing on the hot path.
type calendar []*entry

func (c calendar) less(i, j int) bool {
	a, b := c[i], c[j]
	if a.at != b.at {
		return a.at < b.at
	}
	if a.priority != b.priority {
		return a.priority < b.priority
	}
	return a.seq < b.seq
}

func (c calendar) swap(i, j int) {
	c[i], c[j] = c[j], c[i]
	c[i].index = i
	c[j].index = j
}

func (c *calendar) push(e *entry) {
	e.index = len(*c)
	*c = append(*c, e)
	c.up(e.index)
}

func (c *calendar) pop() *entry {
	return c.remove(0)
}

func (c *calendar) remove(i int) *entry {
	h := *c
	n := len(h) - 1
	if i != n {
		h.swap(i, n)
		if !h.down(i, n) {
			h.up(i)
		}
	}
	e := h[n]
	h[n] = nil
	*c = h[:n]
	e.index = -1
	return e
}

func (c calendar) up(j int) {
	for j > 0 {
		i := (j - 1) / 2
		if !c.less(j, i) {
			break
		}
		c.swap(i, j)
		j = i
	}
}

// down sifts i down within c[:n] and reports whether it moved.
func (c calendar) down(i0, n int) bool {
	i := i0
	for {
		j1 := 2*i + 1
		if j1 >= n || j1 < 0 {
			break
		}
		j := j1
		if j2 := j1 + 1; j2 < n && c.less(j2, j1) {
			j = j2
		}
		if !c.less(j, i) {
			break
		}
		c.swap(i, j)
		i = j
	}
	return i > i0
}
