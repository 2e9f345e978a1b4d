package collector

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pinkit/pinkit/internal/pintest"
)

// syncBuffer is a log sink safe for the handler's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func getBody(t *testing.T, url, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestBrokenStore: when the database fails, reads answer 500 (not a 400
// blaming the request), the failure is logged, and /healthz says 503.
func TestBrokenStore(t *testing.T) {
	t.Parallel()
	for _, kind := range storeKinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			var logs syncBuffer
			dsn := testDSN(t, kind)
			s, err := Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			h, err := NewHandler(Config{Store: s, Token: testToken, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			if err != nil {
				t.Fatal(err)
			}
			srv := httptestServer(t, h)
			if code, body := getBody(t, srv+"/healthz", ""); code != 200 || body != "ok\n" {
				t.Fatalf("healthy store: %d %q", code, body)
			}
			// Break the database behind the collector's back.
			if _, err := s.w.Exec("DROP TABLE reports"); err != nil {
				t.Fatal(err)
			}
			if code, body := getBody(t, srv+"/v1/reports", testToken); code != 500 || strings.Contains(body, "cursor") || strings.Contains(body, "reports") {
				t.Errorf("list on a broken store: %d %s", code, body)
			}
			if code, _ := getBody(t, srv+"/v1/stats", testToken); code != 500 {
				t.Errorf("stats on a broken store: %d", code)
			}
			if code, _ := getBody(t, srv+"/healthz", ""); code != 503 {
				t.Errorf("healthz on a broken store: %d", code)
			}
			if !strings.Contains(logs.String(), "store error") || !strings.Contains(logs.String(), "health check failed") {
				t.Errorf("no log line: %q", logs.String())
			}
			// A malformed cursor is still the client's fault.
			if code, body := getBody(t, srv+"/v1/reports?cursor=x", testToken); code != 400 || !strings.Contains(body, "cursor") {
				t.Errorf("bad cursor: %d %s", code, body)
			}
		})
	}
}

// TestMetricsAndVerdictAPI posts reports of known verdicts and reads them
// back through /v1/reports?verdict=, /v1/reports/{id}, /v1/hosts and
// /metrics.
func TestMetricsAndVerdictAPI(t *testing.T) {
	t.Parallel()
	for _, kind := range storeKinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			w := pintest.NewWorld(t)
			srv, _ := newTestServer(t, kind, Config{Verifier: NewVerifier(pintest.Pool(w.Root.Cert), "test"), Rate: 1, Burst: 3})
			body := func(chain []string, port int) []byte {
				b, _ := json.Marshal(map[string]any{"hostname": "api.example.com", "port": port,
					"served-certificate-chain": chain, "known-pins": []string{pinOf(w.BackupKey)}})
				return b
			}
			legit := pemChain(w.Legit(t, "api.example.com").Certs...)
			forged := pemChain(w.Forged(t, "api.example.com").Certs...)
			_, out := post(t, srv.URL, body(legit, 443))
			rotID := int64(out["id"].(float64))
			post(t, srv.URL, body(forged, 443))
			post(t, srv.URL, body(forged, 443)) // a repeat
			if code, _ := post(t, srv.URL, body(forged, 8443)); code != http.StatusTooManyRequests {
				t.Errorf("fourth report within the burst of 3: %d, want 429", code)
			}
			if code, _ := post(t, srv.URL, []byte(`{"hostname":1}`)); code != http.StatusTooManyRequests {
				t.Errorf("malformed report over the limit: %d", code)
			}
			var page Page
			getJSON(t, srv.URL+"/v1/reports?verdict=interception", testToken, &page)
			if len(page.Reports) != 1 || page.Reports[0].Verdict != VerdictInterception || page.Reports[0].Count != 2 {
				t.Errorf("verdict filter: %+v", page.Reports)
			}
			var one Report
			if code := getJSON(t, srv.URL+"/v1/reports/"+itoa(rotID), testToken, &one); code != 200 || one.Verdict != VerdictRotation || one.Roots != "test" || one.VerdictReason == "" {
				t.Errorf("GET /v1/reports/%d: %d %+v", rotID, code, one)
			}
			if code, _ := getBody(t, srv.URL+"/v1/reports/999999", testToken); code != 404 {
				t.Errorf("unknown id: %d", code)
			}
			if code, _ := getBody(t, srv.URL+"/v1/reports?verdict=bogus", testToken); code != 400 {
				t.Errorf("bad verdict filter: %d", code)
			}
			var hosts struct{ Hosts []HostSummary }
			getJSON(t, srv.URL+"/v1/hosts?since=1h", testToken, &hosts)
			if len(hosts.Hosts) != 1 || hosts.Hosts[0].Verdict != VerdictInterception || hosts.Hosts[0].Count != 3 ||
				hosts.Hosts[0].Verdicts[VerdictRotation] != 1 || len(hosts.Hosts[0].Issuers) != 2 {
				t.Errorf("hosts = %+v", hosts.Hosts)
			}
			checkMetrics(t, srv.URL)
		})
	}
}

// checkMetrics reads /metrics after TestMetricsAndVerdictAPI's reports.
func checkMetrics(t *testing.T, url string) {
	t.Helper()
	if code, _ := getBody(t, url+"/metrics", ""); code != 401 {
		t.Errorf("metrics without a token: %d", code)
	}
	code, text := getBody(t, url+"/metrics", testToken)
	for _, want := range []string{
		`pinkit_collect_reports_accepted_total{verdict="interception"} 2`,
		`pinkit_collect_reports_accepted_total{verdict="rotation"} 1`,
		`pinkit_collect_reports_deduplicated_total 1`,
		`pinkit_collect_reports_rejected_total{reason="rate_limited"} 2`,
		`pinkit_collect_store_seconds_count 3`,
	} {
		if code != 200 || !strings.Contains(text, want+"\n") {
			t.Errorf("metrics lack %q (%d)", want, code)
		}
	}
}

// TestRetention deletes rows last seen before the cut-off, in batches.
func TestRetention(t *testing.T) {
	t.Parallel()
	for _, kind := range storeKinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			s := openTestStore(t, kind)
			ctx := context.Background()
			old := time.Now().Add(-100 * 24 * time.Hour)
			for i := range 7 {
				if _, err := s.Add(ctx, sampleReport(t, "old.example", "app", itoa(int64(i)), old)); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := s.Add(ctx, sampleReport(t, "new.example", "app", "1", time.Now())); err != nil {
				t.Fatal(err)
			}
			n, err := s.DeleteBefore(ctx, time.Now().Add(-90*24*time.Hour), 3)
			if err != nil || n != 7 {
				t.Fatalf("DeleteBefore = %d, %v; want 7", n, err)
			}
			page, _ := s.List(ctx, Query{})
			if len(page.Reports) != 1 || page.Reports[0].Host != "new.example" {
				t.Errorf("left %d reports", len(page.Reports))
			}
		})
	}
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }

func httptestServer(t *testing.T, h http.Handler) string {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestLimiterMapCapped: a flood of distinct clients does not grow the
// limiter beyond maxClients buckets.
func TestLimiterMapCapped(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newLimiter(1, 2, func() time.Time { return now })
	for i := range maxClients + 100 {
		l.allow(strconv.Itoa(i))
	}
	if len(l.buckets) > maxClients {
		t.Errorf("%d buckets, cap %d", len(l.buckets), maxClients)
	}
}

// TestHistorySurvivesRestart: the host × CA history is stored, so a new
// handler on the same database still calls a new public CA interception.
func TestHistorySurvivesRestart(t *testing.T) {
	t.Parallel()
	for _, kind := range storeKinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			w := pintest.NewWorld(t)
			s := openTestStore(t, kind)
			roots := pintest.Pool(w.Root.Cert, w.Rogue.Cert)
			body := func(chain []string) []byte {
				b, _ := json.Marshal(map[string]any{"hostname": "api.example.com", "served-certificate-chain": chain, "known-pins": []string{pinOf(w.BackupKey)}})
				return b
			}
			h1, err := NewHandler(Config{Store: s, Token: testToken, Verifier: NewVerifier(roots, "test")})
			if err != nil {
				t.Fatal(err)
			}
			if code, _ := post(t, httptestServer(t, h1), body(pemChain(w.Legit(t, "api.example.com").Certs...))); code != http.StatusAccepted {
				t.Fatalf("first report: %d", code)
			}
			h2, err := NewHandler(Config{Store: s, Token: testToken, Verifier: NewVerifier(roots, "test")})
			if err != nil {
				t.Fatal(err)
			}
			_, out := post(t, httptestServer(t, h2), body(pemChain(w.Forged(t, "api.example.com").Certs...)))
			r, err := s.Get(context.Background(), int64(out["id"].(float64)))
			if err != nil || r.Verdict != VerdictInterception {
				t.Fatalf("after a restart, a new public CA: %v %v", r, err)
			}
		})
	}
}
