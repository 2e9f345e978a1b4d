// Package check answers "will this brick?" for pinned hosts: it connects to
// each host, builds the verified chain the way the platforms do (against a
// root store, so a pinned root the server does not send still matches, as
// on Android), and reports which pin matches which certificate, whether a
// real backup exists (a key not served and not a placeholder, RFC 7469
// §2.5), and the date the pins stop matching.
//
// [Run] checks many targets concurrently with a bound and a per-host
// timeout; it never weakens verification (no InsecureSkipVerify): when the
// chain does not verify, the served certificates come from the
// *tls.CertificateVerificationError.
package check

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"strings"
	"sync"
	"time"

	pin "github.com/pinkit/pinkit"
)

// Pin is one pin of a target.
type Pin struct {
	Pin   pin.Pin
	Label string
	// Backup marks a pin declared a backup (role: backup).
	Backup bool
	// Placeholder says why the pin is a stand-in rather than a real key
	// (see internal/pinfmt), or "".
	Placeholder string
}

// Name is the pin's label, else its value.
func (p Pin) Name() string {
	if p.Label != "" {
		return p.Label
	}
	return p.Pin.String()
}

// Target is a host to check and the pins that apply to it.
type Target struct {
	// Host is the name sent as SNI and verified.
	Host string
	// Addr is where to connect (host:port); "" means Host:443.
	Addr string
	// IncludeSubdomains is informational: the pins also cover subdomains.
	IncludeSubdomains bool
	Pins              []Pin
	// Expires is the pin-set expiry (00:00 of that day), zero for none.
	Expires time.Time
	// ReportOnly pins only report failures: a mismatch is not a brick.
	ReportOnly bool
	// Source says where the pins come from ("pinkit.yaml:7").
	Source string
}

// Options configure [Run].
type Options struct {
	// Roots verifies chains; nil means the system roots.
	Roots *x509.CertPool
	// RootsName names Roots in results ("system" when Roots is nil).
	RootsName string
	// Now is the check time; zero means time.Now().
	Now time.Time
	// Warn is how close to the brick date a host is reported (default 30 days).
	Warn time.Duration
	// Jobs bounds concurrent connections (default 64: handshakes wait on the
	// network, so a release check of 50 hosts runs them all at once).
	Jobs int
	// Timeout bounds each host's connect and handshake (default 10 s).
	Timeout time.Duration
	// Dial replaces the TCP dialer (tests, proxies).
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
}

// Defaults of [Options].
const (
	DefaultWarn    = 30 * 24 * time.Hour
	DefaultJobs    = 64
	DefaultTimeout = 10 * time.Second
)

func (o *Options) defaults() {
	if o.RootsName == "" {
		o.RootsName = "system"
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.Warn == 0 {
		o.Warn = DefaultWarn
	}
	if o.Jobs < 1 {
		o.Jobs = DefaultJobs
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Dial == nil {
		d := &net.Dialer{}
		o.Dial = d.DialContext
	}
}

// Run checks every target, at most opts.Jobs at a time, and returns the
// results in target order.
func Run(ctx context.Context, targets []Target, opts Options) []Result {
	opts.defaults()
	out := make([]Result, len(targets))
	sem := make(chan struct{}, opts.Jobs)
	var wg sync.WaitGroup
	for i, t := range targets {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out[i] = checkOne(ctx, t, &opts)
		}()
	}
	wg.Wait()
	return out
}

// handshake connects to t and returns the connection state, or the served
// chain and the verification error, or a connection error.
func handshake(ctx context.Context, t Target, o *Options) (cs tls.ConnectionState, served []*x509.Certificate, verifyErr, err error) {
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	raw, err := o.Dial(ctx, "tcp", t.Addr)
	if err != nil {
		return cs, nil, nil, err
	}
	defer raw.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = raw.SetDeadline(dl)
	}
	conn := tls.Client(raw, &tls.Config{RootCAs: o.Roots, ServerName: t.Host, MinVersion: tls.VersionTLS12})
	err = conn.HandshakeContext(ctx)
	var cve *tls.CertificateVerificationError
	if errors.As(err, &cve) {
		return cs, cve.UnverifiedCertificates, cve.Err, nil
	}
	if err != nil {
		return cs, nil, nil, err
	}
	cs = conn.ConnectionState()
	return cs, cs.PeerCertificates, nil, nil
}

// defaultAddr adds port 443 to a target without an address.
func defaultAddr(t Target) string {
	if t.Addr != "" {
		return t.Addr
	}
	return net.JoinHostPort(strings.TrimSuffix(t.Host, "."), "443")
}
