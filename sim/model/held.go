package model

// heldQueue holds a region's batches under verification (or duplicate
// resolution) until their release times. Most releases are applied by
// advance, days after the batch was held, when nothing else has touched
// its memory; so a batch is kept in as few cache lines as possible: its
// key (release time, slot, pieces) in a binary min-heap of 16-byte keys,
// O(log n) to hold or release, and its pieces in a flat arena, a fixed
// stride of them a slot (the rare longer batch keeps the rest in more).
// Where keeping batches sorted shifted every later one (about 40 wait per
// region on a 60-day duplicate delay), the heap does not; where each batch
// had its own slice of pieces, reading it at release missed the cache.
// The order in which batches due together are released does not matter: a
// release only adds counts.
type heldQueue struct {
	keys   []heldKey
	stride int       // pieces a slot keeps in arena
	arena  []piece   // slot s's first pieces at [s*stride, s*stride+min(np, stride))
	more   [][]piece // slot s's pieces beyond the stride
	// free is the first slot not in use, -1 if none; a free slot's first
	// piece holds the next (in its n), so that the free list costs no
	// cache line of its own: a slot just released is the next one used.
	free int32
}

type heldKey struct {
	at   float64 // release time, hours
	slot int32
	np   int32 // pieces in the batch
}

func newHeldQueue(stride int) heldQueue { return heldQueue{stride: stride, free: -1} }

// push holds the pieces ps (copied) until at.
func (q *heldQueue) push(at float64, ps []piece) {
	slot := q.free
	if slot >= 0 {
		q.free = int32(q.arena[int(slot)*q.stride].n)
	} else {
		slot = int32(len(q.more))
		q.more = append(q.more, nil)
		q.arena = append(q.arena, make([]piece, q.stride)...)
	}
	k := min(len(ps), q.stride)
	copy(q.arena[int(slot)*q.stride:], ps[:k])
	if len(ps) > k {
		q.more[slot] = append(q.more[slot][:0], ps[k:]...)
	}
	h := append(q.keys, heldKey{at, slot, int32(len(ps))})
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if !(h[i].at < h[p].at) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
	q.keys = h
}

// due reports whether the earliest batch is due before now, or at now too
// if inclusive.
func (q *heldQueue) due(now float64, inclusive bool) bool {
	return len(q.keys) > 0 && (q.keys[0].at < now || inclusive && q.keys[0].at == now)
}

// next returns the earliest release time (false when nothing is held).
func (q *heldQueue) next() (float64, bool) {
	if len(q.keys) == 0 {
		return 0, false
	}
	return q.keys[0].at, true
}

// pieces returns the pieces of the batch with key k: the first at most
// stride of them and the rest. They stay valid until the slot is reused.
func (q *heldQueue) pieces(k heldKey) (first, rest []piece) {
	n := min(int(k.np), q.stride)
	at := int(k.slot) * q.stride
	first = q.arena[at : at+n]
	if int(k.np) > n {
		rest = q.more[k.slot]
	}
	return first, rest
}

// pop removes the earliest batch and returns its key. Its pieces stay
// readable until freeSlot(key.slot).
func (q *heldQueue) pop() heldKey {
	h := q.keys
	top := h[0]
	last := len(h) - 1
	h[0] = h[last]
	h = h[:last]
	for i := 0; ; {
		l, small := 2*i+1, i
		if l < len(h) && h[l].at < h[small].at {
			small = l
		}
		if l+1 < len(h) && h[l+1].at < h[small].at {
			small = l + 1
		}
		if small == i {
			break
		}
		h[i], h[small] = h[small], h[i]
		i = small
	}
	q.keys = h
	return top
}

// freeSlot makes slot, popped and read, the next one push uses.
func (q *heldQueue) freeSlot(slot int32) {
	q.arena[int(slot)*q.stride].n = int64(q.free)
	q.free = slot
}
