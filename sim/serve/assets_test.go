package serve

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The vendored chart library is what scripts/fetch-web-assets fetches
// from the registry at its pinned version and hash. Skipped without npm
// or without the registry (the script's exit status 3).
func TestVendoredAssets(t *testing.T) {
	if testing.Short() {
		t.Skip("fetches from the npm registry")
	}
	if _, err := exec.LookPath("npm"); err != nil {
		t.Skip("no npm")
	}
	dir := t.TempDir()
	out, err := exec.Command("../../scripts/fetch-web-assets", dir).CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 3 {
		t.Skipf("the registry could not be reached: %s", out)
	}
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, f := range []string{"uPlot.iife.min.js", "uPlot.min.css", "LICENSE", "VERSION"} {
		got, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		want, err := web.ReadFile("web/vendor/uplot/" + f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the embedded file differs from the fetched one", f)
		}
	}
}
