package des

import (
	"hash/fnv"
	"math/rand/v2"
)

// Streams derives independent random streams from one seed. The stream for
// a name depends only on the seed, the replication and the name, so adding,
// removing or reordering other streams never changes its numbers: that is
// what gives common random numbers across scenarios that share a process.
type Streams struct {
	Seed        uint64
	Replication int
}

// Source returns a new PCG source for the named stream.
func (s Streams) Source(name string) *rand.PCG {
	h := fnv.New64a()
	h.Write([]byte(name))
	k := h.Sum64()
	a := splitmix(s.Seed ^ splitmix(uint64(s.Replication)+0x9e3779b97f4a7c15))
	return rand.NewPCG(splitmix(a^k), splitmix(a+k*0xbf58476d1ce4e5b9))
}

// Stream returns a new generator for the named stream.
func (s Streams) Stream(name string) *rand.Rand {
	return rand.New(s.Source(name))
}

// splitmix is the SplitMix64 finaliser: it spreads every input bit over the
// whole output, so neighbouring seeds give unrelated streams.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
