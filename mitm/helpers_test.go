package mitm

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/internal/pintest"
)

const testHost = "api.pinkit.test"

// rig is a proxy with both listeners in front of a real HTTPS upstream
// whose chain comes from pintest.World.
type rig struct {
	p           *Proxy
	ca          *CA
	world       *pintest.World
	upstream    *httptest.Server
	explicit    string // proxy address
	transparent string // TLS listener address

	mu     sync.Mutex
	events []Event
}

func newRig(t *testing.T, attack Attack, mutate func(*Config)) *rig {
	t.Helper()
	ca, err := NewCA(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	w := pintest.NewWorld(t)
	up := httptest.NewUnstartedServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(rw, "upstream %s %s host=%s", r.Method, r.URL.Path, r.Host)
	}))
	up.TLS = &tls.Config{Certificates: []tls.Certificate{w.Legit(t, testHost).TLSCertificate()}}
	up.Config.ErrorLog = log.New(io.Discard, "", 0)
	up.StartTLS()
	t.Cleanup(up.Close)
	r := &rig{ca: ca, world: w, upstream: up}
	cfg := Config{
		CA: ca, Attack: attack,
		Upstreams:        map[string]string{testHost: up.Listener.Addr().String()},
		UpstreamRoots:    pintest.Pool(w.Root.Cert),
		TransparentPort:  "443",
		HandshakeTimeout: 10 * time.Second, // generous: CI machines are loaded
		OnEvent: func(e Event) {
			r.mu.Lock()
			r.events = append(r.events, e)
			r.mu.Unlock()
		},
	}
	if mutate != nil {
		mutate(&cfg)
	}
	r.p, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r.explicit = r.serve(t, r.p.ServeExplicit)
	r.transparent = r.serve(t, r.p.ServeTransparent)
	t.Cleanup(func() { r.p.Close() })
	return r
}

func (r *rig) serve(t *testing.T, fn func(net.Listener) error) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = fn(ln) }()
	return ln.Addr().String()
}

// eventsOf returns the events of one kind seen so far.
func (r *rig) eventsOf(kind string) []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Event
	for _, e := range r.events {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

// waitEvents waits until n events of kind were recorded.
func (r *rig) waitEvents(t *testing.T, kind string, n int) []Event {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		ev := r.eventsOf(kind)
		if len(ev) >= n {
			return ev
		}
		if time.Now().After(deadline) {
			t.Fatalf("want %d %s events, got %d: %+v", n, kind, len(ev), r.eventsOf(""))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (r *rig) result(t *testing.T, host string) HostResult {
	t.Helper()
	res := r.p.Summary().Hosts
	i := slices.IndexFunc(res, func(h HostResult) bool { return h.Host == host })
	if i < 0 {
		t.Fatalf("no result for %s in %+v", host, res)
	}
	return res[i]
}

// client kinds: how the app under test checks certificates.
type clientKind string

const (
	trusting     clientKind = "trusting"      // trusts the proxy CA, no pinning
	pinning      clientKind = "pinning"       // trusts the proxy CA, pins the real chain
	insecure     clientKind = "insecure"      // InsecureSkipVerify
	noHostname   clientKind = "no-hostname"   // verifies the chain but not the name
	systemLegacy clientKind = "system-legacy" // trusts only the real root
)

// tlsConfig builds the client TLS config of kind k.
func (r *rig) tlsConfig(t *testing.T, k clientKind) *tls.Config {
	t.Helper()
	roots := pintest.Pool(r.ca.Cert, r.world.Root.Cert)
	switch k {
	case trusting:
		return &tls.Config{RootCAs: roots}
	case pinning:
		pol, err := pin.NewPolicy(pin.HostPins(testHost, pin.FromCertificate(r.world.Inter.Cert), pin.FromCertificate(r.world.BackupKey)))
		if err != nil {
			t.Fatal(err)
		}
		return pol.TLSConfig(&tls.Config{RootCAs: roots})
	case insecure:
		return &tls.Config{InsecureSkipVerify: true} // models a broken client
	case noHostname:
		return &tls.Config{
			InsecureSkipVerify: true, // models a client that verifies the chain but skips the hostname
			VerifyConnection: func(cs tls.ConnectionState) error {
				inter := x509.NewCertPool()
				for _, c := range cs.PeerCertificates[1:] {
					inter.AddCert(c)
				}
				_, err := cs.PeerCertificates[0].Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter})
				return err
			},
		}
	case systemLegacy:
		return &tls.Config{RootCAs: pintest.Pool(r.world.Root.Cert)}
	}
	t.Fatalf("unknown client kind %q", k)
	return nil
}

// httpClient returns a client of kind k that reaches the proxy in mode
// "explicit" (HTTPS_PROXY) or "transparent" (every dial goes to the TLS
// listener, as with iptables REDIRECT).
func (r *rig) httpClient(t *testing.T, k clientKind, mode string) *http.Client {
	t.Helper()
	tr := &http.Transport{TLSClientConfig: r.tlsConfig(t, k), DisableKeepAlives: true}
	switch mode {
	case "explicit":
		tr.Proxy = http.ProxyURL(&url.URL{Scheme: "http", Host: r.explicit})
	case "transparent":
		tr.DialContext = pintest.DialTo(r.transparent)
	default:
		t.Fatalf("unknown mode %q", mode)
	}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 5 * time.Second}
}

func get(c *http.Client, rawURL string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return "", err
	}
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return fmt.Sprintf("%d %s", resp.StatusCode, b), err
}
