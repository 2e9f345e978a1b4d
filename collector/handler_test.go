package collector

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

const testToken = "test-token-0123456789abcdef"

// newTestServer serves a Handler over a fresh store of kind.
func newTestServer(t *testing.T, kind string, cfg Config) (*httptest.Server, *SQLStore) {
	t.Helper()
	s := openTestStore(t, kind)
	cfg.Store = s
	if cfg.Token == "" {
		cfg.Token = testToken
	}
	h, err := NewHandler(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, s
}

func post(t *testing.T, url string, body []byte) (int, map[string]any) {
	t.Helper()
	resp, err := http.Post(url+"/v1/reports", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func getJSON(t *testing.T, url, token string, v any) int {
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
	if v != nil {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatal(err)
		}
	}
	return resp.StatusCode
}

func TestHandlerAcceptsEveryFormat(t *testing.T) {
	t.Parallel()
	for _, kind := range storeKinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			srv, _ := newTestServer(t, kind, Config{})
			files := []string{"rfc7469.json", "trustkit-ios.json", "trustkit-android.json", "pinkit.json"}
			for _, f := range files {
				if code, out := post(t, srv.URL, readTestdata(t, f)); code != http.StatusAccepted || out["duplicate"] != false {
					t.Fatalf("%s: %d %v", f, code, out)
				}
			}
			// The same report again is counted, not stored twice.
			if code, out := post(t, srv.URL, readTestdata(t, "trustkit-ios.json")); code != http.StatusAccepted || out["duplicate"] != true {
				t.Fatalf("repeat: %d %v", code, out)
			}
			var page Page
			if code := getJSON(t, srv.URL+"/v1/reports?app=com.example.ios", testToken, &page); code != 200 {
				t.Fatalf("list: %d", code)
			}
			if len(page.Reports) != 1 || page.Reports[0].Count != 2 || page.Reports[0].Format != FormatTrustKitIOS {
				t.Fatalf("list = %+v", page.Reports)
			}
			var st Stats
			getJSON(t, srv.URL+"/v1/stats?since=1h", testToken, &st)
			if st.Reports != 4 || st.Failures != 5 || len(st.Issuers) != 1 || st.Issuers[0].Key != "CN=Corp Inspection CA, O=Acme Proxy" {
				t.Fatalf("stats = %+v", st)
			}
		})
	}
}

func TestHandlerAuth(t *testing.T) {
	t.Parallel()
	srv, _ := newTestServer(t, "sqlite", Config{})
	for _, path := range []string{"/v1/reports", "/v1/stats", "/"} {
		for _, tok := range []string{"", "wrong-token-wrong-token"} {
			req, _ := http.NewRequest("GET", srv.URL+path, nil)
			if tok != "" {
				req.Header.Set("Authorization", "Bearer "+tok)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("GET %s with token %q: %d, want 401", path, tok, resp.StatusCode)
			}
		}
	}
	if _, err := NewHandler(Config{Store: openTestStore(t, "sqlite"), Token: "short"}); err == nil {
		t.Error("a short token was accepted")
	}
}

func TestDashboardLogin(t *testing.T) {
	t.Parallel()
	srv, _ := newTestServer(t, "sqlite", Config{})
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(srv.URL + "/?token=" + testToken)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Fatalf("?token= answered %d to %q, want 303 to /", resp.StatusCode, resp.Header.Get("Location"))
	}
	cookies := resp.Cookies()
	if len(cookies) != 1 || !cookies[0].HttpOnly || cookies[0].SameSite != http.SameSiteStrictMode || strings.Contains(cookies[0].Value, testToken) {
		t.Fatalf("cookie = %+v", cookies)
	}
	req, _ := http.NewRequest("GET", srv.URL+"/", nil)
	req.AddCookie(cookies[0])
	resp, err = noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Pin validation failures") {
		t.Fatalf("dashboard with cookie: %d", resp.StatusCode)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP = %q", csp)
	}
	// The login form.
	resp, err = noRedirect.PostForm(srv.URL+"/login", url.Values{"token": {"nope"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong token in form: %d", resp.StatusCode)
	}
	resp, err = noRedirect.PostForm(srv.URL+"/login", url.Values{"token": {testToken}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || len(resp.Cookies()) != 1 {
		t.Errorf("login form: %d %v", resp.StatusCode, resp.Cookies())
	}
}

func TestHandlerLimits(t *testing.T) {
	t.Parallel()
	srv, _ := newTestServer(t, "sqlite", Config{})
	big := []byte(`{"hostname":"` + strings.Repeat("a", MaxBodyBytes) + `"}`)
	if code, _ := post(t, srv.URL, big); code != http.StatusRequestEntityTooLarge {
		t.Errorf("64 KiB+ body with Content-Length: %d, want 413", code)
	}
	// Chunked: no Content-Length, the reader must still stop.
	resp, err := http.Post(srv.URL+"/v1/reports", "application/json", io.MultiReader(bytes.NewReader(big)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked 64 KiB+ body: %d, want 413", resp.StatusCode)
	}
	code, out := post(t, srv.URL, []byte(`{"hostname":"a","port":"x"}`))
	if code != http.StatusBadRequest || out["field"] != "port" || !strings.Contains(fmt.Sprint(out["error"]), `"port"`) {
		t.Errorf("bad field: %d %v", code, out)
	}
	var e map[string]any
	if code := getJSON(t, srv.URL+"/v1/reports?since=banana", testToken, &e); code != 400 || e["field"] != "since" {
		t.Errorf("bad since: %d %v", code, e)
	}
	if code := getJSON(t, srv.URL+"/v1/reports?cursor=abc", testToken, &e); code != 400 {
		t.Errorf("bad cursor: %d %v", code, e)
	}
}

func TestHandlerRateLimit(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	srv, _ := newTestServer(t, "sqlite", Config{Rate: 1, Burst: 3, Now: clock})
	body := []byte(`{"hostname":"rate.example"}`)
	var codes []int
	for range 5 {
		code, _ := post(t, srv.URL, body)
		codes = append(codes, code)
	}
	if fmt.Sprint(codes) != "[202 202 202 429 429]" {
		t.Errorf("codes = %v, want 3 accepted then 429", codes)
	}
	// Behind a load balancer, the client is the last X-Forwarded-For entry.
	h := &Handler{cfg: Config{ClientIPHeader: "X-Forwarded-For"}}
	req := httptest.NewRequest("POST", "/v1/reports", nil)
	req.Header.Add("X-Forwarded-For", "6.6.6.6, 10.0.0.1")
	req.Header.Add("X-Forwarded-For", "1.2.3.4, 192.0.2.7")
	if got := h.clientKey(req); got != "192.0.2.7" {
		t.Errorf("client key = %q, want the entry the proxy appended", got)
	}
	if got := (&Handler{}).clientKey(req); got != "192.0.2.1" {
		t.Errorf("client key without a proxy header = %q, want the remote address", got)
	}
	// The limiter's unit: refills with time.
	l := newLimiter(1, 1, clock)
	if ok, _ := l.allow("a"); !ok {
		t.Fatal("first request refused")
	}
	if ok, wait := l.allow("a"); ok || wait <= 0 || wait > time.Second {
		t.Fatalf("second request: ok=%v wait=%v", ok, wait)
	}
	if ok, _ := l.allow("b"); !ok {
		t.Fatal("another client was limited")
	}
	now = now.Add(time.Second)
	if ok, _ := l.allow("a"); !ok {
		t.Fatal("bucket did not refill")
	}
}

func TestStoreFailureIsNot202(t *testing.T) {
	t.Parallel()
	srv, s := newTestServer(t, "sqlite", Config{})
	s.Close()
	if code, _ := post(t, srv.URL, []byte(`{"hostname":"a.example"}`)); code != http.StatusServiceUnavailable {
		t.Errorf("closed store: %d, want 503", code)
	}
}
