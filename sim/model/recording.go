package model

import (
	"math"

	"github.com/ektpsim/ektpsim/sim/scenario"
)

func (r *region) uploadUp() bool { return r.netDown == 0 && r.m.centre.down == 0 }

// upload sends every unsent record to the centre if the way is open.
func (r *region) upload() {
	if !r.uploadUp() {
		return
	}
	r.unsent.drainInto(&r.awaiting)
}

// startRecording draws the day's recordings by class; they arrive evenly
// over office hours.
func (r *region) startRecording(day int, now float64) {
	for r.nextChangeAt <= now {
		ch := r.cfg.RecordingChanges[r.nextChange]
		for c, v := range []*scenario.CountDist{ch.FirstTime, ch.Replacement, ch.ElementChange} {
			if v != nil {
				r.rates[c] = newCountDraw(v.Dist)
			}
		}
		r.nextChange++
		r.nextChangeAt = r.changeAt(r.nextChange)
	}
	r.recording, r.recDay, r.recStart = true, day, now
	for c := range r.rates {
		r.recN[c], r.recDone[c] = 0, 0
		if d := &r.rates[c]; d.d != nil {
			r.recN[c] = d.draw(&r.recPCG, &r.recRand) // 0 .. dist.MaxCount
		}
	}
}

// record brings the day's recording up to now: the records of office
// hours before now, spread evenly, go to the unsent or the awaiting queue
// by whether the upload path is open, which must not have changed since
// the last call.
func (r *region) record(now float64) {
	if !r.recording {
		return
	}
	frac := (now - r.recStart) / r.m.officeLen
	up := r.uploadUp()
	for c := range r.recN {
		target := r.recN[c]
		if frac < 1 {
			target = min(target, int64(math.Floor(float64(r.recN[c])*frac+eps)))
		}
		k := target - r.recDone[c]
		if k <= 0 {
			continue
		}
		r.recDone[c] = target
		r.recordedCum += k
		r.unprinted[r.recDay] += k
		if up {
			r.awaiting.add(c, int32(r.recDay), k)
		} else {
			r.unsent.add(c, int32(r.recDay), k)
		}
	}
}

// changeAt is when recording change i applies, in hours (+Inf if there is
// none).
func (r *region) changeAt(i int) float64 {
	if i >= len(r.cfg.RecordingChanges) {
		return math.Inf(1)
	}
	return r.m.hours(r.cfg.RecordingChanges[i].Date)
}
