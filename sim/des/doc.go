// Package des is a small discrete-event simulation kernel: a clock, an
// event calendar and named random streams.
//
// It knows nothing of the system being simulated. A model schedules
// Actions at points in simulated time; Env.Run pops them in order of
// (time, priority, scheduling order) and fires them, so two runs that
// schedule the same events fire them in the same order. There are no
// goroutines and no package-level state: every Env is an independent value,
// so replications can run in parallel.
//
// Time is a float64 number of hours from the start of the run. Whole hours
// and the usual fractions (minutes, half hours) are exact in float64, so
// events at dates and clock times compare exactly.
package des
