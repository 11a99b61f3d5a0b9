package runner

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ektpsim/ektpsim/sim/scenario"
)

// maxName is the longest run name, in bytes; a longer derived name is cut
// and ends in a hash of the whole.
const maxName = 96

// runName is the name of the run of sc, loaded for cfg: cfg.Name if given;
// else, when cfg's overrides (--set, --seed, --replications) make the
// resolved scenario differ from its file's, the file's name followed by
// the overrides (national-2016-2018+central.intake_per_day=100000), so that
// the run gets a folder, chart titles and a compare column of its own;
// else the scenario's own name. A focus (--region) alone keeps the name.
func runName(cfg Config, sc *scenario.Scenario) (string, error) {
	if cfg.Name != "" {
		if err := CheckName(cfg.Name); err != nil {
			return "", err
		}
		return cfg.Name, nil
	}
	overrides := overrideParts(cfg)
	if len(overrides) == 0 || setsName(cfg.Set) {
		return sc.Name, nil // unchanged, or named by --set name=...
	}
	base, err := Load(Config{Scenario: cfg.Scenario})
	if err != nil {
		return "", err
	}
	a, err := withoutFocus(base)
	if err != nil {
		return "", err
	}
	b, err := withoutFocus(sc)
	if err != nil {
		return "", err
	}
	if bytes.Equal(a, b) {
		return sc.Name, nil
	}
	return derivedName(sc.Name, overrides), nil
}

// setsName reports whether one of the --set overrides is the scenario's
// name itself.
func setsName(set []string) bool {
	for _, s := range set {
		if o, err := scenario.ParseOverride(s); err == nil && o.Path == "name" {
			return true
		}
	}
	return false
}

// overrideParts lists cfg's overrides as KEY=VALUE, in the order given.
func overrideParts(cfg Config) []string {
	var parts []string
	for _, s := range cfg.Set {
		parts = append(parts, strings.TrimSpace(s))
	}
	if cfg.Seed != "" {
		parts = append(parts, "seed="+cfg.Seed)
	}
	if cfg.Replications > 0 {
		parts = append(parts, "replications="+strconv.Itoa(cfg.Replications))
	}
	return parts
}

// derivedName is base+override+override..., every character a file name
// should not hold replaced by '_', and cut to maxName bytes with a hash of
// the whole at the end when longer. The same overrides give the same name.
func derivedName(base string, overrides []string) string {
	full := base + "+" + strings.Join(overrides, "+")
	var b strings.Builder
	for i, r := range full {
		if i < len(base) || unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._+=-,()%", r) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	name := b.String()
	if len(name) <= maxName {
		return name
	}
	h := sha256.Sum256([]byte(full))
	cut := maxName - 9
	for cut > 0 && !utf8.RuneStart(name[cut]) {
		cut--
	}
	return name[:cut] + "-" + hex.EncodeToString(h[:4])
}

// CheckName refuses a run name that cannot be a folder of its own under
// results/ on every system: empty, longer than maxName bytes, more than one
// line, a path (/ or \), hidden or option-like (a leading . or -), or
// holding a character Windows forbids.
func CheckName(name string) error {
	bad := func(why string) error {
		return &InputError{fmt.Errorf("--name %q: %s; a run name is a folder name under results/: letters, digits, spaces and %s e.g. --name intake-100k", name, why, strings.TrimSpace(scenario.ScenarioNameChars))}
	}
	switch {
	case strings.TrimSpace(name) == "":
		return bad("empty")
	case len(name) > maxName:
		return bad(fmt.Sprintf("%d bytes, at most %d", len(name), maxName))
	case strings.HasPrefix(name, "-"):
		return bad("starts with -, which reads as a flag")
	case strings.ContainsAny(name, `/\`):
		return bad("a path, not a name")
	}
	if msg := scenario.ScenarioNameProblem(name); msg != "" {
		return bad(msg)
	}
	return nil
}
