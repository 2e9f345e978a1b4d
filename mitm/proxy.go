package mitm

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pinkit/pinkit/internal/hostname"
)

// Config configures a [Proxy]. Only CA is required.
type Config struct {
	// CA signs the forged leaves.
	CA *CA
	// Attack is the certificate presented on each TLS connection; the
	// zero value means AttackTrusted.
	Attack Attack
	// Passthrough lists hosts whose connections are tunnelled untouched.
	Passthrough []string
	// Upstreams maps a host, or host:port, to the address to dial
	// instead (for tests, or a server that is not in DNS). A mapped
	// address is dialed as given, even a loopback or private one.
	Upstreams map[string]string
	// AllowPrivate lets the proxy connect to loopback, private,
	// link-local and unspecified addresses. By default it refuses them
	// (every address a name resolves to is checked, and the checked
	// address is the one dialed), so that a client of the proxy cannot
	// reach the tester's own services.
	AllowPrivate bool
	// MaxHosts bounds the per-host results kept in memory; the least
	// recently seen host is evicted first. Zero means [DefaultMaxHosts].
	MaxHosts int
	// UpstreamRoots verifies upstream servers; nil means the system roots.
	UpstreamRoots *x509.CertPool
	// TransparentPort is the upstream port for connections of the
	// transparent listener, which only learns the host from SNI; "" means
	// "443".
	TransparentPort string
	// HandshakeTimeout bounds reading the ClientHello and the handshake,
	// and how long an accepted connection may wait before its first
	// request; zero means 10 s.
	HandshakeTimeout time.Duration
	// CacheSize bounds the forged-certificate cache; zero means 1024.
	CacheSize int
	// OnEvent, if set, is called for every event, from many goroutines.
	OnEvent func(Event)
	// Now is the clock for certificates and events; nil means time.Now.
	Now func() time.Time

	// lookup and dial replace the resolver and the dialer in tests.
	lookup func(ctx context.Context, host string) ([]netip.Addr, error)
	dial   func(ctx context.Context, network, addr string) (net.Conn, error)
}

// DefaultMaxHosts is the default bound of [Config.MaxHosts].
const DefaultMaxHosts = 10000

// Proxy is an intercepting proxy. Create it with [New], serve listeners
// with [Proxy.ServeExplicit] and [Proxy.ServeTransparent], and stop it with
// [Proxy.Close]. Its methods are safe for concurrent use.
type Proxy struct {
	cfg       Config
	forger    *forger
	recorder  *Recorder
	transport *http.Transport
	explicit  *http.Server // the HTTP proxy listener(s)
	inner     *http.Server // serves the intercepted TLS connections
	innerLn   *chanListener
	nextID    atomic.Uint64
	pass      map[string]bool
	upstreams map[string]string // cfg.Upstreams with normalised keys

	mu        sync.Mutex
	closed    bool
	rotate    map[string]int
	conns     map[net.Conn]struct{} // connections not yet handed to inner
	listeners []net.Listener
	wg        sync.WaitGroup
}

// New returns a Proxy for cfg. It starts the goroutine that serves
// intercepted connections; call Close to stop it.
func New(cfg Config) (*Proxy, error) {
	if cfg.CA == nil {
		return nil, errors.New("mitm: Config.CA is required")
	}
	if cfg.Attack == "" {
		cfg.Attack = AttackTrusted
	}
	if _, err := ParseAttack(string(cfg.Attack)); err != nil {
		return nil, err
	}
	setDefaults(&cfg)
	p := &Proxy{
		cfg:      cfg,
		forger:   newForger(cfg.CA, cfg.Now, cfg.CacheSize),
		recorder: NewRecorder(cfg.MaxHosts),
		innerLn:  newChanListener(),
		pass:     make(map[string]bool),
		rotate:   make(map[string]int),
		conns:    make(map[net.Conn]struct{}),
	}
	for _, h := range cfg.Passthrough {
		if _, err := hostname.Normalize(h); err != nil {
			return nil, fmt.Errorf("mitm: Passthrough: %w", err)
		}
		p.pass[normalizeHost(h)] = true
	}
	p.upstreams = make(map[string]string, len(cfg.Upstreams))
	for k, addr := range cfg.Upstreams {
		if normalizeHostPort(k) == "" {
			return nil, fmt.Errorf("mitm: Upstreams key %q is not a host or host:port", k)
		}
		p.upstreams[normalizeHostPort(k)] = addr
	}
	p.transport = p.newTransport()
	rp := &httputil.ReverseProxy{
		Rewrite:        p.rewrite,
		Transport:      p.transport,
		ModifyResponse: p.logResponse,
		ErrorHandler:   p.upstreamError,
		ErrorLog:       discardLog(),
	}
	p.inner = newServer(rp)
	p.inner.ConnContext = connContext
	p.explicit = newServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { p.serveProxy(w, r, rp) }))
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		_ = p.inner.Serve(p.innerLn)
	}()
	return p, nil
}

func setDefaults(cfg *Config) {
	if cfg.TransparentPort == "" {
		cfg.TransparentPort = "443"
	}
	if cfg.HandshakeTimeout <= 0 {
		cfg.HandshakeTimeout = 10 * time.Second
	}
	if cfg.CacheSize <= 0 {
		cfg.CacheSize = 1024
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxHosts <= 0 {
		cfg.MaxHosts = DefaultMaxHosts
	}
	if cfg.lookup == nil {
		cfg.lookup = resolverLookup
	}
	if cfg.dial == nil {
		cfg.dial = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	}
}

// newServer returns an http.Server with every timeout set and its error
// log discarded (the proxy reports through events).
func newServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 30 * time.Second,
		ReadTimeout:       5 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          discardLog(),
	}
}

func discardLog() *log.Logger { return log.New(io.Discard, "", 0) }

// ServeExplicit serves an explicit HTTP proxy (CONNECT and absolute-URL
// requests) on ln until Close. It returns nil after Close.
func (p *Proxy) ServeExplicit(ln net.Listener) error {
	if !p.addListener(ln) {
		return nil
	}
	if err := p.explicit.Serve(ln); !errors.Is(err, http.ErrServerClosed) && !p.isClosed() {
		return fmt.Errorf("failed to serve proxy: %w", err)
	}
	return nil
}

// ServeTransparent serves TLS connections redirected to ln (by iptables,
// pf, or a device's DNS pointing at the proxy), learning each host from
// SNI. It returns nil after Close.
func (p *Proxy) ServeTransparent(ln net.Listener) error {
	if !p.addListener(ln) {
		return nil
	}
	var delay time.Duration
	for {
		c, err := ln.Accept()
		if err != nil {
			if p.isClosed() {
				return nil
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				delay = min(max(2*delay, 5*time.Millisecond), time.Second)
				time.Sleep(delay)
				continue
			}
			return fmt.Errorf("failed to accept: %w", err)
		}
		delay = 0
		if !p.track(c) {
			c.Close()
			continue
		}
		go func() {
			handedOff := p.intercept(c, &connInfo{mode: "transparent", port: p.cfg.TransparentPort})
			p.untrack(c, !handedOff)
		}()
	}
}

func (p *Proxy) addListener(ln net.Listener) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		ln.Close()
		return false
	}
	p.listeners = append(p.listeners, ln)
	return true
}

// track registers a connection so that Close can interrupt it; it
// returns false once the proxy is closed.
func (p *Proxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	p.conns[c] = struct{}{}
	p.wg.Add(1)
	return true
}

// untrack undoes track, closing c unless it now belongs to the inner
// server.
func (p *Proxy) untrack(c net.Conn, close bool) {
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
	if close {
		c.Close()
	}
	p.wg.Done()
}

func (p *Proxy) isClosed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.closed
}

// Close stops the listeners, closes every connection and waits for the
// proxy's goroutines to finish. Results stay available.
func (p *Proxy) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	for _, ln := range p.listeners {
		ln.Close()
	}
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	p.explicit.Close()
	p.inner.Close()
	p.innerLn.Close()
	p.wg.Wait()
	p.transport.CloseIdleConnections()
	return nil
}

// attackFor picks the attack for the next connection to host.
func (p *Proxy) attackFor(host string) Attack {
	if p.cfg.Attack != AttackRotate {
		return p.cfg.Attack
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	n, ok := p.rotate[host]
	if !ok && len(p.rotate) >= p.cfg.MaxHosts {
		for h := range p.rotate { // bounded like the results: forget one host's place in the cycle
			delete(p.rotate, h)
			break
		}
	}
	p.rotate[host] = n + 1
	return rotation[n%len(rotation)]
}

func (p *Proxy) emit(e Event) {
	e.Time = p.cfg.Now().UTC()
	p.recorder.Record(e)
	if p.cfg.OnEvent != nil {
		p.cfg.OnEvent(e)
	}
}

// normalizeHost normalises a host name with hostname.Normalize; it
// returns "" for one that is not a host name (which then matches no
// Passthrough or Upstreams entry, and a CONNECT to it is refused).
func normalizeHost(h string) string {
	n, err := hostname.Normalize(h)
	if err != nil {
		return ""
	}
	return n
}

// normalizeHostPort normalises the host of "host" or "host:port"; it
// returns "" when the host is not a host name.
func normalizeHostPort(hp string) string {
	if h, port, err := net.SplitHostPort(hp); err == nil {
		if h = normalizeHost(h); h == "" {
			return ""
		}
		return net.JoinHostPort(h, port)
	}
	return normalizeHost(hp)
}
