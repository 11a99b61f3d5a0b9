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
package model
