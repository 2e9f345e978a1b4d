package mitm

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// plainServer is a cleartext server on loopback — the tester's own
// service that a client of the proxy must not reach — counting its hits.
func plainServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, "private service")
	}))
	t.Cleanup(s.Close)
	return s, &hits
}

func proxyClient(t *testing.T, r *rig) *http.Client {
	t.Helper()
	tr := &http.Transport{Proxy: http.ProxyURL(&url.URL{Scheme: "http", Host: r.explicit}), DisableKeepAlives: true}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 5 * time.Second}
}

// TestPrivateDestinationsRefused: absolute-URL requests and CONNECT
// tunnels to loopback (by address or by name) get a 403 that says why,
// and the private service is never reached.
func TestPrivateDestinationsRefused(t *testing.T) {
	t.Parallel()
	plain, hits := plainServer(t)
	_, port, _ := net.SplitHostPort(plain.Listener.Addr().String())
	r := newRig(t, AttackTrusted, func(c *Config) { c.Passthrough = []string{"localhost"} })
	for _, target := range []string{"127.0.0.1:" + port, "localhost:" + port} {
		body, err := get(proxyClient(t, r), "http://"+target+"/secret")
		if err != nil || !strings.HasPrefix(body, "403 ") || !strings.Contains(body, "loopback") {
			t.Errorf("GET http://%s through the proxy: %q, %v; want 403 naming loopback", target, body, err)
		}
		// localhost is a passthrough host: a raw tunnel, refused as well.
		saw := rawExchange(t, r.explicit, "CONNECT "+target+" HTTP/1.1\r\nHost: "+target+"\r\n\r\n", false)
		if !strings.HasPrefix(saw, "HTTP/1.1 403 ") || !strings.Contains(saw, "loopback") {
			t.Errorf("CONNECT %s: %q, want 403 naming loopback", target, saw)
		}
	}
	// Addresses that are refused before any dial (no traffic leaves).
	for _, target := range []string{"[::1]:443", "10.1.2.3:443", "192.168.1.1:443", "169.254.169.254:80",
		"0.0.0.0:443", "[::ffff:127.0.0.1]:443", "[fe80::1]:443", "100.64.0.1:443"} {
		saw := rawExchange(t, r.explicit, "CONNECT "+target+" HTTP/1.1\r\nHost: "+target+"\r\n\r\n", false)
		if !strings.HasPrefix(saw, "HTTP/1.1 403 ") {
			t.Errorf("CONNECT %s: %q, want 403", target, saw)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the private service was reached %d times", n)
	}
	ev := r.waitEvents(t, KindError, 1)
	if !strings.Contains(ev[0].Detail, "refused") {
		t.Errorf("error event = %+v", ev[0])
	}
}

// TestPrivateDestinationTransparent: a TLS client of the transparent
// listener naming localhost in its SNI is attacked as usual, but its
// requests are not forwarded to the tester's machine.
func TestPrivateDestinationTransparent(t *testing.T) {
	t.Parallel()
	r := newRig(t, AttackTrusted, nil)
	body, err := get(r.httpClient(t, trusting, "transparent"), "https://localhost/x")
	if err != nil || !strings.HasPrefix(body, "403 ") || !strings.Contains(body, "loopback") {
		t.Errorf("GET https://localhost via the transparent listener: %q, %v; want 403 naming loopback", body, err)
	}
	if got := r.result(t, "localhost"); got.Verdict != VerdictIntercepted {
		t.Errorf("verdict = %+v, want intercepted (the attack still runs)", got)
	}
}

// TestAllowPrivate: with AllowPrivate, loopback is reached both ways.
func TestAllowPrivate(t *testing.T) {
	t.Parallel()
	plain, hits := plainServer(t)
	target := plain.Listener.Addr().String()
	r := newRig(t, AttackTrusted, func(c *Config) { c.AllowPrivate = true; c.Passthrough = []string{"127.0.0.1"} })
	if body, err := get(proxyClient(t, r), "http://"+target+"/ok"); err != nil || body != "200 private service" {
		t.Errorf("GET with AllowPrivate: %q, %v", body, err)
	}
	saw := rawExchange(t, r.explicit, "CONNECT "+target+" HTTP/1.1\r\nHost: "+target+"\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false)
	if !strings.HasPrefix(saw, "HTTP/1.1 200 ") || !strings.Contains(saw, "private service") {
		t.Errorf("CONNECT with AllowPrivate: %q", saw)
	}
	if hits.Load() != 2 {
		t.Errorf("%d hits, want 2", hits.Load())
	}
}

// TestUpstreamMappingIsAllowed: an explicit Upstreams entry to loopback is
// dialed (the rig's own upstream is one), and only for the mapped host.
func TestUpstreamMappingIsAllowed(t *testing.T) {
	t.Parallel()
	plain, _ := plainServer(t)
	r := newRig(t, AttackTrusted, func(c *Config) { c.Upstreams["mapped.pinkit.test:80"] = plain.Listener.Addr().String() })
	if body, err := get(proxyClient(t, r), "http://mapped.pinkit.test/m"); err != nil || body != "200 private service" {
		t.Errorf("mapped host: %q, %v", body, err)
	}
}

// fakeNet answers lookups from a script and records dials, so that
// resolution can be tested without traffic leaving the machine.
type fakeNet struct {
	mu      sync.Mutex
	answers [][]netip.Addr // one per lookup; the last repeats
	lookups int
	dialed  []string
}

func (f *fakeNet) lookup(ctx context.Context, host string) ([]netip.Addr, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a := f.answers[min(f.lookups, len(f.answers)-1)]
	f.lookups++
	return a, nil
}

func (f *fakeNet) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.dialed = append(f.dialed, addr)
	return nil, errors.New("fake network: no traffic")
}

// TestDNSRebinding: the address dialed is the one checked. A name whose
// answer turns private between the check at CONNECT time and the dial is
// refused at the dial; a name with one private address among public ones
// is refused; a public answer is dialed by address, not by name.
func TestDNSRebinding(t *testing.T) {
	t.Parallel()
	public, private := netip.MustParseAddr("192.0.2.7"), netip.MustParseAddr("127.0.0.1")
	for _, tc := range []struct {
		name    string
		answers [][]netip.Addr
		status  string
		dialed  string
	}{
		{"rebinds to loopback", [][]netip.Addr{{public}, {private}}, "403 ", ""},
		{"one private address among public ones", [][]netip.Addr{{public, private}}, "403 ", ""},
		{"public answer dialed by address", [][]netip.Addr{{public}}, "502 ", "192.0.2.7:80"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fn := &fakeNet{answers: tc.answers}
			r := newRig(t, AttackTrusted, func(c *Config) { c.lookup, c.dial = fn.lookup, fn.dial })
			body, err := get(proxyClient(t, r), "http://rebind.pinkit.test/")
			if err != nil || !strings.HasPrefix(body, tc.status) {
				t.Fatalf("got %q, %v; want %s", body, err, tc.status)
			}
			fn.mu.Lock()
			defer fn.mu.Unlock()
			if got := strings.Join(fn.dialed, " "); got != tc.dialed {
				t.Errorf("dialed %q, want %q", got, tc.dialed)
			}
		})
	}
}

func TestRefusedReason(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]string{
		"127.0.0.1": "loopback", "::1": "loopback", "::ffff:127.0.0.2": "loopback",
		"10.0.0.1": "private", "172.16.0.1": "private", "192.168.0.1": "private", "fd00::1": "private",
		"100.64.0.1": "private", "169.254.169.254": "link-local", "fe80::1": "link-local",
		"0.0.0.0": "unspecified", "::": "unspecified", "0.1.2.3": "unspecified",
		"239.1.2.3": "not unicast", "224.0.0.1": "link-local", "255.255.255.255": "not unicast",
		"192.0.2.7": "", "8.8.8.8": "", "2001:db8::1": "", "172.32.0.1": "",
	} {
		if got := refusedReason(netip.MustParseAddr(addr)); got != want {
			t.Errorf("refusedReason(%s) = %q, want %q", addr, got, want)
		}
	}
}
