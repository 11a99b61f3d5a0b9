package scenario

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// defaultsText leaves out every key with a default that a scenario can
// leave out: a horizon instead of an end, no stocks, an unnamed site
// without serves, a named one with serves.
const defaultsText = `name: d
start: 2017-01-02
horizon: 10d
regions:
  - name: A
    sites:
      - {printers: 1, cards_per_printer_per_day: 5}
      - {name: kec, printers: 2, cards_per_printer_per_day: 7, serves: [replacement]}
`

func writeScenario(t *testing.T, text string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "s.yaml")
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestValidationOnlyReads: checking a decoded scenario changes nothing in
// it (the defaults are applied after, by ApplyDefaults alone).
func TestValidationOnlyReads(t *testing.T) {
	v, err := decodeFile(writeScenario(t, defaultsText), Options{})
	if err != nil {
		t.Fatal(err)
	}
	before, err := Marshal(v.sc)
	if err != nil {
		t.Fatal(err)
	}
	v.check()
	if len(v.d.problems) > 0 {
		t.Fatalf("problems: %v", v.d.problems)
	}
	after, err := Marshal(v.sc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Fatalf("validation changed the scenario:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	if v.sc.Horizon == nil || v.sc.Regions[0].Sites[0].Name != "" || len(v.sc.Regions[0].Sites[0].Serves) != 0 {
		t.Fatalf("the horizon, site name or serves were filled in before ApplyDefaults")
	}
}

// TestGoScenarioGetsLoadDefaults: a Scenario built in Go from Default and
// DefaultRegion, with ApplyDefaults, is the one Load makes of the same
// keys; and ApplyDefaults is idempotent.
func TestGoScenarioGetsLoadDefaults(t *testing.T) {
	loaded, err := Load(writeScenario(t, defaultsText), Options{})
	if err != nil {
		t.Fatal(err)
	}
	sc := Default()
	sc.Name = "d"
	sc.Start = DateOf(2017, 1, 2)
	h := NewDuration(10 * 24)
	sc.Horizon = &h
	r := DefaultRegion()
	r.Name = "A"
	r.Sites = []Site{
		{Printers: 1, CardsPerPrinterPerDay: 5},
		{Name: "kec", Printers: 2, CardsPerPrinterPerDay: 7, Serves: []Class{Replacement}},
	}
	sc.Regions = []Region{r}
	sc.ApplyDefaults()
	want, _ := Marshal(loaded)
	got, err := Marshal(sc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("built in Go:\n%s\nloaded:\n%s", got, want)
	}
	sc.ApplyDefaults()
	if again, _ := Marshal(sc); !bytes.Equal(again, want) {
		t.Fatalf("ApplyDefaults twice:\n%s", again)
	}
	// The values the defaults give, by hand.
	s := loaded.Regions[0]
	if loaded.End != DateOf(2017, 1, 11) || loaded.Horizon != nil || !s.Blanks.Stock.Unlimited || !s.Ribbons.Stock.Unlimited ||
		s.Sites[0].Name != "site 1" || len(s.Sites[0].Serves) != 3 || s.Sites[1].Serves[0] != Replacement {
		t.Fatalf("defaults: end %s, horizon %v, region %+v", loaded.End, loaded.Horizon, s)
	}
}
