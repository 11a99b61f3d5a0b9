// Package serve is `ektpsim serve`: a local web page on which a planner
// moves the levers of a scenario (central intake, server capacity, blank
// waves, printers, UPS, overtime, outages, replications, seed) and sees
// the backlog move, with its uncertainty and against the baseline.
//
// The page is one more consumer of the packages the command line uses: a
// what-if is the chosen scenario with `--set` overrides (one list per
// lever, see Levers), loaded and validated by package scenario, run by
// package model replication by replication, and summarised by
// output.Summary, so that the figures on the page are those of
// `ektpsim run SCENARIO --set ...`'s summary.json. Results are cached by
// the resolved scenario's identity (output.ScenarioIdentity), found first
// by the request that made them (so that a cached what-if answers without
// loading its scenario); a client's new request cancels its superseded
// run; one replication runs at a time
// per CPU and the rest wait, shown as queued. The assets (the page and the
// vendored uPlot chart library) are embedded, so no network is needed.
package serve
