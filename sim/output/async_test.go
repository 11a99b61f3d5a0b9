package output

import (
	"bytes"
	"errors"
	"testing"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// Rows passed through Async reach the writer in order and unchanged, even
// though the caller reuses its row slice at once: the bytes equal a direct
// write.
func TestAsyncSameBytes(t *testing.T) {
	names := []string{"A", "B"}
	var direct, async bytes.Buffer
	dd, _ := NewDaily(&direct, names)
	ad, _ := NewDaily(&async, names)
	a := NewAsync(ad, 2)
	rows := make([]model.DayRow, 2)
	var nation model.DayRow
	start := scenario.Date{}
	for d := 0; d < 200; d++ {
		for i := range rows {
			rows[i] = model.DayRow{Recorded: int64(d*10 + i), PrintHours: float64(d) / 3}
		}
		nation = model.DayRow{Recorded: int64(d)}
		date := start.AddDays(int64(d))
		if err := dd.Day(date, &nation, rows); err != nil {
			t.Fatal(err)
		}
		if err := a.Day(date, &nation, rows); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	dd.Flush()
	ad.Flush()
	if !bytes.Equal(direct.Bytes(), async.Bytes()) || direct.Len() == 0 {
		t.Fatalf("async wrote %d bytes, direct %d; they differ", async.Len(), direct.Len())
	}
}

type failAfter struct{ n int }

func (f *failAfter) Day(scenario.Date, *model.DayRow, []model.DayRow) error {
	if f.n--; f.n < 0 {
		return errDiskFull
	}
	return nil
}

var errDiskFull = errors.New("disk full")

// An observer's error comes back from a later Day, so the run stops, and
// from Close.
func TestAsyncError(t *testing.T) {
	a := NewAsync(&failAfter{n: 3}, 1)
	var row model.DayRow
	var err error
	for d := 0; d < 100 && err == nil; d++ {
		err = a.Day(scenario.Date{}, &row, nil)
	}
	if !errors.Is(err, errDiskFull) {
		t.Errorf("Day returned %v after the observer failed, want %v", err, errDiskFull)
	}
	if err := a.Close(); !errors.Is(err, errDiskFull) {
		t.Errorf("Close returned %v, want %v", err, errDiskFull)
	}
}
