// Package model is the e-KTP print-capacity model: the central biodata
// server, the regions with their recording, stocks, sites, printers and
// outages, and the temporary certificates of people still waiting.
//
// It runs on the generic kernel of package des. Records move as cohorts
// (a recording day, a class, a count), never one by one, and printing
// proceeds at a rate between events: a site's whole cards are counted when
// something changes, with the fractional card carried over. An event is
// scheduled only where the state changes (an outage starts, a stock or a
// queue runs out, a reorder threshold is crossed), so the cost of a run
// grows with the number of state changes, not with the number of cards or
// people.
//
// Events: every event that changes one region goes through
// region.update, which brings the region's printing up to the event's
// time (advance), applies the change, and plans what follows (plan): the
// sites' rates and causes, reorders and the next wake-up. Events that
// change every region at once (office opening, closing and end of
// overtime in calendar.go, the rows at 24:00 in rows.go, a central
// outage in outages.go) follow the same order region by region; a central
// outage first records and advances every region, since what was recorded
// before it goes by the old state of the upload path.
//
// Files by concern: calendar.go (the day's structure, priorities, office
// passes), recording.go (records made and uploaded), intake.go (the
// centre's 00:00 intake, acceptance, verification and duplicate batches
// held until release), printing.go (advance, print, plan, wake-ups),
// certificates.go, outages.go, stocks.go (regional stocks, reorders, the
// national store), rows.go (the day's rows), invariants.go (the checker).
//
// Units: time in hours from the start date's 00:00, rates in cards per
// hour, stocks in cards (blanks) and cards' worth of ribbon.
//
// Bounds: CheckSize estimates one replication's memory from a validated
// scenario before anything is allocated and refuses more than
// MaxReplicationBytes. Within the ranges validation accepts, every count
// fits int64 (stocks are held to 2^61 cards, the nation's sums saturate;
// see arith.go), a reorder costs O(log n) whatever its threshold and
// amount, renewal processes stay up at least a minute, and certificate
// renewals cost at most 24 look-ups a region and day (or 576 additions)
// for any validity in whole hours (certificates.go).
package model
