package model

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// The held queue against a plain model of it: batches come out earliest
// first with their pieces intact, whatever the order of holds and
// releases, and a free slot is reused last freed, first used (the order
// a snapshot's ties between equal release times follow).
func TestHeldQueue(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, stride := range []int{1, 4, 8} {
		q := newHeldQueue(stride)
		type batch struct {
			at float64
			ps []piece
		}
		var want []batch  // what is held, in no order
		var freed []int32 // slots freed, oldest first (a plain LIFO)
		maxSlot := int32(-1)
		for step := 0; step < 5000; step++ {
			if len(want) == 0 || rng.IntN(3) > 0 && len(want) < 40 {
				n := 1 + rng.IntN(2*stride+1)
				ps := make([]piece, n)
				for i := range ps {
					ps[i] = piece{day: int32(rng.IntN(900)), cls: int8(rng.IntN(numClasses)), n: 1 + rng.Int64N(1e6)}
				}
				at := float64(rng.IntN(500))
				q.push(at, ps)
				key := q.keys[slices.IndexFunc(q.keys, func(k heldKey) bool {
					first, rest := q.pieces(k)
					return k.at == at && slices.Equal(append(slices.Clone(first), rest...), ps)
				})]
				if len(freed) > 0 {
					if last := freed[len(freed)-1]; key.slot != last {
						t.Fatalf("stride %d, step %d: slot %d used, want %d (the last freed)", stride, step, key.slot, last)
					}
					freed = freed[:len(freed)-1]
				} else if key.slot != maxSlot+1 {
					t.Fatalf("stride %d, step %d: new slot %d, want %d", stride, step, key.slot, maxSlot+1)
				} else {
					maxSlot++
				}
				want = append(want, batch{at, ps})
				continue
			}
			top, _ := q.next()
			key := q.pop()
			first, rest := q.pieces(key)
			got := append(slices.Clone(first), rest...)
			i := slices.IndexFunc(want, func(b batch) bool { return b.at == key.at && slices.Equal(b.ps, got) })
			if key.at != top || i < 0 || slices.ContainsFunc(want, func(b batch) bool { return b.at < key.at }) {
				t.Fatalf("stride %d, step %d: popped a batch at %v that is not the earliest held, or with other pieces", stride, step, key.at)
			}
			want = slices.Delete(want, i, i+1)
			q.freeSlot(key.slot)
			freed = append(freed, key.slot)
		}
	}
}
