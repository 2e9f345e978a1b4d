package collector

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pinkit/pinkit/internal/pintest"
)

// chromiumPath finds the browser; the test skips only when it is missing.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("chromium is not installed")
	return ""
}

// seedVerdicts posts RFC 7469 reports through the handler, dated over the
// last days, whose chains give every verdict. It returns the id of an
// interception report.
func seedVerdicts(t *testing.T, url string) int64 {
	t.Helper()
	w := pintest.NewWorld(t)
	pins := []string{pinOf(w.BackupKey)}
	type seed struct {
		host              string
		served, validated []string
		pins              []string
	}
	longHost := "payments-gateway.eu-west-1.internal-services.example.com"
	seeds := []seed{
		{"api.example.com", pemChain(w.Legit(t, "api.example.com").Certs...), nil, pins},                                        // rotation
		{"api.example.com", pemChain(w.Forged(t, "api.example.com").Certs...), nil, pins},                                       // interception
		{longHost, pemChain(w.Legit(t, longHost).Certs[0]), pemChain(append(w.Legit(t, longHost).Certs, w.Root.Cert)...), pins}, // incomplete
		{"cdn.example.org", pemChain(w.Attacker(t, "cdn.example.org").Certs...), nil, pins},                                     // interception (self-signed)
		{"cdn.example.org", pemChain(w.Legit(t, "cdn.example.org").Certs...), nil, nil},                                         // unknown: no pins
	}
	now := time.Now().UTC()
	var interception int64
	for i := range 40 {
		s := seeds[i%len(seeds)]
		body, _ := json.Marshal(map[string]any{
			"hostname": s.host, "port": 443 + i, "date-time": now.Add(-time.Duration(i*4) * time.Hour).Format(time.RFC3339),
			"served-certificate-chain": s.served, "validated-certificate-chain": s.validated, "known-pins": s.pins,
			"noted-hostname": s.host, "include-subdomains": i%2 == 0, "x-app-version": fmt.Sprint("2.", i%6),
		})
		code, out := post(t, url, body)
		if code != http.StatusAccepted {
			t.Fatalf("seed %d: %d %v", i, code, out)
		}
		if i%len(seeds) == 1 {
			interception = int64(out["id"].(float64))
		}
	}
	return interception
}

// browser starts headless Chromium with the flags of FIXTURES.md.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.WindowSize(1400, 1000),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelA)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancelT)
	return ctx
}

// TestDashboardInChromium loads the dashboard with reports of every
// verdict at 1400 and 900 px: the timeline must draw, the verdict column
// and the filters must be there, no two labels may overlap (the
// timeline's axis labels as uPlot placed them, and the HTML labels), and
// a report's detail page must explain its verdict.
func TestDashboardInChromium(t *testing.T) {
	t.Parallel()
	ctx := browser(t)
	srv, _ := newTestServer(t, "sqlite", Config{Verifier: NewVerifier(pintest.Pool(pintest.NewWorld(t).Root.Cert), "test")})
	id := seedVerdicts(t, srv.URL)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/?token="+testToken)); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	for _, width := range []int64{1400, 900} {
		t.Run(fmt.Sprint(width), func(t *testing.T) { checkDashboard(t, ctx, srv.URL, width) })
	}
	checkDetail(t, ctx, srv.URL, id)
	// The verdict filter narrows the table to one verdict.
	err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`body[data-charts="ready"]`)),
		chromedp.SetValue(chromedp.CSS(`select[name="verdict"]`), "rotation"), chromedp.Submit(chromedp.CSS(`#filters`)),
		chromedp.WaitVisible(chromedp.CSS(`body[data-charts="ready"]`)))
	if err != nil {
		t.Fatal(err)
	}
	verdicts := eval[[]string](t, ctx, `[...document.querySelectorAll("#recent tbody td:nth-child(3)")].map(c => c.textContent)`)
	if len(verdicts) == 0 || strings.Count(strings.Join(verdicts, ","), "rotation") != len(verdicts) {
		t.Errorf("filtered by rotation, the table shows %v", verdicts)
	}
}

func checkDashboard(t *testing.T, ctx context.Context, url string, width int64) {
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(width, 1000),
		chromedp.Navigate(url+"/"),
		chromedp.WaitVisible(chromedp.CSS(`body[data-charts="ready"]`)),
	)
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	verdicts := eval[[]string](t, ctx, `[...new Set([...document.querySelectorAll("#recent tbody td:nth-child(3)")].map(c => c.textContent))].sort()`)
	missing := eval[[]string](t, ctx, `["select[name=since]", "input[name=host]", "input[name=app]", "select[name=verdict]", "#hosts tbody tr", "#timeline canvas"]
			.filter(s => !document.querySelector(s))`)
	ink := eval[int](t, ctx, inkJS)
	overlaps := eval[[]string](t, ctx, overlapJS)
	saveShot(t, ctx, fmt.Sprintf("dashboard-%d.png", width))
	if want := "[interception misconfiguration rotation unknown]"; fmt.Sprint(verdicts) != want {
		t.Errorf("verdict column shows %v, want %s", verdicts, want)
	}
	if len(missing) > 0 {
		t.Errorf("missing from the page: %v", missing)
	}
	if ink < 200 {
		t.Errorf("the timeline has %d inked pixels: it did not draw", ink)
	}
	for _, o := range overlaps {
		t.Errorf("labels overlap: %s", o)
	}
}

// inkJS counts the timeline canvas's pixels that are not blank.
const inkJS = `(() => {
  const c = document.querySelector("#timeline canvas");
  const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i+3] > 0 && (d[i] < 240 || d[i+1] < 240 || d[i+2] < 240)) n++;
  }
  return n;
})()`

// overlapJS lists overlapping labels: the timeline's axis labels, boxed
// from where uPlot placed each tick and the text's measured width at the
// axis font (uPlot draws them on the canvas), and the HTML labels (bar
// keys, table headers, filter labels) from their bounding boxes.
const overlapJS = `(() => {
  const out = [];
  const u = window.pinkitTimeline;
  const ctx = document.createElement("canvas").getContext("2d");
  u.axes.forEach((ax, ai) => {
    ctx.font = ax.font[0];
    const boxes = [];
    (ax._splits || []).forEach((v, i) => {
      const text = String((ax._values || [])[i] ?? "");
      if (!text.trim()) return;
      const w = Math.max(...text.split("\n").map(l => ctx.measureText(l).width));
      const lines = text.split("\n").length, h = 14 * lines;
      const p = u.valToPos(v, ai === 0 ? "x" : "y");
      boxes.push(ai === 0 ? {t: text, a: p - w / 2, b: p + w / 2} : {t: text, a: p - h / 2, b: p + h / 2});
    });
    boxes.sort((p, q) => p.a - q.a);
    if (ai === 0 && boxes.length < 2) out.push("x axis has " + boxes.length + " labels");
    for (let i = 1; i < boxes.length; i++) {
      if (boxes[i].a < boxes[i-1].b) out.push("axis " + ai + ": " + JSON.stringify(boxes[i-1].t) + " / " + JSON.stringify(boxes[i].t));
    }
  });
  const groups = ["table.bars td.key", "#recent th", "#hosts th", "#filters label"];
  groups.forEach(sel => {
    const rs = [...document.querySelectorAll(sel)].map(e => [e.textContent.trim(), e.getBoundingClientRect()]);
    for (let i = 0; i < rs.length; i++) for (let j = i + 1; j < rs.length; j++) {
      const a = rs[i][1], b = rs[j][1];
      if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) {
        out.push(sel + ": " + JSON.stringify(rs[i][0]) + " / " + JSON.stringify(rs[j][0]));
      }
    }
  });
  return out;
})()`

func checkDetail(t *testing.T, ctx context.Context, url string, id int64) {
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(900, 1000),
		chromedp.Navigate(fmt.Sprintf("%s/reports/%d", url, id)),
		chromedp.WaitVisible(chromedp.CSS(`#verdict`)),
	)
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	verdict := eval[string](t, ctx, `document.querySelector("#verdict").textContent`)
	reason := eval[string](t, ctx, `document.querySelector("#reason").textContent`)
	served := eval[int](t, ctx, `document.querySelectorAll("#served tbody tr").length`)
	saveShot(t, ctx, "report-900.png")
	if verdict != "interception" || !strings.Contains(reason, "interception CA") || served != 1 {
		t.Errorf("detail page: verdict %q, reason %q, %d served certificates", verdict, reason, served)
	}
}

// eval runs js in the page and returns its value.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	return v
}

// saveShot saves a full-page screenshot in the test's temporary directory
// (and in $PINKIT_KEEP_SCREENSHOTS, to look at by hand).
func saveShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", path, len(shot))
	if dir := os.Getenv("PINKIT_KEEP_SCREENSHOTS"); dir != "" {
		os.WriteFile(filepath.Join(dir, name), shot, 0o644)
	}
}
