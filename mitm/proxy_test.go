package mitm

import (
	"crypto/tls"
	"io"
	"strings"
	"testing"

	"github.com/pinkit/pinkit/internal/pintest"
)

// TestVerdicts runs real Go clients through the proxy, in both modes, and
// checks the per-host verdict and the client's alert.
func TestVerdicts(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		client  clientKind
		attack  Attack
		conns   int
		ok      bool // the request succeeds through the proxy
		verdict Verdict
		alert   string // alert of the first handshake, if rejected
	}{
		{"trusting client is intercepted", trusting, AttackTrusted, 1, true, VerdictIntercepted, ""},
		{"pinning client is pinned", pinning, AttackTrusted, 1, false, VerdictPinned, "bad_certificate"},
		{"insecure client accepts self-signed", insecure, AttackUntrusted, 1, true, VerdictValidationBroken, ""},
		{"insecure client accepts expired", insecure, AttackExpired, 1, true, VerdictValidationBroken, ""},
		{"hostname-skipping client accepts wrong host", noHostname, AttackWrongHost, 1, true, VerdictHostnameBroken, ""},
		{"trusting client refuses expired", trusting, AttackExpired, 1, false, VerdictUnknown, "bad_certificate"},
		{"trusting client refuses wrong host", trusting, AttackWrongHost, 1, false, VerdictUnknown, "bad_certificate"},
		{"client without the proxy CA looks pinned (install the CA first)", systemLegacy, AttackTrusted, 1, false, VerdictPinned, "bad_certificate"},
		{"rotate finds the missing hostname check", noHostname, AttackRotate, 4, false, VerdictHostnameBroken, ""},
		{"rotate on a pinning client", pinning, AttackRotate, 4, false, VerdictPinned, "bad_certificate"},
	}
	for _, tc := range cases {
		for _, mode := range []string{"explicit", "transparent"} {
			t.Run(tc.name+"/"+mode, func(t *testing.T) {
				t.Parallel()
				r := newRig(t, tc.attack, nil)
				c := r.httpClient(t, tc.client, mode)
				var body string
				var err error
				for i := 0; i < tc.conns; i++ {
					body, err = get(c, "https://"+testHost+"/hello")
				}
				if tc.conns == 1 && (err == nil) != tc.ok {
					t.Fatalf("request: ok=%v, want %v (body %q, err %v)", err == nil, tc.ok, body, err)
				}
				if tc.ok {
					if want := "200 upstream GET /hello host=" + testHost; body != want {
						t.Errorf("body = %q, want %q", body, want)
					}
					req := r.waitEvents(t, KindRequest, 1)[0]
					if req.Method != "GET" || req.Path != "/hello" || req.Status != 200 || req.Host != testHost {
						t.Errorf("request event = %+v", req)
					}
				}
				hs := r.waitEvents(t, KindHandshake, tc.conns)
				if tc.alert != "" && (hs[0].Outcome != OutcomeRejected || hs[0].Alert != tc.alert) {
					t.Errorf("first handshake = %s/%q, want rejected/%q", hs[0].Outcome, hs[0].Alert, tc.alert)
				}
				if hs[0].Mode != mode {
					t.Errorf("mode = %q, want %q", hs[0].Mode, mode)
				}
				if got := r.result(t, testHost); got.Verdict != tc.verdict {
					t.Errorf("verdict = %s (%s), want %s; attacks %+v", got.Verdict, got.Reason, tc.verdict, got.Attacks)
				}
			})
		}
	}
}

// TestRotateOrder checks that rotate cycles the attacks per host.
func TestRotateOrder(t *testing.T) {
	t.Parallel()
	r := newRig(t, AttackRotate, nil)
	c := r.httpClient(t, insecure, "explicit")
	for i := 0; i < 5; i++ {
		if _, err := get(c, "https://"+testHost+"/"); err != nil {
			t.Fatal(err)
		}
	}
	hs := r.waitEvents(t, KindHandshake, 5)
	var got []string
	for _, e := range hs {
		got = append(got, string(e.Attack))
	}
	if want := "trusted untrusted expired wrong-host trusted"; strings.Join(got, " ") != want {
		t.Errorf("attacks = %q, want %q", got, want)
	}
}

// TestNoResumption: a client with a session cache still gets a full
// handshake, and so a fresh attack certificate, on every connection (it
// guards against caching tls.Configs, whose ticket keys would resume).
func TestNoResumption(t *testing.T) {
	t.Parallel()
	r := newRig(t, AttackTrusted, nil)
	cfg := &tls.Config{ServerName: testHost, RootCAs: pintest.Pool(r.ca.Cert), ClientSessionCache: tls.NewLRUClientSessionCache(4)}
	for i := 0; i < 3; i++ {
		c, err := tlsDial(r.transparent, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if c.ConnectionState().DidResume {
			t.Errorf("connection %d resumed a session", i)
		}
		_, _ = io.WriteString(c, "GET / HTTP/1.1\r\nHost: "+testHost+"\r\nConnection: close\r\n\r\n")
		_, _ = io.ReadAll(c)
		c.Close()
	}
	if hs := r.waitEvents(t, KindHandshake, 3); hs[2].Outcome != OutcomeAccepted {
		t.Errorf("third handshake = %+v", hs[2])
	}
}
