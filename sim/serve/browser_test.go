package serve_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/ektpsim/ektpsim/sim/runner"
	"github.com/ektpsim/ektpsim/sim/serve"
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

// startServer serves a fresh server for scenario on a free loopback port
// until the test ends.
func startServer(t *testing.T, scenario string) (*serve.Server, string) {
	t.Helper()
	srv, err := serve.New(serve.Config{Scenario: scenario, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		srv.Close()
	})
	return srv, "http://" + ln.Addr().String()
}

// browser starts headless Chromium for the test.
func browser(t *testing.T) context.Context {
	bin := chromium(t)
	// Chromium's helper processes may still write into its profile for a
	// moment after the browser is stopped, which made t.TempDir's removal
	// fail the test ("directory not empty"): the profile is removed after
	// the browser stops (cleanups run last first), retrying for a while.
	profile, err := os.MkdirTemp("", "ektpsim-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for range 50 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Logf("could not remove Chromium's profile %s", profile)
	})
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox,
		chromedp.WindowSize(1280, 1000), chromedp.Flag("hide-scrollbars", true), chromedp.UserDataDir(profile))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 4*time.Minute)
	t.Cleanup(cancel3)
	return ctx
}

// waitFor polls a JavaScript condition until it holds.
func waitFor(t *testing.T, ctx context.Context, cond string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		var ok bool
		if err := chromedp.Run(ctx, chromedp.Evaluate(cond, &ok)); err != nil {
			t.Fatalf("%s: %v", cond, err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			var text string
			chromedp.Run(ctx, chromedp.Text("#progress-text", &text, chromedp.ByID))
			t.Fatalf("not within %s: %s (progress: %q)", within, cond, text)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	var v T
	if err := chromedp.Run(ctx, chromedp.Evaluate(js, &v)); err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// setLever types v into a lever and leaves the field, as a planner does.
func setLever(t *testing.T, ctx context.Context, key, v string) {
	t.Helper()
	js := fmt.Sprintf(`(() => { const e = document.getElementById("in-%s"); e.value = %q; e.dispatchEvent(new Event("change")); return true })()`, key, v)
	eval[bool](t, ctx, js)
}

// ranWith is a what-if run started after the page showed job id old and
// finished.
func ranWith(old string) string {
	return fmt.Sprintf(`document.body.dataset.whatif !== %q && document.body.dataset.state === "done"`, old)
}

// summaryOf runs the scenario as `ektpsim run` does and reads its
// summary.json.
func summaryOf(t *testing.T, cfg runner.Config) map[string]any {
	t.Helper()
	cfg.Out = filepath.Join(t.TempDir(), "run")
	cfg.NoPlots = true
	if _, err := runner.Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(cfg.Out, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestPageCity drives the page in Chromium on a city scenario: the intake
// lever's what-if shows the end backlog `ektpsim run --set` computes, its
// downloaded YAML re-runs to the same figures, hovering shows a tooltip,
// a bad value is refused beside its lever and runs nothing, and the page
// fits 1280 and 390 px with every chart drawn.
func TestPageCity(t *testing.T) {
	ctx := browser(t)
	_, url := startServer(t, "binjai-2017")
	began := time.Now()
	if err := chromedp.Run(ctx, chromedp.Navigate(url+"/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.body.dataset.state === "done"`, 60*time.Second)
	t.Logf("binjai-2017: page load to the baseline's charts %s", time.Since(began).Round(time.Millisecond))
	baseline := eval[string](t, ctx, `document.body.dataset.whatif`)

	// Move the intake lever: the page's end backlog is summary.json's.
	setLever(t, ctx, "intake", "20000")
	waitFor(t, ctx, ranWith(baseline), 60*time.Second)
	t.Logf("binjai-2017: click to first chart %.0f ms, to the whole replication charted %.0f ms",
		eval[float64](t, ctx, `state.firstChart`), eval[float64](t, ctx, `state.answered`))
	shown := eval[string](t, ctx, `document.getElementById("end-backlog").dataset.value`)
	want := summaryOf(t, runner.Config{Scenario: "binjai-2017", Set: []string{"central.intake_per_day=20000"}})
	if shown != fmt.Sprint(want["backlog_end"]) {
		t.Errorf("the page shows an end backlog of %s; ektpsim run --set central.intake_per_day=20000 gives %v", shown, want["backlog_end"])
	}
	text := eval[string](t, ctx, `document.getElementById("end-backlog").textContent`)
	if strings.ReplaceAll(text, ",", "") != shown {
		t.Errorf("end backlog shown as %q, value %s", text, shown)
	}
	base := eval[string](t, ctx, `document.getElementById("base-backlog").dataset.value`)
	if base == shown {
		t.Errorf("the what-if's end backlog equals the baseline's (%s): the lever did nothing", base)
	}
	diffs := eval[string](t, ctx, `document.getElementById("differences").textContent`)
	if !regexp.MustCompile(`backlog at the end (rises|falls) by`).MatchString(diffs) {
		t.Errorf("no paired difference in words: %q", diffs)
	}

	// The downloaded YAML re-runs to the same figures.
	href := eval[string](t, ctx, `document.getElementById("dl-yaml").href`)
	resp, err := http.Get(href)
	if err != nil {
		t.Fatal(err)
	}
	yml, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	file := filepath.Join(t.TempDir(), "what-if.yaml")
	if err := os.WriteFile(file, yml, 0o666); err != nil {
		t.Fatal(err)
	}
	again := summaryOf(t, runner.Config{Scenario: file})
	for _, k := range []string{"backlog_end", "printed_total", "peak_backlog", "clear_date", "mean_wait_days"} {
		if fmt.Sprint(again[k]) != fmt.Sprint(want[k]) {
			t.Errorf("%s: the downloaded YAML runs to %v, the what-if to %v", k, again[k], want[k])
		}
	}

	// Hovering over a chart shows the date and values.
	var box []float64
	eval[bool](t, ctx, `(() => { document.getElementById("chart-backlog").scrollIntoView(); return true })()`)
	box = eval[[]float64](t, ctx, `(() => { const r = document.querySelector("#chart-backlog .u-over").getBoundingClientRect(); return [r.left, r.top, r.width, r.height] })()`)
	if err := chromedp.Run(ctx, chromedp.MouseEvent(input.MouseMoved, box[0]+box[2]/2, box[1]+box[3]/2)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `!document.getElementById("tooltip").hidden`, 5*time.Second)
	tip := eval[string](t, ctx, `document.getElementById("tooltip").textContent`)
	if !regexp.MustCompile(`^\d{4}-\d\d-\d\d.*backlog: [\d,]+`).MatchString(tip) {
		t.Errorf("tooltip %q: want the date and the backlog", tip)
	}

	// Dragging across a chart zooms to that period; a click on a
	// legend entry hides its series.
	x0 := eval[float64](t, ctx, `state.plots["chart-backlog"].scales.x.min`)
	x1 := eval[float64](t, ctx, `state.plots["chart-backlog"].scales.x.max`)
	if err := chromedp.Run(ctx,
		chromedp.MouseEvent(input.MousePressed, box[0]+box[2]*0.25, box[1]+box[3]/2, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.MouseMoved, box[0]+box[2]*0.5, box[1]+box[3]/2, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.MouseReleased, box[0]+box[2]*0.5, box[1]+box[3]/2, chromedp.ButtonLeft)); err != nil {
		t.Fatal(err)
	}
	z0 := eval[float64](t, ctx, `state.plots["chart-backlog"].scales.x.min`)
	z1 := eval[float64](t, ctx, `state.plots["chart-backlog"].scales.x.max`)
	if !(z0 > x0 && z1 < x1 && z1-z0 < (x1-x0)*0.4) {
		t.Errorf("after dragging over a quarter of the chart the x range is %v-%v (was %v-%v)", z0, z1, x0, x1)
	}
	eval[bool](t, ctx, `(() => { document.querySelectorAll("#chart-backlog .u-legend .u-series")[2].querySelector("th").click(); return true })()`)
	if shown := eval[bool](t, ctx, `state.plots["chart-backlog"].series[2].show`); shown {
		t.Error("a click on the print-ready legend entry did not hide it")
	}

	// A bad value: its error beside the lever, nothing run.
	ran := eval[string](t, ctx, `document.body.dataset.whatif`)
	setLever(t, ctx, "intake", "-5")
	waitFor(t, ctx, `document.body.dataset.progress === "invalid"`, 10*time.Second)
	msg := eval[string](t, ctx, `document.getElementById("err-intake").textContent`)
	if !strings.Contains(msg, "negative") {
		t.Errorf("beside the intake lever: %q, want its problem", msg)
	}
	beside := eval[bool](t, ctx, `document.getElementById("lever-intake").contains(document.getElementById("err-intake")) && document.getElementById("in-intake").classList.contains("invalid")`)
	if !beside {
		t.Error("the problem is not shown beside the intake lever")
	}
	if now := eval[string](t, ctx, `document.body.dataset.whatif`); now != ran {
		t.Errorf("a bad value started run %s", now)
	}
	setLever(t, ctx, "intake", "20000")
	waitFor(t, ctx, `document.body.dataset.state === "done" && document.getElementById("err-intake").textContent === ""`, 30*time.Second)

	// A region's own charts on a click.
	eval[bool](t, ctx, `(() => { document.querySelector("#region-table tbody tr").click(); return true })()`)
	waitFor(t, ctx, `!document.getElementById("region-detail").hidden && document.querySelector("#chart-region canvas") !== null`, 10*time.Second)

	// An uploaded scenario with a misspelt key: its problem with its line,
	// the line and a caret, beside the upload; nothing else changes.
	bad := filepath.Join(t.TempDir(), "mine.yaml")
	os.WriteFile(bad, []byte("base: binjai-2017.yaml\nname: mine\ncentral:\n  intake_per_dya: 5\n"), 0o666)
	if err := chromedp.Run(ctx, chromedp.SetUploadFiles("#upload", []string{bad}, chromedp.ByID)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `!document.getElementById("upload-problems").hidden`, 10*time.Second)
	up := eval[string](t, ctx, `document.getElementById("upload-problems").textContent`)
	if !strings.Contains(up, "line 4:3: central.intake_per_dya") || !strings.Contains(up, "4 |   intake_per_dya: 5") {
		t.Errorf("upload problems: %q, want line 4:3 with the line", up)
	}

	// Replications: the band over them fills in as they finish.
	ran = eval[string](t, ctx, `document.body.dataset.whatif`)
	eval[bool](t, ctx, `(() => { const e = document.getElementById("replications"); e.value = "6"; e.dispatchEvent(new Event("change")); return true })()`)
	waitFor(t, ctx, ranWith(ran), 60*time.Second)
	if labels := eval[[]string](t, ctx, `state.plots["chart-backlog"].series.map(s => s.label)`); !slices.Contains(labels, "mean of 6") || !slices.Contains(labels, "5th percentile") {
		t.Errorf("backlog chart with 6 replications: series %q, want the mean and band", labels)
	}
	if d := eval[string](t, ctx, `document.getElementById("differences").textContent`); !strings.Contains(d, "million") && !regexp.MustCompile(`\d+-\d+|includes no change`).MatchString(d) {
		t.Errorf("with 6 replications the differences have no interval: %q", d)
	}

	layout(t, ctx, "binjai")

	// Each city scenario chosen afresh (nothing cached): time to its
	// first chart and to the whole run charted.
	for _, name := range []string{"palembang-2017", "kupang-2018", "tanjungpinang-2017"} {
		ran := eval[string](t, ctx, `document.body.dataset.whatif`)
		eval[bool](t, ctx, fmt.Sprintf(`(() => { const e = document.getElementById("scenario"); e.value = %q; e.dispatchEvent(new Event("change")); return true })()`, name))
		waitFor(t, ctx, ranWith(ran), 2*time.Minute)
		reps := eval[float64](t, ctx, `state.status[state.jobs.whatif].total`)
		t.Logf("%s (%.0f replications): chosen to first chart %.0f ms, to every replication charted %.0f ms",
			name, reps, eval[float64](t, ctx, `state.firstChart`), eval[float64](t, ctx, `state.done`))
	}
}

// layout checks the page at 1280 and 390 px: no sideways scrolling and
// every chart of non-zero size; it saves screenshots (into
// EKTPSIM_SCREENSHOTS if set).
func layout(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("EKTPSIM_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	for _, width := range []int64{1280, 390} {
		if err := chromedp.Run(ctx, emulation.SetDeviceMetricsOverride(width, 900, 1, width < 500)); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, fmt.Sprintf(`window.innerWidth === %d`, width), 5*time.Second)
		time.Sleep(300 * time.Millisecond) // the charts redraw at the new width
		over := eval[float64](t, ctx, `document.documentElement.scrollWidth - window.innerWidth`)
		if over > 0 {
			t.Errorf("%d px: %v px of sideways scrolling", width, over)
		}
		sizes := eval[[][]float64](t, ctx, `[...document.querySelectorAll(".chart")].filter(e => !e.closest("[hidden]")).map(e => { const c = e.querySelector("canvas"); return c ? [c.getBoundingClientRect().width, c.getBoundingClientRect().height] : [0, 0] })`)
		if len(sizes) < 4 {
			t.Errorf("%d px: %d charts, want at least 4", width, len(sizes))
		}
		for i, s := range sizes {
			if s[0] <= 0 || s[1] <= 0 || s[0] > float64(width) {
				t.Errorf("%d px: chart %d is %vx%v", width, i, s[0], s[1])
			}
		}
		var png []byte
		if width == 1280 {
			if err := chromedp.Run(ctx, chromedp.Evaluate(`window.scrollTo(0, 0)`, nil), chromedp.CaptureScreenshot(&png)); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, fmt.Sprintf("serve-%s-view.png", name)), png, 0o666)
		}
		if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("serve-%s-%d.png", name, width)), png, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	chromedp.Run(ctx, emulation.ClearDeviceMetricsOverride())
}

// TestPageNational measures a national what-if from the click to its
// chart, and checks that a second request cancels the first.
func TestPageNational(t *testing.T) {
	ctx := browser(t)
	_, url := startServer(t, "")
	if err := chromedp.Run(ctx, chromedp.Navigate(url+"/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.body.dataset.state === "done"`, 90*time.Second)
	baseline := eval[string](t, ctx, `document.body.dataset.whatif`)
	setLever(t, ctx, "intake", "100000")
	waitFor(t, ctx, ranWith(baseline), 90*time.Second)
	t.Logf("national: click to first chart %.0f ms, to the whole replication charted %.0f ms (one replication, baseline cached)",
		eval[float64](t, ctx, `state.firstChart`), eval[float64](t, ctx, `state.answered`))

	// A second request while the first runs cancels the first.
	done := eval[string](t, ctx, `document.body.dataset.whatif`)
	setLever(t, ctx, "intake", "60000")
	waitFor(t, ctx, fmt.Sprintf(`document.body.dataset.whatif !== %q && document.body.dataset.state === "running"`, done), 30*time.Second)
	first := eval[string](t, ctx, `document.body.dataset.whatif`)
	setLever(t, ctx, "intake", "70000")
	waitFor(t, ctx, ranWith(first), 90*time.Second)
	resp, err := http.Get(url + "/api/jobs/" + first)
	if err != nil {
		t.Fatal(err)
	}
	var st serve.Status
	json.NewDecoder(resp.Body).Decode(&st)
	resp.Body.Close()
	if st.State != serve.Cancelled {
		t.Errorf("the superseded run %s is %q, want %q", first, st.State, serve.Cancelled)
	}
	shown := eval[string](t, ctx, `document.getElementById("end-backlog").dataset.value`)
	want := summaryOf(t, runner.Config{Set: []string{"central.intake_per_day=70000"}})
	if shown != fmt.Sprint(want["backlog_end"]) {
		t.Errorf("the page shows %s, ektpsim run --set central.intake_per_day=70000 gives %v", shown, want["backlog_end"])
	}
	if want["backlog_end"] == nil {
		t.Error("no backlog_end")
	}
	layout(t, ctx, "national")

	// The README's picture (EKTPSIM_README_SHOT=docs/images/serve.png):
	// twice the blanks, 4 replications.
	if file := os.Getenv("EKTPSIM_README_SHOT"); file != "" {
		ran := eval[string](t, ctx, `document.body.dataset.whatif`)
		setLever(t, ctx, "intake", "50000")
		setLever(t, ctx, "blanks_scale", "2")
		eval[bool](t, ctx, `(() => { const e = document.getElementById("replications"); e.value = "4"; e.dispatchEvent(new Event("change")); return true })()`)
		waitFor(t, ctx, ranWith(ran), 3*time.Minute)
		var png []byte
		if err := chromedp.Run(ctx, emulation.SetDeviceMetricsOverride(1280, 760, 1, false), chromedp.Sleep(500*time.Millisecond),
			chromedp.Evaluate(`window.scrollTo(0, 0)`, nil), chromedp.CaptureScreenshot(&png)); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, png, 0o666); err != nil {
			t.Fatal(err)
		}
		t.Logf("national, twice the blanks, 4 replications: %s", eval[string](t, ctx, `document.getElementById("differences").textContent`))
	}
}
