package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
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
// shown counts the charts not folded away in a closed details element.
function shown(d) {
  var n = 0, imgs = d.images;
  for (var i = 0; i < imgs.length; i++) if (!imgs[i].closest("details:not([open])")) n++;
  return n;
}
function inspect(id) {
  var d = document.getElementById(id).contentWindow.document;
  var folded = shown(d);
  // Open every details element, then look once the charts in them load.
  var ds = d.querySelectorAll("details");
  for (var i = 0; i < ds.length; i++) ds[i].open = true;
  setTimeout(function () { measure(id, folded); }, 2000);
}
function measure(id, folded) {
  var w = document.getElementById(id).contentWindow, d = w.document, imgs = d.images;
  var r = {images: imgs.length, loaded: 0, sized: 0, folded: folded, pictures: 0, phoneUsed: 0, minFont: 1000, narrowest: 1000, minImage: 100000};
  for (var i = 0; i < imgs.length; i++) {
    var im = imgs[i], b = im.getBoundingClientRect();
    if (im.complete && im.naturalWidth > 0) r.loaded++;
    if (b.width > 0 && b.height > 0) { r.sized++; r.minImage = Math.min(r.minImage, b.width); }
    var pic = im.parentElement;
    if (pic.tagName === "PICTURE") {
      r.pictures++;
      if (im.currentSrc === pic.querySelector("source").srcset) r.phoneUsed++;
    }
  }
  // Every element with text of its own: its font size, and the width
  // of its characters (the text's box over its length).
  var all = d.body.querySelectorAll("*");
  for (var i = 0; i < all.length; i++) {
    var e = all[i], own = "";
    for (var c = e.firstChild; c; c = c.nextSibling) if (c.nodeType === 3) own += c.textContent;
    own = own.trim();
    if (!own || e.getClientRects().length === 0) continue;
    r.minFont = Math.min(r.minFont, parseFloat(w.getComputedStyle(e).fontSize));
    var rg = d.createRange(); rg.selectNodeContents(e);
    var rects = rg.getClientRects(), width = 0;
    for (var k = 0; k < rects.length; k++) width += rects[k].width;
    if (own.length >= 8 && e.textContent.trim() === own) r.narrowest = Math.min(r.narrowest, width / own.length);
  }
  r.overflow = d.documentElement.scrollWidth - d.documentElement.clientWidth;
  // Every figures table's box (the key tables, who gains and who
  // loses, the waves; not the grid of every region's assumptions, which
  // scrolls): the most any is wider than the screen.
  r.keyOverflow = 0;
  var keys = d.querySelectorAll("table.key");
  for (var i = 0; i < keys.length; i++) {
    var box = keys[i].parentElement;
    r.keyOverflow = Math.max(r.keyOverflow, box.scrollWidth - box.clientWidth);
  }
  r.sections = d.querySelectorAll("h2").length;
  r.findings = d.querySelectorAll("ul.findings li").length;
  out[id] = r;
  if (--left === 0) document.getElementById("result").textContent = JSON.stringify(out);
}
document.getElementById("desk").addEventListener("load", function () { inspect("desk"); });
document.getElementById("phone").addEventListener("load", function () { inspect("phone"); });
</script></body></html>`

// phoneCharts puts a phone-sized drawing beside every chart of a run (as
// chart.DrawContext writes them into plots/phone/): a 390 px wide PNG.
func phoneCharts(t *testing.T, dir string) {
	t.Helper()
	var idx []struct{ File string }
	data, err := os.ReadFile(filepath.Join(dir, "plots", "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &idx); err != nil {
		t.Fatal(err)
	}
	phone := filepath.Join(dir, "plots", "phone")
	os.MkdirAll(phone, 0o755)
	img := image.NewRGBA(image.Rect(0, 0, 390, 260))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for _, c := range idx {
		f, err := os.Create(filepath.Join(phone, c.File+".png"))
		if err != nil {
			t.Fatal(err)
		}
		png.Encode(f, img)
		f.Close()
	}
}

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
	if _, err := os.Stat(filepath.Join(a, "plots", "phone")); err != nil {
		phoneCharts(t, a) // until the charts draw their own
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
	var res map[string]struct {
		Images, Loaded, Sized, Folded, Pictures, PhoneUsed, Overflow, KeyOverflow, Sections, Findings int
		MinFont, Narrowest, MinImage                                                                  float64
	}
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
		if r.Sections < 3 || r.Findings < 8 {
			t.Errorf("%s: %d sections, %d findings", frame, r.Sections, r.Findings)
		}
		// The two-run briefing leads with the comparison: each run's
		// charts are folded away until opened.
		if r.Folded >= r.Images || r.Folded < 4 {
			t.Errorf("%s: %d of %d charts shown before the runs' details are opened", frame, r.Folded, r.Images)
		}
		// Text a phone can read: 11 px type at least, and characters
		// no narrower than 5 px on average in any line of text.
		if r.MinFont < 11 || r.Narrowest < 5 {
			t.Errorf("%s: smallest text %.1f px, narrowest characters %.1f px wide", frame, r.MinFont, r.Narrowest)
		}
	}
	// Run a's charts have phone drawings: the phone shows them, the
	// desktop the full ones; on the phone no chart is narrower than 300 px.
	if d, p := res["desk"], res["phone"]; p.Pictures == 0 || p.PhoneUsed != p.Pictures || d.PhoneUsed != 0 || p.MinImage < 300 {
		t.Errorf("phone drawings: desktop shows %d of %d, phone %d of %d; narrowest chart on the phone %.0f px", d.PhoneUsed, d.Pictures, p.PhoneUsed, p.Pictures, p.MinImage)
	}
	if o := res["phone"].Overflow; o > 1 {
		t.Errorf("on a phone the page is %d px wider than the screen", o)
	}
	// The two runs' key table is a list on a phone, and no table needs
	// scrolling sideways.
	if o := res["phone"].KeyOverflow; o > 1 {
		t.Errorf("on a phone a table is %d px wider than its box", o)
	}
	for _, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, ":CONSOLE") && strings.Contains(line, "report.html") {
			t.Errorf("console: %s", line)
		}
	}

	// On A4 the two-run briefing is the differences and the compared
	// charts; each run's details stay folded (it was 15 pages when every
	// run's section was printed in full).
	pdf := filepath.Join(dir, "report.pdf")
	headless(t, bin, srv.URL+"/report.html", "--print-to-pdf="+pdf, "--no-pdf-header-footer")
	doc, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(doc, -1)); pages < 2 || pages > 6 {
		t.Errorf("the two-run briefing prints on %d A4 pages, want 2 to 6", pages)
	} else {
		t.Logf("%d A4 pages", pages)
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
