// Package scenario reads, checks and writes ektpsim scenario files.
//
// A scenario is YAML with the keys of the model contract (MODEL.md). Load
// reads a file and the files it names with `base:`, merges `defaults` into
// every region, applies `--set` overrides, and decodes the result into a
// Scenario. Decoding and validation are pure: data in, problems out; every
// default lives in defaults.go (Default, DefaultRegion, ApplyDefaults), so
// validation only reads and a Scenario built in Go gets the same defaults. Every
// problem carries the file, line and column of the offending value and its
// key path, and all of them are reported together rather than one at a time.
// A problem of an override is named by the flag instead: `--set KEY=VALUE:
// key: message`.
//
// The package knows the scenario's vocabulary but not how it is simulated;
// package model turns a Scenario into a running simulation.
//
// # Ranges
//
// Every number is checked against the range of its key, so that the
// model's arithmetic stays exact (int64 sums of counts, float64 hours) and
// its work bounded; a value outside is refused with the limit named:
//
//   - records (backlog by stage and class, central stored,
//     storage_capacity, intake_per_day, changes, intake_quota,
//     clear_level) and blanks (stock, deliveries, reorder below and
//     amount, the national store, an allocation's reserve): whole
//     numbers 0 to 1,000,000,000,000 (or unlimited where the key allows
//     it); an allocation's box 1 to 1,000,000,000,000;
//   - ribbons (stock, deliveries, reorder below and amount): 0 to
//     1,000,000,000; cards_per_ribbon 0 (absent) to 1,000,000;
//   - recording rates (records a working day, per class, fixed or drawn,
//     in recording and recording_changes): 0 to 100,000,000;
//   - printers of a site (printers, printers_per_district, and printers
//     plus printers_per_district times districts) 0 to 100,000; a
//     scheduled outage's printers 0 to 100,000 and at most the site's;
//     districts 0 to 10,000; cards_per_printer_per_day 0 to 1,000,000;
//     population 0 to 10,000,000,000;
//   - duplicate_share 0 to 1;
//   - durations (every distribution's parameters and mean as well:
//     verification_delay, duplicate_resolution, certificate_validity,
//     lead_time, fetch_time, every, lasting, repair, ups_hours): 0 to 50 years of 366
//     days (439,200 hours), and a distribution may exceed the limit in at
//     most one draw in a million (dist.TailShare); draws above it are cut
//     to it. A sign is refused, -0h included. certificate_validity is at
//     least 1d; horizon and end give a run of at most 50 years;
//     overtime_hours end by midnight; an allocation's every is whole
//     days, at least 1d;
//   - the time between events of a renewal process (random outages'
//     every, centre and regions; breakdowns' every) has a mean of at least
//     a minute and at most half of its draws under a minute, or the process
//     would never advance;
//   - dates and instants: 1900-01-01 to 2199-12-31;
//   - replications 1 to 100,000; seed any whole number 0 to 2^64-1;
//   - regions at most 20,000; a file at most 16 MiB, and at most 2,000,000
//     values once aliases and defaults are expanded.
//
// Whole counts must be whole: 2.5 printers is refused, as are NaN and
// infinities anywhere.
//
// # Blank allocations
//
// central.blanks.allocation {policy, every, box, reserve} shares the
// national store out (see Allocation): policy is one of
// AllocationPolicies; a policy other than requests needs a finite
// central.blanks.stock, and population needs a region with a population.
// With requests, every and a box or reserve other than the defaults are
// refused, as is a region's fetch_time (a reorder's time is its
// lead_time).
//
// # Names and working days
//
// Region and site names (and region codes) are one line of printable text
// of at most 200 characters; no region is named ALL, in any case. The
// scenario's name names its result folder: letters (of any script),
// digits, spaces and - _ . + ( ), not beginning with a dot or a space, no
// "..", not ending in a dot or a space, at most 100 bytes.
//
// calendar.workdays is a list [mon, wed, fri], a text "mon,wed,fri", a
// range mon-fri, or a mix; a range wraps past Sunday (sat-tue is Saturday
// to Tuesday); a day given twice is refused.
//
// # YAML
//
// Aliases (*name) are resolved before base files, defaults and overrides
// are merged, so they work wherever their value is legal; merge keys (<<)
// are refused. A key given twice in one mapping, or a name given twice in
// one list of regions or sites, is refused in every file and --set value,
// whatever base and defaults also say. base cannot be --set. Only regular
// files are read (a named pipe, a folder or a device is refused before it
// is opened), and nothing of a file that is not a scenario is quoted.
package scenario
