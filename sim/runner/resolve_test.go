package runner

import (
	"os"
	"testing"
)

// A name on the command line is a file when one is there; a folder of
// that name (a result folder, inside results/) does not hide the shipped
// scenario, and a folder with no shipped scenario of its name stays a
// path, for the loader to refuse as a folder.
func TestResolveFolderIsNotAScenario(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, d := range []string{"binjai-2017", "mine"} {
		if err := os.Mkdir(d, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile("kupang-2018", []byte("start: 2018-01-01\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, file string
		embedded   bool
	}{
		{"binjai-2017", "binjai-2017.yaml", true},
		{"mine", "mine", false},
		{"kupang-2018", "kupang-2018", false},
		{"./binjai-2017", "./binjai-2017", false},
		{"example-2017", "example-2017.yaml", true},
	} {
		file, embedded := Resolve(c.name)
		if file != c.file || embedded != c.embedded {
			t.Errorf("%s: %q, %v; want %q, %v", c.name, file, embedded, c.file, c.embedded)
		}
	}
}
