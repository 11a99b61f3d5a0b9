package scenario

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Names are written into CSV rows, chart titles and folder names, so they
// are held to rules:
//   - a region's or site's name (and a region's code) is one line of
//     printable text (letters of any script, digits, spaces, punctuation
//     and symbols; no line break, tab or other control or format
//     character) of at most MaxNameLength characters, and no region is
//     named ALL (in any case), the name of the nation's rows;
//   - the scenario's name also names its result folder: besides being one
//     line of text it holds only letters, digits, spaces and - _ . + ( ),
//     does not begin with a dot or a space, holds no "..", does not end in
//     a dot or a space, and is at most MaxScenarioNameBytes bytes long.
const (
	MaxNameLength        = 200
	MaxScenarioNameBytes = 100
)

// printable reports whether s is one line of printable text.
func printable(s string) bool {
	for _, r := range s {
		if !unicode.IsGraphic(r) || r == utf8.RuneError {
			return false
		}
	}
	return true
}

// lineProblem returns what keeps s from being one line of printable text
// of at most max characters, or "".
func lineProblem(s string, max int) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8 text"
	}
	i := 0
	for _, r := range s {
		i++
		if !unicode.IsGraphic(r) {
			return fmt.Sprintf("holds a control character (%U, a line break, tab or the like) at character %d; a name is one line of printable text", r, i)
		}
	}
	if i > max {
		return fmt.Sprintf("is %d characters long; a name has at most %d", i, max)
	}
	return ""
}

// nameProblem returns what is wrong with a region's (region true) or
// site's name, or "".
func nameProblem(name string, region bool) string {
	if msg := lineProblem(name, MaxNameLength); msg != "" {
		return msg
	}
	if region && strings.EqualFold(strings.TrimSpace(name), "ALL") {
		return fmt.Sprintf("%q is the name of the nation's rows in the outputs; choose another name for a region", name)
	}
	return ""
}

// ScenarioNameChars are the characters besides letters, digits and marks
// that a scenario's name (and so a run's name) may hold.
const ScenarioNameChars = " -_.+()=,%@"

// ScenarioNameProblem returns what keeps name from naming a result
// folder, or "". It is the one rule for scenario names and run names.
func ScenarioNameProblem(name string) string {
	if msg := lineProblem(name, MaxScenarioNameBytes); msg != "" {
		return msg
	}
	for _, r := range name {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || strings.ContainsRune(ScenarioNameChars, r)) {
			return fmt.Sprintf("%q is not allowed in a scenario name, which names its result folder; use letters, digits, spaces and - _ . + ( ) = , %% @", r)
		}
	}
	switch {
	case strings.HasPrefix(name, ".") || strings.HasPrefix(name, " "):
		return "begins with a dot or a space; a scenario name names its result folder, which must not be hidden or a path"
	case strings.Contains(name, ".."):
		return "holds \"..\"; a scenario name names its result folder, not a path"
	case strings.HasSuffix(name, ".") || strings.HasSuffix(name, " "):
		return "ends in a dot or a space; a scenario name names its result folder"
	case len(name) > MaxScenarioNameBytes:
		return fmt.Sprintf("is %d bytes long; a scenario name, which names its result folder, has at most %d bytes (letters outside A-Z take 2 to 4)", len(name), MaxScenarioNameBytes)
	}
	return ""
}
