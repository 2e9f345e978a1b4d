package pin

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// maxHostLen is the longest DNS name in presentation form (RFC 1035 §2.3.4).
const maxHostLen = 253

// normalizeHost returns the canonical form of a host name written in a
// policy: lower-case ASCII, IDNA A-labels, no trailing dot. It rejects IP
// addresses, wildcards, ports and anything else that is not a DNS name.
func normalizeHost(name string) (string, error) {
	if name == "" {
		return "", errors.New("empty host name")
	}
	if len(name) > 4*maxHostLen {
		return "", fmt.Errorf("host name of %d bytes is too long", len(name))
	}
	if strings.HasPrefix(name, "*.") || strings.HasPrefix(name, "**.") {
		return "", fmt.Errorf("host %q: wildcards are not supported, use Domain(%q, …) to include subdomains",
			name, strings.TrimLeft(name, "*."))
	}
	if _, err := netip.ParseAddr(strings.Trim(name, "[]")); err == nil {
		return "", fmt.Errorf("host %q: IP addresses cannot be pinned (crypto/tls sends no SNI for them), use a DNS name", name)
	}
	h, ok := asciiHost(name)
	if !ok {
		var err error
		h, err = idna.Lookup.ToASCII(strings.TrimSuffix(name, "."))
		if err != nil {
			return "", fmt.Errorf("host %q: invalid internationalised name: %w", name, err)
		}
		h = strings.ToLower(h)
	}
	if err := checkDNSName(h); err != nil {
		return "", fmt.Errorf("host %q: %w", name, err)
	}
	return h, nil
}

// asciiHost lower-cases an all-ASCII name and strips one trailing dot. It
// reports false when the name holds non-ASCII bytes or an A-label
// ("xn--"), which need IDNA processing.
func asciiHost(name string) (string, bool) {
	name = strings.TrimSuffix(name, ".")
	for i := 0; i < len(name); i++ {
		if name[i] >= 0x80 {
			return "", false
		}
	}
	lower := strings.ToLower(name)
	if strings.Contains(lower, "xn--") {
		return "", false
	}
	return lower, true
}

// checkDNSName checks the syntax of a lower-case ASCII host name.
func checkDNSName(h string) error {
	if h == "" {
		return errors.New("empty host name")
	}
	if len(h) > maxHostLen {
		return fmt.Errorf("name is %d bytes, longer than %d", len(h), maxHostLen)
	}
	for label := range strings.SplitSeq(h, ".") {
		if label == "" {
			return errors.New("empty label")
		}
		if len(label) > 63 {
			return fmt.Errorf("label %q is longer than 63 bytes", label)
		}
		if label[0] == '-' || label[len(label)-1] == '-' {
			return fmt.Errorf("label %q starts or ends with a hyphen", label)
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
				return fmt.Errorf("invalid character %q", c)
			}
		}
	}
	return nil
}

// lookupHost normalises a host name seen at handshake time. Names that do
// not normalise are returned lower-cased so that they match no rule built
// from a valid name; crypto/x509 rejects such names during verification.
func lookupHost(serverName string) string {
	if h, ok := asciiHost(serverName); ok {
		return h
	}
	h, err := normalizeHost(serverName)
	if err != nil {
		return strings.ToLower(serverName)
	}
	return h
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
