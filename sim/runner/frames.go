package runner

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"

	"github.com/ektpsim/ektpsim/sim/model"
)

// Shard files (shard.gob, sweep-shard.gob) are a magic line naming the
// format, then frames: a 4-byte little-endian length, that many bytes of
// one gob value, and the CRC-32C of those bytes. The first frame is the
// header; it says how many frames follow and bounds their length, so that
// nothing read from a file is allocated before it is checked, and a
// flipped bit or a file cut short is refused by name.

// Limits on what a shard file may claim, whatever its checksums say.
const (
	maxShardReplications = 100_000
	maxShardRegions      = 20_000
	maxShardDays         = 50*366 + 1
	maxHeaderFrame       = 1 << 20 // a header, with a sweep's --vary and --set
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// frameWriter writes frames to w.
type frameWriter struct{ w io.Writer }

func newFrameWriter(w io.Writer, magic string) (*frameWriter, error) {
	_, err := io.WriteString(w, magic)
	return &frameWriter{w}, err
}

// put writes v as one frame.
func (fw *frameWriter) put(v any) error {
	var buf bytes.Buffer
	buf.Write(make([]byte, 4))
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		return err
	}
	b := buf.Bytes()
	n := len(b) - 4
	if n > math.MaxUint32 {
		return fmt.Errorf("shard frame of %d bytes", n)
	}
	binary.LittleEndian.PutUint32(b, uint32(n))
	b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(b[4:], castagnoli))
	_, err := fw.w.Write(b)
	return err
}

// frameReader reads frames, each into a buffer reused from frame to frame.
type frameReader struct {
	r   *bufio.Reader
	buf bytes.Buffer
}

// newFrameReader checks the magic line.
func newFrameReader(r io.Reader, magic string) (*frameReader, error) {
	br := bufio.NewReader(r)
	got := make([]byte, len(magic))
	if _, err := io.ReadFull(br, got); err != nil || string(got) != magic {
		return nil, fmt.Errorf("not a shard file of this version of ektpsim (it starts %q, want %q)", trimmed(got), magic)
	}
	return &frameReader{r: br}, nil
}

func trimmed(b []byte) string {
	if len(b) > 16 {
		b = b[:16]
	}
	return string(b)
}

// errEnd is returned by next at the end of the file, between frames.
var errEnd = errors.New("end of shard file")

// next reads one frame of at most limit bytes into v; what names it in an
// error ("the header", "record 3").
func (fr *frameReader) next(v any, limit int, what string) error {
	var head [4]byte
	if _, err := io.ReadFull(fr.r, head[:]); err != nil {
		if err == io.EOF {
			return errEnd
		}
		return fmt.Errorf("%s: cut short", what)
	}
	n := binary.LittleEndian.Uint32(head[:])
	if int64(n) > int64(limit) {
		return fmt.Errorf("%s: %d bytes long, more than the %d allowed", what, n, limit)
	}
	// The buffer grows as the bytes arrive, not by what the length
	// claims: a short file cannot make it allocate.
	fr.buf.Reset()
	if got, _ := io.CopyN(&fr.buf, fr.r, int64(n)+4); got != int64(n)+4 {
		return fmt.Errorf("%s: cut short", what)
	}
	b := fr.buf.Bytes()
	if sum := binary.LittleEndian.Uint32(b[n:]); sum != crc32.Checksum(b[:n], castagnoli) {
		return fmt.Errorf("%s: checksum mismatch (the file is damaged)", what)
	}
	if err := gob.NewDecoder(bytes.NewReader(b[:n])).Decode(v); err != nil {
		return fmt.Errorf("%s: %v", what, err)
	}
	return nil
}

// resultFrameLimit bounds the bytes of a frame holding count results of
// regions regions each and series values: gob writes a number in at most
// 9 bytes and a region's figures in well under 512, and a frame carries its
// own type descriptions.
func resultFrameLimit(count, regions, series int) int {
	return 64<<10 + count*(1024+regions*512) + series*10
}

// checkFigures refuses figures no run can have: negative counts, days
// outside the run, lost hours that are not finite or negative.
func checkFigures(f *model.Figures, days int, what string) error {
	bad := func(field string, v any) error {
		return fmt.Errorf("%s: %s = %v cannot come from a run of %d days", what, field, v, days)
	}
	switch {
	case f.PrintedTotal < 0:
		return bad("printed_total", f.PrintedTotal)
	case f.BacklogEnd < 0:
		return bad("backlog_end", f.BacklogEnd)
	case f.PeakBacklog < 0 || f.PeakBacklog < f.BacklogEnd:
		return bad("peak_backlog", f.PeakBacklog)
	case f.PeakDay < 0 || f.PeakDay >= days:
		return bad("peak_backlog_day", f.PeakDay)
	case f.StockoutDays < 0 || f.StockoutDays > days:
		return bad("blanks_stockout_days", f.StockoutDays)
	case f.StockoutRegionDays < 0:
		return bad("blanks_stockout_region_days", f.StockoutRegionDays)
	case f.ClearDay < -1 || f.ClearDay >= days:
		return bad("clear_day", f.ClearDay)
	case f.RenewalsTotal < 0:
		return bad("renewals_total", f.RenewalsTotal)
	case !(f.LostHours >= 0) || math.IsInf(f.LostHours, 0) || f.LostHours > float64(days)*24*1e9:
		return bad("lost_hours", f.LostHours)
	case !math.IsNaN(f.MeanWait) && (f.MeanWait < 0 || f.MeanWait > float64(days)*2+1e6):
		return bad("mean_wait_days", f.MeanWait)
	case !math.IsNaN(f.P95Wait) && (f.P95Wait < 0 || f.P95Wait > float64(days)*2+1e6):
		return bad("p95_wait_days", f.P95Wait)
	}
	for c, h := range f.LostByCause {
		if !(h >= 0) || math.IsInf(h, 0) {
			return bad(fmt.Sprintf("lost_hours_by_cause[%d]", c), h)
		}
	}
	return nil
}
