package mitmbench

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/elazarl/goproxy"
	"github.com/pinkit/pinkit/internal/mitm"
)

const host = "bench.pinkit.test"

// world is the upstream and the CA both proxies sign with.
type world struct {
	upstream *httptest.Server
	upRoots  *x509.CertPool
	ca       *mitm.CA
	caRoots  *x509.CertPool
}

func newWorld(b *testing.B) *world {
	b.Helper()
	up := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, "ok")
	}))
	up.Config.ErrorLog = log.New(io.Discard, "", 0)
	upCA, err := mitm.NewCA(time.Now())
	if err != nil {
		b.Fatal(err)
	}
	up.TLS = &tls.Config{Certificates: []tls.Certificate{leaf(b, upCA)}}
	up.StartTLS()
	b.Cleanup(up.Close)
	ca, err := mitm.NewCA(time.Now())
	if err != nil {
		b.Fatal(err)
	}
	w := &world{upstream: up, upRoots: x509.NewCertPool(), ca: ca, caRoots: x509.NewCertPool()}
	w.upRoots.AddCert(upCA.Cert)
	w.caRoots.AddCert(ca.Cert)
	return w
}

// leaf issues the upstream's certificate for host.
func leaf(b *testing.B, ca *mitm.CA) tls.Certificate {
	b.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: host}, DNSNames: []string{host},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, key.Public(), ca.Key)
	if err != nil {
		b.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func listen(b *testing.B) net.Listener {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	return ln
}

// startPinkit runs pinkit's explicit proxy, attack trusted.
func startPinkit(b *testing.B, w *world) string {
	b.Helper()
	p, err := mitm.New(mitm.Config{
		CA: w.ca, Attack: mitm.AttackTrusted,
		Upstreams:     map[string]string{host: w.upstream.Listener.Addr().String()},
		UpstreamRoots: w.upRoots,
	})
	if err != nil {
		b.Fatal(err)
	}
	ln := listen(b)
	go func() { _ = p.ServeExplicit(ln) }()
	b.Cleanup(func() { p.Close() })
	return ln.Addr().String()
}

// certCache is a goproxy CertStorage: the warm cache goproxy recommends.
type certCache struct {
	mu sync.Mutex
	m  map[string]*tls.Certificate
}

func (c *certCache) Fetch(h string, gen func() (*tls.Certificate, error)) (*tls.Certificate, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cert, ok := c.m[h]; ok {
		return cert, nil
	}
	cert, err := gen()
	if err == nil {
		c.m[h] = cert
	}
	return cert, err
}

// startGoproxy runs goproxy with MITM on every CONNECT, signing with the
// same CA, with a cert cache and an upstream transport that verifies.
func startGoproxy(b *testing.B, w *world) string {
	b.Helper()
	ca := tls.Certificate{Certificate: [][]byte{w.ca.Cert.Raw}, PrivateKey: w.ca.Key, Leaf: w.ca.Cert}
	p := goproxy.NewProxyHttpServer()
	p.Logger = log.New(io.Discard, "", 0)
	p.CertStore = &certCache{m: map[string]*tls.Certificate{}}
	upAddr := w.upstream.Listener.Addr().String()
	d := &net.Dialer{Timeout: 5 * time.Second}
	p.Tr = &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: w.upRoots},
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, upAddr)
		},
		MaxIdleConnsPerHost: 16,
	}
	mitmAction := &goproxy.ConnectAction{Action: goproxy.ConnectMitm, TLSConfig: goproxy.TLSConfigFromCA(&ca)}
	p.OnRequest().HandleConnect(goproxy.FuncHttpsHandler(func(string, *goproxy.ProxyCtx) (*goproxy.ConnectAction, string) {
		return mitmAction, host + ":443"
	}))
	ln := listen(b)
	srv := &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
	go func() { _ = srv.Serve(ln) }()
	b.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// handshake does CONNECT plus a full TLS handshake (no resumption) and
// closes.
func handshake(proxy string, roots *x509.CertPool) error {
	c, err := net.DialTimeout("tcp", proxy, 5*time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(c, "CONNECT %s:443 HTTP/1.1\r\nHost: %s:443\r\n\r\n", host, host)
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		return err
	}
	if resp.StatusCode != 200 {
		return fmt.Errorf("CONNECT: %s", resp.Status)
	}
	tc := tls.Client(c, &tls.Config{RootCAs: roots, ServerName: host})
	return tc.Handshake()
}

// requestClient sends each request on a new CONNECT + handshake.
func requestClient(proxy string, roots *x509.CertPool) *http.Client {
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		Proxy:             http.ProxyURL(&url.URL{Scheme: "http", Host: proxy}),
		TLSClientConfig:   &tls.Config{RootCAs: roots},
		DisableKeepAlives: true,
	}}
}

func get(c *http.Client) error {
	resp, err := c.Get("https://" + host + "/")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || string(body) != "ok" {
		return fmt.Errorf("body %q, err %v", body, err)
	}
	return nil
}

var proxies = []struct {
	name  string
	start func(*testing.B, *world) string
}{
	{"pinkit", startPinkit},
	{"goproxy", startGoproxy},
}

// BenchmarkHandshake: CONNECT + TLS handshake per op, warm cert cache.
func BenchmarkHandshake(b *testing.B) {
	for _, px := range proxies {
		b.Run(px.name, func(b *testing.B) {
			w := newWorld(b)
			addr := px.start(b, w)
			if err := handshake(addr, w.caRoots); err != nil { // warm the cache
				b.Fatal(err)
			}
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := handshake(addr, w.caRoots); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "handshakes/s")
		})
	}
}

// BenchmarkHandshakeRequest: CONNECT + handshake + one GET forwarded to
// the upstream per op.
func BenchmarkHandshakeRequest(b *testing.B) {
	for _, px := range proxies {
		b.Run(px.name, func(b *testing.B) {
			w := newWorld(b)
			addr := px.start(b, w)
			c := requestClient(addr, w.caRoots)
			if err := get(c); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := get(c); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "handshakes/s")
		})
	}
}
