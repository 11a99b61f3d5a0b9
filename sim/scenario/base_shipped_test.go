package scenario

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// A base: that names a shipped scenario is found from any folder; a file
// of that name beside the scenario still wins.
func TestBaseShippedName(t *testing.T) {
	const small = "start: 2017-01-02\nend: 2017-01-31\nregions: [{name: %s}]\n"
	shipped := fstest.MapFS{
		"city.yaml":  {Data: []byte(strings.ReplaceAll(small, "%s", "Shipped City"))},
		"chain.yaml": {Data: []byte("base: city.yaml\nname: chain\n")},
	}
	cases := []struct {
		name    string
		files   map[string]string // written in a fresh temp folder; s.yaml is loaded
		dirs    []string          // folders made beside them
		region  string            // the region the loaded scenario must have
		wantErr string
	}{
		{name: "shipped name", files: map[string]string{"s.yaml": "base: city\nname: mine\n"}, region: "Shipped City"},
		{name: "shipped name with .yaml", files: map[string]string{"s.yaml": "base: city.yaml\n"}, region: "Shipped City"},
		{name: "a shipped base's own base is read among the shipped", files: map[string]string{"s.yaml": "base: chain\n"}, region: "Shipped City"},
		{name: "a file beside wins", files: map[string]string{"s.yaml": "base: city.yaml\n", "city.yaml": strings.ReplaceAll(small, "%s", "Local City")}, region: "Local City"},
		{name: "a file named like the shipped one, built on it, is no cycle",
			files: map[string]string{"city.yaml": "base: city\nname: local\n"}, region: "Shipped City"},
		{name: "a result folder of the shipped name beside does not hide it", files: map[string]string{"s.yaml": "base: city\n"}, dirs: []string{"city"}, region: "Shipped City"},
		{name: "a path is never a shipped name", files: map[string]string{"s.yaml": "base: sub/city.yaml\n"}, wantErr: "sub/city.yaml: no such file"},
		{name: "an experiment as a base", files: map[string]string{"s.yaml": "base: e.yaml\n", "e.yaml": "base: city\nregions: [Shipped City]\nvariants: [{name: v}]\n"},
			wantErr: `s.yaml:1:7: base: DIR/e.yaml: an experiment file (it has variants:), not a scenario; run it with ektpsim experiment DIR/e.yaml`},
		{name: "an experiment loaded as a scenario", files: map[string]string{"s.yaml": "base: city\nvariants: [{name: v}]\n"},
			wantErr: `DIR/s.yaml: an experiment file (it has variants:), not a scenario; run it with ektpsim experiment DIR/s.yaml`},
		{name: "a misspelt shipped name", files: map[string]string{"s.yaml": "base: ctiy\n"}, wantErr: `s.yaml:1:7: base: ` + "DIR" + `/ctiy: no such file, nor a shipped scenario of that name; did you mean "city"?`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			load := "s.yaml"
			for _, d := range c.dirs {
				if err := os.Mkdir(filepath.Join(dir, d), 0o777); err != nil {
					t.Fatal(err)
				}
			}
			for name, text := range c.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o666); err != nil {
					t.Fatal(err)
				}
				if _, ok := c.files["s.yaml"]; !ok {
					load = name
				}
			}
			sc, err := Load(filepath.Join(dir, load), Options{Shipped: shipped})
			if c.wantErr != "" {
				want := strings.ReplaceAll(c.wantErr, "DIR", dir)
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("got %v, want %q", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(sc.Regions) != 1 || sc.Regions[0].Name != c.region {
				t.Errorf("regions %+v, want one named %q", sc.Regions, c.region)
			}
		})
	}
}

// The real shipped national scenario is a base from a temporary folder,
// by name: the variant is the national scenario with its one change.
func TestBaseNationalByName(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the national scenario twice")
	}
	dir := t.TempDir()
	f := filepath.Join(dir, "earlier.yaml")
	if err := os.WriteFile(f, []byte("base: national-2016-2018\nname: earlier\ncentral: {intake_per_day: 60000}\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	sc, err := Load(f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Regions) != 514 || sc.Central.IntakePerDay.N != 60000 || sc.Name != "earlier" {
		t.Errorf("got %d regions, intake %v, name %q; want 514, 60000, earlier", len(sc.Regions), sc.Central.IntakePerDay, sc.Name)
	}
}
