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
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/elazarl/goproxy"
	"github.com/pinkit/pinkit/mitm"
)

// Host is the name every benchmark connection asks for.
const Host = "bench.pinkit.test"

// World is the upstream server and the CA both proxies sign with.
type World struct {
	Upstream *httptest.Server // nil in a proxy subprocess (see LoadWorld)
	UpAddr   string           // the upstream's address
	UpCA     *mitm.CA         // issued the upstream's certificate
	UpRoots  *x509.CertPool   // verifies the upstream
	CA       *mitm.CA         // the proxies' CA
	CARoots  *x509.CertPool   // what the client trusts
}

// NewWorld starts an HTTPS upstream answering "ok" with a certificate for
// Host from its own CA, and makes the proxies' CA.
func NewWorld() (*World, error) {
	upCA, err := mitm.NewCA(time.Now())
	if err != nil {
		return nil, err
	}
	cert, err := leaf(upCA)
	if err != nil {
		return nil, err
	}
	up := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, "ok")
	}))
	up.Config.ErrorLog = log.New(io.Discard, "", 0)
	up.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	up.StartTLS()
	ca, err := mitm.NewCA(time.Now())
	if err != nil {
		up.Close()
		return nil, err
	}
	w := &World{Upstream: up, UpAddr: up.Listener.Addr().String(), UpCA: upCA, UpRoots: x509.NewCertPool(), CA: ca, CARoots: x509.NewCertPool()}
	w.UpRoots.AddCert(upCA.Cert)
	w.CARoots.AddCert(ca.Cert)
	return w, nil
}

// Close stops the upstream.
func (w *World) Close() {
	if w.Upstream != nil {
		w.Upstream.Close()
	}
}

// Save writes what a proxy subprocess needs into dir: the proxy CA in
// mitm.LoadCA's layout, the upstream CA and the upstream address.
func (w *World) Save(dir string) error {
	key, err := x509.MarshalPKCS8PrivateKey(w.CA.Key)
	if err != nil {
		return err
	}
	files := map[string][]byte{
		mitm.CACertFile:   w.CA.PEM(),
		mitm.CAKeyFile:    pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: key}),
		"upstream-ca.pem": w.UpCA.PEM(),
		"upstream-addr":   []byte(w.UpAddr),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			return err
		}
	}
	return nil
}

// LoadWorld reads what Save wrote, for a proxy subprocess.
func LoadWorld(dir string) (*World, error) {
	ca, err := mitm.LoadCA(dir)
	if err != nil {
		return nil, err
	}
	upPEM, err := os.ReadFile(filepath.Join(dir, "upstream-ca.pem"))
	if err != nil {
		return nil, err
	}
	addr, err := os.ReadFile(filepath.Join(dir, "upstream-addr"))
	if err != nil {
		return nil, err
	}
	w := &World{UpAddr: string(addr), UpRoots: x509.NewCertPool(), CA: ca, CARoots: x509.NewCertPool()}
	if !w.UpRoots.AppendCertsFromPEM(upPEM) {
		return nil, fmt.Errorf("%s: no upstream CA", dir)
	}
	w.CARoots.AddCert(ca.Cert)
	return w, nil
}

// leaf issues the upstream's certificate for Host.
func leaf(ca *mitm.CA) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: Host}, DNSNames: []string{Host},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, key.Public(), ca.Key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

// Proxy is a running proxy under test.
type Proxy struct {
	Addr string
	Stop func()
}

// Proxies lists the contenders by name.
var Proxies = []struct {
	Name  string
	Start func(*World) (*Proxy, error)
}{
	{"pinkit", StartPinkit},
	{"goproxy", StartGoproxy},
}

// StartPinkit runs pinkit's explicit proxy, attack trusted.
func StartPinkit(w *World) (*Proxy, error) {
	p, err := mitm.New(mitm.Config{
		CA: w.CA, Attack: mitm.AttackTrusted,
		Upstreams:     map[string]string{Host: w.UpAddr},
		UpstreamRoots: w.UpRoots,
	})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		p.Close()
		return nil, err
	}
	go func() { _ = p.ServeExplicit(ln) }()
	return &Proxy{Addr: ln.Addr().String(), Stop: func() { p.Close() }}, nil
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

// StartGoproxy runs goproxy with MITM on every CONNECT, signing with the
// same CA (so P-256 leaves too), a cert cache, and an upstream transport
// that verifies like pinkit's.
func StartGoproxy(w *World) (*Proxy, error) {
	ca := tls.Certificate{Certificate: [][]byte{w.CA.Cert.Raw}, PrivateKey: w.CA.Key, Leaf: w.CA.Cert}
	p := goproxy.NewProxyHttpServer()
	p.Logger = log.New(io.Discard, "", 0)
	p.CertStore = &certCache{m: map[string]*tls.Certificate{}}
	upAddr := w.UpAddr
	d := &net.Dialer{Timeout: 5 * time.Second}
	p.Tr = &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: w.UpRoots},
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, upAddr)
		},
		MaxIdleConnsPerHost: 16,
	}
	action := &goproxy.ConnectAction{Action: goproxy.ConnectMitm, TLSConfig: goproxy.TLSConfigFromCA(&ca)}
	p.OnRequest().HandleConnect(goproxy.FuncHttpsHandler(func(host string, _ *goproxy.ProxyCtx) (*goproxy.ConnectAction, string) {
		return action, host
	}))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
	go func() { _ = srv.Serve(ln) }()
	return &Proxy{Addr: ln.Addr().String(), Stop: func() { srv.Close(); p.Tr.CloseIdleConnections() }}, nil
}

// Handshake does CONNECT plus a full TLS handshake (no session
// resumption) through the proxy at addr, then closes.
func Handshake(addr string, roots *x509.CertPool) error {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(c, "CONNECT %s:443 HTTP/1.1\r\nHost: %s:443\r\n\r\n", Host, Host)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("CONNECT: %s", resp.Status)
	}
	return tls.Client(c, &tls.Config{RootCAs: roots, ServerName: Host}).Handshake()
}

// NewRequestClient returns a client that makes a new CONNECT and
// handshake for every request.
func NewRequestClient(addr string, roots *x509.CertPool) *http.Client {
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		Proxy:             http.ProxyURL(&url.URL{Scheme: "http", Host: addr}),
		TLSClientConfig:   &tls.Config{RootCAs: roots},
		DisableKeepAlives: true,
	}}
}

// Get fetches https://Host/ and checks the upstream's body arrived.
func Get(c *http.Client) error {
	resp, err := c.Get("https://" + Host + "/")
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
