package output

import (
	"sync"

	"github.com/ektpsim/ektpsim/sim/model"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// Async passes each day's rows to another observer on a goroutine of its
// own, so that formatting and writing them (daily.csv is 57 MB for the
// nation) overlap the simulation instead of adding to it. The rows are
// copied into a few recycled buffers; the observer sees the days in order,
// exactly as if it were called directly. An error of the observer is
// returned by a later Day, which stops the run, and by Close.
type Async struct {
	next model.Observer
	days chan asyncDay
	free chan asyncDay
	done chan struct{}

	mu  sync.Mutex
	err error
}

type asyncDay struct {
	date    scenario.Date
	nation  model.DayRow
	regions []model.DayRow
}

// NewAsync starts passing rows to next; buffered days may wait at most.
// Call Close when the run ends, however it ends.
func NewAsync(next model.Observer, buffered int) *Async {
	a := &Async{next: next, days: make(chan asyncDay, buffered), free: make(chan asyncDay, buffered+1), done: make(chan struct{})}
	for range buffered + 1 {
		a.free <- asyncDay{}
	}
	go a.loop()
	return a
}

func (a *Async) loop() {
	defer close(a.done)
	for d := range a.days {
		if a.failed() == nil {
			if err := a.next.Day(d.date, &d.nation, d.regions); err != nil {
				a.mu.Lock()
				a.err = err
				a.mu.Unlock()
			}
		}
		a.free <- d
	}
}

func (a *Async) failed() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.err
}

// Day copies the rows and hands them over; it waits only when every
// buffer is in use.
func (a *Async) Day(date scenario.Date, nation *model.DayRow, regions []model.DayRow) error {
	if err := a.failed(); err != nil {
		return err
	}
	d := <-a.free
	d.date, d.nation = date, *nation
	d.regions = append(d.regions[:0], regions...)
	a.days <- d
	return nil
}

// Close waits until the observer has seen every day handed over and
// returns its error, if any.
func (a *Async) Close() error {
	close(a.days)
	<-a.done
	return a.failed()
}
