package mitm

import (
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pinkit/pinkit/internal/pintest"
)

// TestPassthrough: a passthrough host reaches the real upstream untouched,
// so a client that trusts only the real root succeeds and no verdict is
// recorded.
func TestPassthrough(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"explicit", "transparent"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			r := newRig(t, AttackTrusted, func(c *Config) { c.Passthrough = []string{"API.pinkit.test."} })
			body, err := get(r.httpClient(t, systemLegacy, mode), "https://"+testHost+"/through")
			if err != nil {
				t.Fatal(err)
			}
			if want := "200 upstream GET /through host=" + testHost; body != want {
				t.Errorf("body = %q, want %q", body, want)
			}
			if ev := r.waitEvents(t, KindTunnel, 1); ev[0].Detail != "passthrough" {
				t.Errorf("tunnel event = %+v", ev[0])
			}
			if hs := r.eventsOf(KindHandshake); len(hs) != 0 {
				t.Errorf("passthrough host was attacked: %+v", hs)
			}
		})
	}
}

// TestCleartext: plain HTTP through the explicit proxy is forwarded and
// logged as cleartext.
func TestCleartext(t *testing.T) {
	t.Parallel()
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "plain %s", r.URL.Path)
	}))
	t.Cleanup(plain.Close)
	r := newRig(t, AttackTrusted, func(c *Config) { c.Upstreams["plain.pinkit.test:80"] = plain.Listener.Addr().String() })
	tr := &http.Transport{Proxy: http.ProxyURL(&url.URL{Scheme: "http", Host: r.explicit})}
	t.Cleanup(tr.CloseIdleConnections)
	body, err := get(&http.Client{Transport: tr, Timeout: 5 * time.Second}, "http://plain.pinkit.test/clear")
	if err != nil || body != "200 plain /clear" {
		t.Fatalf("body %q, err %v", body, err)
	}
	e := r.waitEvents(t, KindRequest, 1)[0]
	if !e.Cleartext || e.Host != "plain.pinkit.test" || e.Path != "/clear" || e.Status != 200 {
		t.Errorf("request event = %+v", e)
	}
	if got := r.result(t, "plain.pinkit.test"); got.Verdict != VerdictUnknown || !strings.Contains(got.Reason, "cleartext") {
		t.Errorf("result = %+v", got)
	}
}

// TestKeepAliveRequests: several requests on one intercepted connection
// are all forwarded and logged.
func TestKeepAliveRequests(t *testing.T) {
	t.Parallel()
	r := newRig(t, AttackTrusted, nil)
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pintest.Pool(r.ca.Cert)}, DialContext: pintest.DialTo(r.transparent)}
	t.Cleanup(tr.CloseIdleConnections)
	c := &http.Client{Transport: tr, Timeout: 5 * time.Second}
	for i := 0; i < 3; i++ {
		resp, err := c.Get(fmt.Sprintf("https://%s/n%d", testHost, i))
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	r.waitEvents(t, KindRequest, 3)
	if hs := r.eventsOf(KindHandshake); len(hs) != 1 {
		t.Errorf("%d handshakes, want 1 (keep-alive)", len(hs))
	}
	if got := r.result(t, testHost); got.Requests != 3 || got.Verdict != VerdictIntercepted {
		t.Errorf("result = %+v", got)
	}
}
