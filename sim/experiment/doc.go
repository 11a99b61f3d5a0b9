// Package experiment reads, checks and runs saved experiments: a baseline
// scenario and named variants of it, each a list of edits a planner can
// write, run with the same seed and replications and compared in one
// folder, as AnyLogic's parameter variation or JaamSim's run control do.
//
// An experiment file is YAML:
//
//	name: blanks-earlier              # default: the file's name
//	base: national-2016-2018          # a path (from this file's folder) or a shipped scenario's name
//	seed: 2016                        # default: the base's
//	replications: 10                  # default: the base's
//	figures: [backlog_end, printed_total]
//	regions: [Kota Kupang]            # regions of interest, printed with the findings
//	variants:
//	  - name: blanks-90d-earlier
//	    edits:
//	      - shift: central.blanks.deliveries
//	        by: -90d
//
// The edits are
//
//   - set KEY, value V: as `--set KEY=V` on the base (the same dotted key
//     paths); set edits come first in a variant, as --set applies before
//     the rest;
//   - shift KEY by ±Nd (or ±Nw): every date under KEY moves, e.g. every
//     delivery of the national store (central.blanks.deliveries);
//   - scale KEY by xF: the number at KEY, each amount of a list of
//     deliveries, or each rate of a mapping by class, multiplied by F
//     (whole numbers rounded to the nearest);
//   - append KEY, item {...}: the item added at the end of the list at
//     KEY (a site, a delivery, a region).
//
// With `regions:` an edit applies to a selection of regions, its KEY read
// inside each region (blanks.deliveries, sites): `{names: [...]}`,
// `{province: NAME}` (the province of data/regions.csv for the region's
// code), `{top: N, by: FIGURE, in: baseline}` (the N regions with the
// largest FIGURE in the baseline's result, which then runs first), or
// several of them at once (the regions that pass every filter, ranked
// by top last).
//
// Decoding is pure, data in and problems out, every problem at once with
// its file, line, column and key, as in package scenario.
package experiment
