package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ektpsim/ektpsim/sim/runner"
)

// chromium finds the browser installed by scripts/install-browser. With
// EKTPSIM_BROWSER_TEST=require (as .ci/run sets) a missing browser fails
// the test instead of skipping it.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("EKTPSIM_BROWSER_TEST") == "require" {
		t.Fatal("no chromium; scripts/install-browser installs it")
	}
	t.Skip("no chromium; run scripts/install-browser")
	return ""
}

// headless runs the browser on url with extra flags and returns its
// standard output and error.
func headless(t *testing.T, bin string, url string, flags ...string) (string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
		"--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0", "--virtual-time-budget=15000"}, flags...)
	cmd := exec.CommandContext(ctx, bin, append(args, url)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, errb.String())
	}
	return out.String(), errb.String()
}

// check is a page that opens the report in frames of a desktop's and a
// phone's width and writes what it finds into the page: how many images,
// how many loaded with a non-zero size, and whether the phone's frame
// needs sideways scrolling.
const check = `<!DOCTYPE html><html><body>
<iframe id="desk" src="report.html" style="width:1000px;height:900px"></iframe>
<iframe id="phone" src="report.html" style="width:390px;height:800px"></iframe>
<pre id="result">pending</pre>
<script>
var out = {}, left = 2;
function inspect(id) {
  var d = document.getElementById(id).contentDocument, imgs = d.images, r = {images: imgs.length, loaded: 0, sized: 0};
  for (var i = 0; i < imgs.length; i++) {
    var im = imgs[i], b = im.getBoundingClientRect();
    if (im.complete && im.naturalWidth > 0) r.loaded++;
    if (b.width > 0 && b.height > 0) r.sized++;
  }
  r.overflow = d.documentElement.scrollWidth - d.documentElement.clientWidth;
  r.sections = d.querySelectorAll("h2").length;
  r.findings = d.querySelectorAll("ul.findings li").length;
  out[id] = r;
  if (--left === 0) document.getElementById("result").textContent = JSON.stringify(out);
}
document.getElementById("desk").addEventListener("load", function () { inspect("desk"); });
document.getElementById("phone").addEventListener("load", function () { inspect("phone"); });
</script></body></html>`

// The briefing opens in a real browser: every chart loads with a size, the
// page shows no console message (it has no script of its own), it needs no
// sideways scrolling on a phone, and a screenshot shows it.
func TestReportInBrowser(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	for _, c := range []runner.Config{
		{Scenario: "example-2017", Out: a, Replications: 3, Set: []string{"end=2017-06-30"}},
		{Scenario: "example-2017", Out: b, Replications: 3, Set: []string{"end=2017-06-30", "central.intake_per_day=100000"}},
	} {
		if _, err := runner.Run(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	site := filepath.Join(dir, "site")
	os.Mkdir(site, 0o755)
	file, err := runner.Report(context.Background(), []string{a, b}, filepath.Join(site, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	html, _ := os.ReadFile(file)
	if bytes.Contains(html, []byte("http://")) || bytes.Contains(html, []byte("https://")) {
		t.Error("the report refers to the network")
	}
	os.WriteFile(filepath.Join(site, "check.html"), []byte(check), 0o644)
	srv := httptest.NewServer(http.FileServer(http.Dir(site)))
	defer srv.Close()

	dom, logs := headless(t, bin, srv.URL+"/check.html", "--dump-dom")
	m := regexp.MustCompile(`<pre id="result">([^<]*)</pre>`).FindStringSubmatch(dom)
	if m == nil || m[1] == "pending" {
		t.Fatalf("the check page did not finish:\n%s", dom)
	}
	var res map[string]struct{ Images, Loaded, Sized, Overflow, Sections, Findings int }
	if err := json.Unmarshal([]byte(strings.ReplaceAll(m[1], "&#34;", `"`)), &res); err != nil {
		t.Fatalf("%v: %s", err, m[1])
	}
	t.Logf("browser found: %+v", res)
	for _, frame := range []string{"desk", "phone"} {
		r := res[frame]
		// Two runs of 5 or 6 charts each, and the 5 comparison charts.
		if r.Images < 14 || r.Loaded != r.Images || r.Sized != r.Images {
			t.Errorf("%s: %d images, %d loaded, %d with a size", frame, r.Images, r.Loaded, r.Sized)
		}
		if r.Sections < 5 || r.Findings < 8 {
			t.Errorf("%s: %d sections, %d findings", frame, r.Sections, r.Findings)
		}
	}
	if o := res["phone"].Overflow; o > 1 {
		t.Errorf("on a phone the page is %d px wider than the screen", o)
	}
	for _, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, ":CONSOLE") && strings.Contains(line, "report.html") {
			t.Errorf("console: %s", line)
		}
	}

	shot := filepath.Join(dir, "report.png")
	headless(t, bin, srv.URL+"/report.html", "--screenshot="+shot, "--window-size=1000,2400")
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	bnd := img.Bounds()
	ink := 0
	for y := bnd.Min.Y; y < bnd.Max.Y; y += 4 {
		for x := bnd.Min.X; x < bnd.Max.X; x += 4 {
			if r, g, b, _ := img.At(x, y).RGBA(); r < 0xc000 || g < 0xc000 || b < 0xc000 {
				ink++
			}
		}
	}
	if bnd.Dx() != 1000 || ink < 2000 {
		t.Errorf("screenshot %v with %d inked samples: the page did not render", bnd, ink)
	}
}
