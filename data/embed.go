// Package data embeds the field data shipped with ektpsim, so that the
// binary works with no checkout at hand: regions.csv lists every
// kabupaten/kota of 2017 with its code, province and population (see
// SOURCES.md).
package data

import "embed"

// FS holds regions.csv.
//
//go:embed regions.csv
var FS embed.FS
