package output

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
)

// Spool keeps one fixed-size record of float64 values per replication:
// what a run needs of every replication once all have run (the nation's
// days for bands.csv, the regions' figures for summary.json). Records stay
// in memory while they all fit in a budget; beyond it they go to a
// temporary file and are read back a part at a time, so that a run's
// memory does not grow with its replications. Put may be called from
// several goroutines for different records.
type Spool struct {
	n, size int
	mem     []float64 // all records, when in memory
	file    *os.File  // all records, when spilled
	// readBudget bounds the bytes read back at once by WriteBands and
	// Summary (chunkBudget; tests make it small).
	readBudget int64
}

// NewSpool makes a spool of n records of size values each. If they take
// more than budget bytes, they are kept in a temporary file in dir, which
// Close removes.
func NewSpool(dir string, n, size int, budget int64) (*Spool, error) {
	s := &Spool{n: n, size: size, readBudget: chunkBudget}
	if int64(n)*int64(size)*8 <= budget {
		s.mem = make([]float64, n*size)
		return s, nil
	}
	f, err := os.CreateTemp(dir, ".spool-*")
	if err != nil {
		return nil, fmt.Errorf("spool for %d replications: %w", n, err)
	}
	s.file = f
	return s, nil
}

// Spilled reports whether the records are kept in a file.
func (s *Spool) Spilled() bool { return s.file != nil }

// Len returns the number of records.
func (s *Spool) Len() int { return s.n }

// Put stores record i.
func (s *Spool) Put(i int, rec []float64) error {
	if len(rec) != s.size {
		return fmt.Errorf("spool: record of %d values, want %d", len(rec), s.size)
	}
	if s.file == nil {
		copy(s.mem[i*s.size:], rec)
		return nil
	}
	b := make([]byte, 8*len(rec))
	for k, v := range rec {
		binary.LittleEndian.PutUint64(b[8*k:], math.Float64bits(v))
	}
	_, err := s.file.WriteAt(b, int64(i)*int64(s.size)*8)
	return err
}

// Get reads len(dst) values of record i from value off on. buf is scratch
// space that Get may grow and returns.
func (s *Spool) Get(i, off int, dst []float64, buf []byte) ([]byte, error) {
	if s.file == nil {
		copy(dst, s.mem[i*s.size+off:])
		return buf, nil
	}
	if cap(buf) < 8*len(dst) {
		buf = make([]byte, 8*len(dst))
	}
	buf = buf[:8*len(dst)]
	if _, err := s.file.ReadAt(buf, (int64(i)*int64(s.size)+int64(off))*8); err != nil {
		return buf, fmt.Errorf("spool: reading replication %d: %w", i, err)
	}
	for k := range dst {
		dst[k] = math.Float64frombits(binary.LittleEndian.Uint64(buf[8*k:]))
	}
	return buf, nil
}

// Record returns a copy of record i.
func (s *Spool) Record(i int) ([]float64, error) {
	rec := make([]float64, s.size)
	_, err := s.Get(i, 0, rec, nil)
	return rec, err
}

// Close removes the file of a spilled spool; the spool is then empty. A
// second Close does nothing.
func (s *Spool) Close() error {
	s.mem = nil
	if s.file == nil {
		return nil
	}
	name := s.file.Name()
	err := s.file.Close()
	s.file = nil
	if rerr := os.Remove(name); err == nil {
		err = rerr
	}
	return err
}

// SpoolBudget is the memory a spool may take before it spills to a file:
// the nation's days of about 300 replications of the national scenario, or
// the figures of its 514 regions for about 900.
const SpoolBudget = 64 << 20

// chunkBudget bounds what is read back from a spool at once.
const chunkBudget = 16 << 20
