// Package reference is a frozen copy of package model as of commit 7027ea6
// (issue 13 merged), before the redesign of issue 16: the reference the
// model is compared with, day row by day row and figure by figure, on
// random scenarios and every shipped scenario (model's reference_test.go).
// Do not change it; remove it one release after issue 16.
//
// What follows is the model's documentation as it was.
//
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
// for any validity in whole hours (certificate.go).
package reference
