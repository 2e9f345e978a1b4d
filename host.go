package pin

import (
	"fmt"
	"net/netip"
	"strings"

	"golang.org/x/net/publicsuffix"

	"github.com/pinkit/pinkit/internal/hostname"
)

// normalizeHost returns the canonical form of a host name written in a
// policy (see [hostname.Normalize]: lower-case ASCII, IDNA A-labels, no
// trailing dot). It rejects IP addresses, wildcards, ports and anything
// else that is not a DNS name.
func normalizeHost(name string) (string, error) {
	if strings.HasPrefix(name, "*.") || strings.HasPrefix(name, "**.") {
		return "", fmt.Errorf("host %q: wildcards are not supported, use Domain(%q, …) to include subdomains",
			name, strings.TrimLeft(name, "*."))
	}
	_, err := netip.ParseAddr(strings.Trim(name, "[]"))
	if err == nil {
		return "", fmt.Errorf("host %q: IP addresses cannot be pinned (crypto/tls sends no SNI for them), use a DNS name", name)
	}
	h, err := hostname.Normalize(name)
	if err == nil && hostname.IsIP(h) { // "192.0.2.1." or fullwidth digits
		return "", fmt.Errorf("host %q: IP addresses cannot be pinned (crypto/tls sends no SNI for them), use a DNS name", name)
	}
	return h, err
}

// lookupHost normalises the host name of a Check or a handshake. An empty
// name (a connection without one) is not pinned. While the policy pins
// anything (it has rules and has not expired), a name that does not
// normalise is an error wrapping [ErrInvalidHost]: a name the policy
// cannot read is never taken for an unpinned one. An IP literal
// normalises and matches no rule.
func (p *Policy) lookupHost(name string) (string, error) {
	if name == "" {
		return "", nil
	}
	h, err := hostname.Normalize(name)
	if err != nil && (len(p.rules) == 0 || p.expired(p.clock())) {
		return "", nil
	}
	return h, err
}

// checkNotPublicSuffix rejects a Domain rule whose name is a public suffix
// (ICANN or private section of the Public Suffix List), such as "com",
// "co.uk", "appspot.com" or "s3.amazonaws.com": pinning it would pin every
// unrelated site below it.
func checkNotPublicSuffix(domain string) error {
	suffix, icann := publicsuffix.PublicSuffix(domain)
	if suffix != domain {
		return nil
	}
	kind := "private"
	if icann {
		kind = "ICANN"
	} else if !strings.Contains(domain, ".") {
		kind = "top-level"
	}
	return fmt.Errorf("domain %q is a public suffix (%s section of the Public Suffix List); "+
		"pin the registrable domain below it instead", domain, kind)
}
