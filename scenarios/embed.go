// Package scenarios embeds the scenario files shipped with ektpsim, so
// that `ektpsim run` works with no file at hand.
package scenarios

import "embed"

// FS holds every scenario file of this folder.
//
//go:embed *.yaml
var FS embed.FS

// Default is the scenario `ektpsim run` uses when given none.
const Default = "example-2017.yaml"
