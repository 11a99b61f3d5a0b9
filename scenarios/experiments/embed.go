// Package experiments embeds the experiment files shipped with ektpsim,
// so that `ektpsim experiment NAME` runs one from any folder.
package experiments

import "embed"

// FS holds every experiment file of this folder.
//
//go:embed *.yaml
var FS embed.FS
