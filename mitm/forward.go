package mitm

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"strings"
	"time"
)

// newTransport returns the upstream transport: TLS verified against
// UpstreamRoots (system roots when nil) — the proxy attacks the client,
// never its own upstream — and dials through [Proxy.dialUpstream].
func (p *Proxy) newTransport() *http.Transport {
	return &http.Transport{
		Proxy: nil, // never chain to $HTTPS_PROXY: that would be this proxy
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return p.dialUpstream(ctx, addr)
		},
		TLSClientConfig:       &tls.Config{RootCAs: p.cfg.UpstreamRoots, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: time.Minute,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConnsPerHost:   16,
		ExpectContinueTimeout: time.Second,
	}
}

// upstreamAddr applies the Upstreams overrides to host:port.
func (p *Proxy) upstreamAddr(hostport string) string {
	if a, ok := p.upstreams[normalizeHostPort(hostport)]; ok {
		return a
	}
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		if a, ok := p.upstreams[normalizeHost(h)]; ok {
			return a
		}
	}
	return hostport
}

// rewrite points a request read from an intercepted connection at its
// upstream. Cleartext proxy requests already carry an absolute URL.
func (p *Proxy) rewrite(pr *httputil.ProxyRequest) {
	ci, _ := pr.In.Context().Value(connInfoKey{}).(*connInfo)
	if ci == nil {
		return
	}
	pr.Out.URL.Scheme = "https"
	pr.Out.URL.Host = net.JoinHostPort(ci.host, ci.port)
	pr.Out.Host = pr.In.Host
}

// requestEvent describes a forwarded request.
func (p *Proxy) requestEvent(r *http.Request) Event {
	ci, _ := r.Context().Value(connInfoKey{}).(*connInfo)
	var e Event
	if ci != nil {
		e = ci.event(KindRequest)
		e.Attack = ""
	} else {
		e = Event{Kind: KindRequest, Mode: "explicit", Client: r.RemoteAddr, Host: normalizeHost(r.URL.Hostname()), Port: r.URL.Port(), Cleartext: true}
	}
	e.Method, e.Path = r.Method, r.URL.EscapedPath() // not the query: it may hold secrets
	return e
}

func (p *Proxy) logResponse(resp *http.Response) error {
	e := p.requestEvent(resp.Request)
	e.Status = resp.StatusCode
	p.emit(e)
	return nil
}

func (p *Proxy) upstreamError(w http.ResponseWriter, r *http.Request, err error) {
	e := p.requestEvent(r)
	e.Status = http.StatusBadGateway
	e.Detail = "upstream: " + closeReason(err)
	var de *DestinationError
	switch {
	case errors.As(err, &de):
		e.Status, e.Detail = http.StatusForbidden, de.Error()
	case errors.Is(err, context.Canceled):
		e.Detail = "client went away"
	}
	p.emit(e)
	http.Error(w, "pinkit mitm: "+e.Detail, e.Status)
}

// refuse answers a request or CONNECT whose destination is refused, before
// anything is dialed.
func (p *Proxy) refuse(w http.ResponseWriter, ci *connInfo, de *DestinationError) {
	e := ci.event(KindError)
	e.Detail = de.Error()
	p.emit(e)
	w.Header().Set("Connection", "close")
	http.Error(w, "pinkit mitm: "+e.Detail, http.StatusForbidden)
}

// serveProxy is the explicit proxy's handler.
func (p *Proxy) serveProxy(w http.ResponseWriter, r *http.Request, rp *httputil.ReverseProxy) {
	switch {
	case r.Method == http.MethodConnect:
		p.connect(w, r)
	case r.URL.IsAbs() && r.URL.Scheme == "http":
		port := cmp.Or(r.URL.Port(), "80")
		if de := p.refused(r.Context(), net.JoinHostPort(r.URL.Hostname(), port)); de != nil {
			p.refuse(w, &connInfo{mode: "explicit", host: normalizeHost(r.URL.Hostname()), port: port, client: r.RemoteAddr}, de)
			return
		}
		rp.ServeHTTP(w, r)
	case r.URL.Path == "/ca.pem":
		w.Header().Set("Content-Type", "application/x-pem-file")
		_, _ = w.Write(p.cfg.CA.PEM())
	default:
		http.Error(w, "this is pinkit's MITM proxy: set it as the HTTP(S) proxy; GET /ca.pem downloads its CA", http.StatusBadRequest)
	}
}

// connect handles CONNECT host:port: it answers 200 and then attacks the
// TLS connection (or tunnels a passthrough host).
func (p *Proxy) connect(w http.ResponseWriter, r *http.Request) {
	host, port, err := net.SplitHostPort(r.Host)
	if err != nil {
		host, port = r.Host, "443"
	}
	host = normalizeHost(strings.Trim(host, "[]"))
	ci := &connInfo{mode: "explicit", host: host, port: port, client: r.RemoteAddr}
	if host == "" {
		http.Error(w, "CONNECT needs host:port", http.StatusBadRequest)
		return
	}
	if de := p.refused(r.Context(), net.JoinHostPort(host, port)); de != nil {
		p.refuse(w, ci, de)
		return
	}
	if p.pass[host] {
		p.connectPassthrough(w, ci)
		return
	}
	c, ok := p.hijack(w, ci)
	if !ok {
		return
	}
	if _, err := io.WriteString(c, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
		p.untrack(c, true)
		return
	}
	handedOff := p.intercept(c, ci)
	p.untrack(c, !handedOff)
}

// connectPassthrough dials the upstream first so that an unreachable
// host gets a 502 instead of a tunnel to nowhere.
func (p *Proxy) connectPassthrough(w http.ResponseWriter, ci *connInfo) {
	ci.id = p.nextID.Add(1)
	addr := p.upstreamAddr(net.JoinHostPort(ci.host, ci.port))
	up, err := p.dialTimeout(net.JoinHostPort(ci.host, ci.port))
	if err != nil {
		e := ci.event(KindTunnel)
		e.Detail = "passthrough: failed to dial upstream " + addr + ": " + closeReason(err)
		p.emit(e)
		http.Error(w, "pinkit mitm: "+e.Detail, http.StatusBadGateway)
		return
	}
	c, ok := p.hijack(w, ci)
	if !ok {
		up.Close()
		return
	}
	defer p.untrack(c, true)
	if !p.track(up) {
		up.Close()
		return
	}
	defer p.untrack(up, true)
	e := ci.event(KindTunnel)
	e.Detail = "passthrough"
	p.emit(e)
	if _, err := io.WriteString(c, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
		return
	}
	splice(c, up)
}

// hijack takes the client connection over from the HTTP server, keeping
// bytes it already buffered, and tracks it.
func (p *Proxy) hijack(w http.ResponseWriter, ci *connInfo) (net.Conn, bool) {
	raw, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		http.Error(w, "pinkit mitm: cannot hijack the connection", http.StatusInternalServerError)
		return nil, false
	}
	_ = raw.SetDeadline(time.Time{})
	var c net.Conn = raw
	if n := brw.Reader.Buffered(); n > 0 {
		head, _ := brw.Reader.Peek(n)
		c = &prefixConn{Conn: raw, r: io.MultiReader(brw.Reader, raw), head: head}
	}
	if !p.track(c) {
		raw.Close()
		return nil, false
	}
	return c, true
}
