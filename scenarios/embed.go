// Package scenarios embeds the scenario files shipped with ektpsim, so
// that `ektpsim run` works with no file at hand.
package scenarios

import "embed"

//go:generate go run ../cmd/gennational -regions ../data/regions.csv -o national-2016-2018.yaml

// FS holds every scenario file of this folder.
//
//go:embed *.yaml
var FS embed.FS

// Default is the scenario `ektpsim run` uses when given none.
const Default = "national-2016-2018.yaml"
