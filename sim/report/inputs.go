package report

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ektpsim/ektpsim/sim/results"
	"github.com/ektpsim/ektpsim/sim/scenario"
)

// keyWords says the scenario keys planners change most in words ("label"
// or "label|unit" for a unit after the values); other keys are said by
// their path, underscores as spaces.
func keyWords(key string) (string, bool) {
	w, ok := map[string]string{
		"central.intake_per_day":              "central intake|a day",
		"central.changes.intake_per_day":      "central intake|a day",
		"central.changes.storage_capacity":    "central storage",
		"central.changes":                     "central change",
		"central.intake_policy":               "central intake policy",
		"central.storage_capacity":            "central storage",
		"central.blanks.stock":                "national blank store",
		"central.blanks.deliveries":           "national blank deliveries",
		"blanks.deliveries":                   "blank deliveries",
		"central.duplicate_share":             "share of duplicates",
		"central.verification_delay":          "verification delay",
		"certificate_validity":                "temporary certificate valid",
		"calendar.workdays":                   "working days",
		"calendar.office_hours":               "office hours",
		"calendar.overtime_hours":             "overtime hours",
		"replications":                        "replications",
		"seed":                                "seed",
		"start":                               "start",
		"end":                                 "end",
		"blanks.stock":                        "blanks at the start",
		"ups_hours":                           "UPS hours",
		"central.outages.network.every":       "central network outages every",
		"central.outages.application.every":   "central application outages every",
		"central.outages.application.lasting": "central application outages lasting",
	}[key]
	return w, ok
}

// InputsDiffer says in words which inputs of other differ from base's, from
// their resolved scenarios: "central intake a day 50,000 -> 100,000". At
// most limit lines; the rest are counted.
func InputsDiffer(base, other *scenario.Scenario, limit int) []string {
	a, b := flatScenario(base, base), flatScenario(other, base)
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	var diff []string
	for k := range keys {
		if k == "name" || k == "description" || a[k] == b[k] {
			continue
		}
		diff = append(diff, k)
	}
	sort.Strings(diff)
	inA, inB := entries(a), entries(b)
	// A list entry that only one side has (a site appended, a delivery
	// removed) is one line with its fields, not one line a field, and
	// the list's count then says nothing more.
	var ls []inputLine
	whole := map[string]bool{}
	changed := map[string]bool{}
	for _, k := range diff {
		if e, added := missingEntry(k, inA, inB); e != "" {
			changed[entryList(e)] = true
			if !whole[e] {
				whole[e] = true
				ls = append(ls, entryLine(e, added, a, b))
			}
		}
	}
	for _, k := range diff {
		if e, _ := missingEntry(k, inA, inB); e != "" {
			continue
		}
		if list, ok := strings.CutSuffix(k, " (how many)"); ok && changed[list] {
			continue
		}
		label, unit, _ := strings.Cut(pathWords(k), "|")
		line := fmt.Sprintf("%s %s -> %s", label, valueWords(a[k]), valueWords(b[k]))
		if unit != "" {
			line += " " + unit
		}
		ls = append(ls, splitRegion(k, line))
	}
	sort.SliceStable(ls, func(i, j int) bool { return ls[i].key < ls[j].key })
	out := groupRegions(ls)
	if len(out) > limit {
		n := len(out) - limit
		out = append(out[:limit:limit], fmt.Sprintf("and %d more %s (compare the two scenario.yaml files)", n, plural(n, "input", "inputs")))
	}
	return out
}

// inputLine is one input that differs: said in words, with the region
// it is about ("" for the nation's) and what follows the region's name.
type inputLine struct {
	key, region, rest, text string
}

// splitRegion takes the region's name off a line about one region's
// input, so that the same change in several regions reads as one line.
func splitRegion(key, text string) inputLine {
	l := inputLine{key: key, text: text}
	if strings.HasPrefix(key, "regions[") {
		if region, rest, ok := strings.Cut(text, ": "); ok {
			l.region, l.rest = region, rest
		}
	}
	return l
}

// groupRegions writes lines, the same change in two or more regions as
// one line: "sites added: kecamatan offices (...), in 20 regions
// (Kabupaten Bandung, Kabupaten Bekasi, Kabupaten Bogor and 17 more)".
func groupRegions(ls []inputLine) []string {
	in := map[string][]string{}
	for _, l := range ls {
		if l.region != "" {
			in[l.rest] = append(in[l.rest], l.region)
		}
	}
	var out []string
	done := map[string]bool{}
	for _, l := range ls {
		regions := in[l.rest]
		if l.region == "" || len(regions) < 2 {
			out = append(out, l.text)
			continue
		}
		if done[l.rest] {
			continue
		}
		done[l.rest] = true
		names := strings.Join(regions, ", ")
		if len(regions) > 3 {
			names = strings.Join(regions[:3], ", ") + fmt.Sprintf(" and %d more", len(regions)-3)
		}
		out = append(out, fmt.Sprintf("%s, in %d regions (%s)", l.rest, len(regions), names))
	}
	return out
}

// entries are the list entries a flat scenario holds: for
// "regions[Kota A].sites[office].printers", "regions[Kota A]" and
// "regions[Kota A].sites[office]".
func entries(flat map[string]string) map[string]bool {
	out := map[string]bool{}
	for k := range flat {
		for i := 0; i < len(k); i++ {
			if k[i] == ']' {
				out[k[:i+1]] = true
			}
		}
	}
	return out
}

// missingEntry is the outermost list entry of key that only one side has,
// and whether it is the other's (added); "" when both have every entry.
func missingEntry(key string, inA, inB map[string]bool) (entry string, added bool) {
	for i := 0; i < len(key); i++ {
		if key[i] != ']' {
			continue
		}
		switch e := key[:i+1]; {
		case !inA[e]:
			return e, true
		case !inB[e]:
			return e, false
		}
	}
	return "", false
}

// entryList is the list an entry is in: "regions[Kota A].sites" of
// "regions[Kota A].sites[office]".
func entryList(entry string) string {
	return entry[:strings.LastIndex(entry, "[")]
}

// entryLine says an entry added or removed, with its fields: "Kota A:
// sites added: kecamatan offices (cards per printer per day 60, printers 0)".
func entryLine(entry string, added bool, a, b map[string]string) inputLine {
	list := entryList(entry)
	id := strings.TrimSuffix(entry[len(list)+1:], "]")
	flat, verb := b, "added"
	if !added {
		flat, verb = a, "removed"
	}
	var fields []string
	for k, v := range flat {
		sub, ok := strings.CutPrefix(k, entry+".")
		if !ok || sub == "name" || sub == "date" && v == id || v == "none" || v == "" {
			continue
		}
		label, unit, _ := strings.Cut(pathWords(sub), "|")
		f := label + " " + valueWords(v)
		if unit != "" {
			f += " " + unit
		}
		fields = append(fields, f)
	}
	sort.Strings(fields)
	const most = 6
	if len(fields) > most {
		fields = append(fields[:most:most], fmt.Sprintf("and %d more", len(fields)-most))
	}
	text := pathWords(list) + " " + verb + ": " + id
	if len(fields) > 0 {
		text += " (" + strings.Join(fields, ", ") + ")"
	}
	return splitRegion(entry, text)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// flatScenario is the resolved scenario as dotted paths and values;
// regions are named by name: regions[Kota Binjai].blanks.stock. Entries
// of a dated list (deliveries, changes) are named by their date in ref,
// the scenario compared against, when both lists have as many entries, so
// that a move of the dates reads as one line an entry ("(2016-03-07):
// date 2016-03-07 -> 2015-12-08"), not as entries removed and added;
// else by their own date.
func flatScenario(sc, ref *scenario.Scenario) map[string]string {
	out := map[string]string{}
	doc, rdoc := yamlDoc(sc), yamlDoc(ref)
	if doc == nil {
		return out
	}
	flatten(out, "", doc, rdoc)
	return out
}

// yamlDoc is sc as generic YAML values, nil if it cannot be written.
func yamlDoc(sc *scenario.Scenario) any {
	text, err := scenario.Marshal(sc)
	if err != nil {
		return nil
	}
	var doc any
	if yaml.Unmarshal(text, &doc) != nil {
		return nil
	}
	return doc
}

// flatten writes v's leaves into out under path; ref is what stands at the
// same place in the scenario compared against (nil where nothing does).
func flatten(out map[string]string, path string, v, ref any) {
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	switch v := v.(type) {
	case map[string]any:
		rm, _ := ref.(map[string]any)
		for k, x := range v {
			flatten(out, join(k), x, rm[k])
		}
	case []any:
		maps := len(v) > 0
		for _, x := range v {
			_, ok := x.(map[string]any)
			maps = maps && ok
		}
		if !maps {
			var parts []string
			for _, x := range v {
				parts = append(parts, fmt.Sprint(x))
			}
			out[path] = strings.Join(parts, ", ")
			if len(v) == 0 {
				out[path] = "none"
			}
			return
		}
		// Entries are named by their name, else their date (the
		// compared list's, entry for entry, when the lists are as
		// long), else their place in the list.
		out[path+" (how many)"] = strconv.Itoa(len(v))
		rl, _ := ref.([]any)
		for i, x := range v {
			m := x.(map[string]any)
			id := fmt.Sprint(i + 1)
			var rx any
			if n, ok := m["name"]; ok {
				id = fmt.Sprint(n)
				for _, y := range rl {
					if ym, ok := y.(map[string]any); ok && fmt.Sprint(ym["name"]) == id {
						rx = ym
					}
				}
			} else if d, ok := m["date"]; ok {
				id = fmt.Sprint(d)
				if len(rl) == len(v) {
					rx = rl[i]
					if rm, ok := rx.(map[string]any); ok && rm["date"] != nil {
						id = fmt.Sprint(rm["date"])
					}
				}
			} else if len(rl) == len(v) {
				rx = rl[i]
			}
			flatten(out, fmt.Sprintf("%s[%s]", path, id), m, rx)
		}
	case nil:
		out[path] = "none"
	default:
		out[path] = fmt.Sprint(v)
	}
}

// pathWords says a dotted path: "regions[Kota Binjai].blanks.stock" ->
// "Kota Binjai: blanks at the start".
func pathWords(k string) string {
	if w, ok := keyWords(k); ok {
		return w
	}
	if list, rest, ok := strings.Cut(k, "["); ok {
		if id, sub, ok := strings.Cut(rest, "]"); ok {
			sub = strings.TrimPrefix(sub, ".")
			if list == "regions" {
				return id + ": " + pathWords(sub)
			}
			inner := sub
			if w, ok := keyWords(list + "." + sub); ok {
				inner = w
			} else {
				inner = pathWords(sub)
			}
			return pathWords(list) + " (" + id + "): " + inner
		}
	}
	if list, ok := strings.CutSuffix(k, " (how many)"); ok {
		return "number of " + pathWords(list)
	}
	return strings.ReplaceAll(strings.ReplaceAll(k, "_", " "), ".", " ")
}

// valueWords writes a value: whole numbers with thousands separators,
// durations and distributions in words; "" as "none".
func valueWords(v string) string {
	if v == "" {
		return "none"
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return results.Thousands(n)
	}
	if w := distWords(v); w != v {
		return w
	}
	return v
}
