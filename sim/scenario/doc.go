// Package scenario reads, checks and writes ektpsim scenario files.
//
// A scenario is YAML with the keys of the model contract (MODEL.md). Load
// reads a file and the files it names with `base:`, merges `defaults` into
// every region, applies `--set` overrides, and decodes the result into a
// Scenario. Decoding and validation are pure: data in, problems out. Every
// problem carries the file, line and column of the offending value and its
// key path, and all of them are reported together rather than one at a time.
//
// The package knows the scenario's vocabulary but not how it is simulated;
// package model turns a Scenario into a running simulation.
package scenario
