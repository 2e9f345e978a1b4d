package pin

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
)

// Check validates verifiedChains, the chains crypto/tls or crypto/x509
// verified for host, against the policy. It has no side effects: no
// events, no reports, and it ignores ReportOnly.
//
// It returns nil when host is not pinned or its pins have expired (or
// host is empty), a *[Error] wrapping [ErrInvalidHost] when host is not a
// host name ("api.example.com:443", "[api.example.com]", a space or a
// control character…) and the policy is in force, a *[Error] wrapping
// [ErrNoVerifiedChain] when host is pinned and there is
// no verified chain, and a *[Error] wrapping [ErrPinMismatch] when no
// certificate of any verified chain has a pinned public key.
func (p *Policy) Check(host string, verifiedChains [][]*x509.Certificate) error {
	h, err := p.lookupHost(host)
	if err != nil {
		return &Error{Host: host, Verified: verifiedChains, Err: err}
	}
	r, expired, reason := p.evaluate(h, verifiedChains)
	if r == nil || expired || reason == nil {
		return nil
	}
	return &Error{Host: h, Rule: r.name, Verified: verifiedChains, Err: reason}
}

// evaluate finds host's rule and matches it against chains. It returns a
// nil rule for unpinned hosts.
func (p *Policy) evaluate(host string, chains [][]*x509.Certificate) (r *rule, expired bool, reason error) {
	r = p.match(host)
	if r == nil {
		return nil, false, nil
	}
	if p.expired(p.clock()) {
		return r, true, nil
	}
	if len(chains) == 0 {
		return r, false, ErrNoVerifiedChain
	}
	for _, chain := range chains {
		for _, cert := range chain {
			if slices.Contains(r.pins, FromCertificate(cert)) {
				return r, false, nil
			}
		}
	}
	return r, false, ErrPinMismatch
}

// VerifyConnection checks the connection state of a client handshake
// against the policy. It is meant for [tls.Config.VerifyConnection], which
// crypto/tls calls on every handshake, including resumed sessions (unlike
// VerifyPeerCertificate). The host is cs.ServerName, the name the client
// sent or verified; connections without one are not pinned, and a name
// that is not a host name fails like a pin mismatch (see [Policy.Check]),
// with an event but no report.
//
// On failure it emits an [EventPinFailure] and returns the *[Error] — or
// nil in report-only mode.
func (p *Policy) VerifyConnection(cs tls.ConnectionState) error {
	return p.verify(cs.ServerName, 0, cs)
}

// verify is VerifyConnection with an explicit host and port (0: unknown).
func (p *Policy) verify(serverName string, port int, cs tls.ConnectionState) error {
	host, err := p.lookupHost(serverName)
	if err != nil {
		e := &Error{Host: serverName, Served: cs.PeerCertificates, Verified: cs.VerifiedChains, Err: err}
		p.emit(Event{Kind: EventPinFailure, Err: e}, nil)
		if p.reportOnly {
			return nil
		}
		return e
	}
	r, expired, reason := p.evaluate(host, cs.VerifiedChains)
	if r == nil || reason == nil {
		if expired {
			p.emit(Event{Kind: EventPinExpired, Host: host, Port: port,
				Served: cs.PeerCertificates, Verified: cs.VerifiedChains}, r)
		}
		return nil
	}
	e := &Error{Host: host, Rule: r.name, Served: cs.PeerCertificates, Verified: cs.VerifiedChains, Err: reason}
	p.emit(Event{Kind: EventPinFailure, Host: host, Port: port, Err: e,
		Served: cs.PeerCertificates, Verified: cs.VerifiedChains}, r)
	if p.reportOnly {
		return nil
	}
	return e
}

// TLSConfig returns a clone of base (or of an empty config when base is
// nil) whose VerifyConnection enforces the policy and then calls base's
// own VerifyConnection, if any. base is never modified. Certificate and
// host name verification stay as configured in base; if base sets
// InsecureSkipVerify, pinned hosts fail with [ErrNoVerifiedChain].
func (p *Policy) TLSConfig(base *tls.Config) *tls.Config {
	c := &tls.Config{}
	if base != nil {
		c = base.Clone()
	}
	next := c.VerifyConnection
	c.VerifyConnection = func(cs tls.ConnectionState) error {
		if err := p.VerifyConnection(cs); err != nil {
			return err
		}
		if next != nil {
			return next(cs)
		}
		return nil
	}
	return c
}

// Transport returns a clone of base (or of [http.DefaultTransport] when
// base is nil) whose TLS connections are checked against the policy. base
// is never modified. If base has its own DialTLSContext (or DialTLS), the
// connections it returns are checked after their handshake and closed on
// failure; a pinned host whose connection exposes no TLS state fails.
func (p *Policy) Transport(base *http.Transport) *http.Transport {
	var t *http.Transport
	if base == nil {
		t = http.DefaultTransport.(*http.Transport).Clone()
	} else {
		t = base.Clone()
	}
	t.TLSClientConfig = p.TLSConfig(t.TLSClientConfig)
	//lint:ignore SA1019 a caller's deprecated DialTLS hook must be pinned too
	if dial := t.DialTLS; t.DialTLSContext == nil && dial != nil {
		t.DialTLSContext = func(_ context.Context, network, addr string) (net.Conn, error) {
			return dial(network, addr)
		}
	}
	if t.DialTLSContext != nil {
		t.DialTLSContext = p.wrapDialTLS(t.DialTLSContext)
	}
	return t
}

type dialTLSFunc = func(ctx context.Context, network, addr string) (net.Conn, error)

// wrapDialTLS checks the connections a custom TLS dialer returns.
func (p *Policy) wrapDialTLS(dial dialTLSFunc) dialTLSFunc {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		host, portStr, _ := net.SplitHostPort(addr)
		port, _ := strconv.Atoi(portStr)
		var cs tls.ConnectionState
		switch c := conn.(type) {
		case *tls.Conn:
			if err := c.HandshakeContext(ctx); err != nil {
				conn.Close()
				return nil, err
			}
			cs = c.ConnectionState()
		case interface{ ConnectionState() tls.ConnectionState }:
			cs = c.ConnectionState()
		}
		if cs.ServerName != "" {
			host = cs.ServerName
		}
		if err := p.verify(host, port, cs); err != nil {
			conn.Close()
			return nil, fmt.Errorf("failed to pin connection to %s: %w", addr, err)
		}
		return conn, nil
	}
}
