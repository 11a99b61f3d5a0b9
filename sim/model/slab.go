package model

// slab is one allocation for every region's arrays by day of the run (the
// certificate holders, the waits and the print-ready counts): about 50 kB
// a region, 25 MB for the nation's 514, touched a few lines a region and
// day. In one block the operating system can back them with large pages
// (hugePages, slab_linux.go), so that those touches do not each miss the
// processor's address-translation cache as well as its data caches.
type slab struct {
	mem []int64
}

// perRegion is how many int64 a region takes of the slab for days days:
// unprinted (days), waitHist (days+1), ready counts ((days+1) x classes).
func perRegion(days int) int { return days + days + 1 + (days+1)*numClasses }

func newSlab(regions, days int) slab {
	s := slab{mem: make([]int64, regions*perRegion(days))}
	hugePages(s.mem)
	return s
}

// take cuts the next n int64 off the slab.
func (s *slab) take(n int) []int64 {
	b := s.mem[:n:n]
	s.mem = s.mem[n:]
	return b
}
