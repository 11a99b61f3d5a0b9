package experiment

import (
	"os"
	"testing"
)

// A folder named like a shipped experiment (its result folder, inside
// results/) does not hide the shipped experiment.
func TestResolveFolderIsNotAnExperiment(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, d := range []string{"blanks-earlier", "mine"} {
		if err := os.Mkdir(d, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		name, file string
		shipped    bool
	}{
		{"blanks-earlier", "blanks-earlier.yaml", true},
		{"mine", "mine", false},
		{"./blanks-earlier", "./blanks-earlier", false},
	} {
		file, shipped := Resolve(c.name)
		if file != c.file || shipped != c.shipped {
			t.Errorf("%s: %q, %v; want %q, %v", c.name, file, shipped, c.file, c.shipped)
		}
	}
}
