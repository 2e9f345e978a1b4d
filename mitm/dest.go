package mitm

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
)

// DestinationError is returned for a destination the proxy refuses to
// connect to: a loopback, private, link-local or unspecified address (see
// [Config.AllowPrivate]).
type DestinationError struct {
	Host   string     // the host as the client named it
	Addr   netip.Addr // the refused address
	Reason string     // "loopback", "private", "link-local", "unspecified", "not unicast"
}

func (e *DestinationError) Error() string {
	name := e.Host
	if name != e.Addr.String() {
		name = fmt.Sprintf("%s (%s)", e.Host, e.Addr)
	}
	return fmt.Sprintf("refused to connect to %s: %s address; this proxy reaches the tester's own network only with --allow-private or an --upstream mapping", name, e.Reason)
}

var (
	thisNetwork  = netip.MustParsePrefix("0.0.0.0/8")
	sharedSpace  = netip.MustParsePrefix("100.64.0.0/10") // RFC 6598 carrier-grade NAT, also VPN overlays
	ipv4Broadcst = netip.MustParseAddr("255.255.255.255")
)

// refusedReason says why the proxy refuses a, or "" when a is a public
// unicast address.
func refusedReason(a netip.Addr) string {
	a = a.Unmap()
	switch {
	case a.IsUnspecified(), a.Is4() && thisNetwork.Contains(a):
		return "unspecified"
	case a.IsLoopback():
		return "loopback"
	case a.IsPrivate(), sharedSpace.Contains(a):
		return "private"
	case a.IsLinkLocalUnicast(), a.IsLinkLocalMulticast():
		return "link-local"
	case a.IsMulticast(), a == ipv4Broadcst, !a.IsGlobalUnicast():
		return "not unicast"
	}
	return ""
}

// mappedUpstream returns the Upstreams override of host:port, if any.
func (p *Proxy) mappedUpstream(hostport string) (string, bool) {
	a := p.upstreamAddr(hostport)
	return a, a != hostport
}

// checkedAddrs resolves host (an address or a name) and returns its
// addresses, or a *DestinationError when any of them is refused.
func (p *Proxy) checkedAddrs(ctx context.Context, host string) ([]netip.Addr, error) {
	addrs := make([]netip.Addr, 1)
	var err error
	if addrs[0], err = netip.ParseAddr(host); err != nil {
		if addrs, err = p.cfg.lookup(ctx, host); err != nil {
			return nil, err
		}
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("failed to resolve %s: no address", host)
	}
	for _, a := range addrs {
		if why := refusedReason(a); why != "" {
			return nil, &DestinationError{Host: host, Addr: a, Reason: why}
		}
	}
	return addrs, nil
}

// refused answers, before anything is dialed, whether the destination
// host:port is refused; a name that does not resolve is not (the dial
// reports it). It only gives the client an early, clear answer: the dial
// checks again.
func (p *Proxy) refused(ctx context.Context, hostport string) *DestinationError {
	if _, ok := p.mappedUpstream(hostport); ok || p.cfg.AllowPrivate {
		return nil
	}
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	var de *DestinationError
	if _, err := p.checkedAddrs(ctx, host); errors.As(err, &de) {
		return de
	}
	return nil
}

// dialUpstream connects to host:port: an Upstreams mapping as given,
// otherwise each checked address of host in turn, so that the address
// dialed is the one checked (no second resolution to rebind).
func (p *Proxy) dialUpstream(ctx context.Context, hostport string) (net.Conn, error) {
	if a, ok := p.mappedUpstream(hostport); ok {
		return p.cfg.dial(ctx, "tcp", a)
	}
	if p.cfg.AllowPrivate {
		return p.cfg.dial(ctx, "tcp", hostport)
	}
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		return nil, fmt.Errorf("failed to dial %s: %w", hostport, err)
	}
	addrs, err := p.checkedAddrs(ctx, host)
	if err != nil {
		return nil, err
	}
	var errs []error
	for _, a := range addrs {
		c, err := p.cfg.dial(ctx, "tcp", net.JoinHostPort(a.String(), port))
		if err == nil {
			return c, nil
		}
		errs = append(errs, err)
		if ctx.Err() != nil {
			break
		}
	}
	return nil, errors.Join(errs...)
}

// resolverLookup is the default Config.lookup.
func resolverLookup(ctx context.Context, host string) ([]netip.Addr, error) {
	return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
}
