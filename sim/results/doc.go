// Package results is the result schema of ektpsim: what a run reports, in
// one place. Daily lists the daily metrics (the columns of daily.csv and
// the metrics of bands.csv), Figures the headline figures (summary.json,
// replications.csv, the tables of compare and report), Causes the causes
// of lost printer-hours with their names. The output package writes from
// these tables; chart, report, compare and sweep read them. Adding a
// measure is adding one row.
//
// It also reads a result folder back (ReadRun) or builds the same Run in
// memory as a run goes (Collector), pairs replications of two runs
// (PairedDifferences) and formats numbers for people (Thousands, Short).
package results
