package collector

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
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

// TestDashboardInChromium loads the dashboard with seeded data in a real
// headless Chromium: the charts must have drawn (canvas present, pixels
// not all blank) and the table rows must match the stored reports.
func TestDashboardInChromium(t *testing.T) {
	t.Parallel()
	browser := chromiumPath(t)
	srv, s := newTestServer(t, "sqlite", Config{})
	seedDashboard(t, s)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browser), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.WindowSize(1280, 1400),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	defer cancelT()

	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/?token="+testToken), // sets the cookie, redirects to /
		chromedp.WaitVisible(chromedp.CSS(`body[data-charts="ready"]`)),
	)
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	canvases, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("canvas").length`))
	if err != nil {
		t.Fatal(err)
	}
	inked, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](inkJS))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[][]string](
		`[...document.querySelectorAll("#recent tbody tr")].map(r => [...r.cells].map(c => c.textContent))`))
	if err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	shotPath := filepath.Join(t.TempDir(), "dashboard.png")
	if err := os.WriteFile(shotPath, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", shotPath, len(shot))
	if keep := os.Getenv("PINKIT_KEEP_SCREENSHOT"); keep != "" {
		os.WriteFile(keep, shot, 0o644) // for looking at it by hand
	}
	if canvases < 2 {
		t.Fatalf("%d canvases, want the timeline and the issuers chart", canvases)
	}
	for i, n := range inked {
		if n < 200 {
			t.Errorf("canvas %d has %d non-blank pixels: the chart did not draw", i, n)
		}
	}
	checkRows(t, s, rows)
}

// inkJS counts the pixels of each canvas that are not transparent/white.
const inkJS = `[...document.querySelectorAll("canvas")].map(c => {
  const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i+3] > 0 && (d[i] < 240 || d[i+1] < 240 || d[i+2] < 240)) n++;
  }
  return n;
})`

func seedDashboard(t *testing.T, s *SQLStore) {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	for i := range 12 {
		at := now.Add(-time.Duration(i*7) * time.Hour)
		host := fmt.Sprintf("h%d.example", i%4)
		r := sampleReport(t, host, "com.example", fmt.Sprintf("1.%d", i%3), at)
		for range i%3 + 1 {
			if _, err := s.Add(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// checkRows compares the rendered table with the store's newest reports.
func checkRows(t *testing.T, s *SQLStore, rows [][]string) {
	t.Helper()
	page, err := s.List(context.Background(), Query{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(page.Reports) {
		t.Fatalf("table has %d rows, store has %d reports", len(rows), len(page.Reports))
	}
	for i, r := range page.Reports {
		want := []string{r.FirstSeen.Format("2006-01-02 15:04:05"), fmt.Sprintf("%s:%d", r.Host, r.Port),
			r.AppID, r.AppVersion, r.Platform, r.Mode, r.ServedIssuer, fmt.Sprint(r.Count)}
		if fmt.Sprint(rows[i]) != fmt.Sprint(want) {
			t.Errorf("row %d = %q, want %q", i, rows[i], want)
		}
	}
}
