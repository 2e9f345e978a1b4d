// Package hostname is the one place pinkit decides what host a string
// names. Every package that compares host names — the pin library, the
// NSC, ATS and TrustKit models, the audit host table, the proxy and the
// report collector — calls [Normalize] (or [NormalizePattern] for OkHttp
// patterns) so that they all agree on which host a name is.
//
// # Canonical form
//
// A normalised name is lower-case ASCII with IDNA A-labels ("xn--…") and
// no trailing dot. Non-ASCII names and names holding an A-label go through
// IDNA's Lookup profile ([idna.Lookup]: UTS #46 mapping, STD3 rules,
// hyphen and joiner checks, non-transitional), the profile package pin has
// always used, so "Bücher.example." and "xn--bcher-kva.example" are the
// same host. All-ASCII names skip IDNA, which would refuse the underscore
// that real hosts ("_dmarc.example.com", "my_host.corp") carry.
//
// # What is refused
//
// Normalize fails closed: it returns an error wrapping [ErrInvalid] for an
// empty name, a port ("api.example.com:443"), brackets ("[::1]",
// "[api.example.com]"), any whitespace (leading, trailing or inside), NUL
// and other control characters, invalid UTF-8, wildcards ("*.example.com"),
// empty labels ("a..b", "example.com.."), a label longer than 63 bytes, a
// name longer than 253 bytes, a label starting or ending with a hyphen, a
// character outside [a-z0-9_-] after IDNA, and an A-label that is not
// valid Punycode or that IDNA refuses. Only one trailing dot is stripped.
//
// # Wildcards
//
// Wildcards are not host names. Only OkHttp's CertificatePinner spells a
// subdomain rule as a pattern ("*.example.com": exactly one more label;
// "**.example.com": the name and any labels below it); NSC, ATS and
// TrustKit use a separate includeSubdomains flag. [NormalizePattern]
// accepts those two prefixes and normalises the rest with Normalize;
// Normalize itself refuses '*'. There is no other wildcard handling.
//
// # IP literals
//
// An IPv4 literal ("192.0.2.1") or an unbracketed IPv6 literal
// ("2001:DB8::1") is accepted and returned in the canonical form of
// [netip.Addr.String] (RFC 5952 for IPv6: lower-case, zeros compressed).
// Connections are made to IP addresses, and reports and proxies see them,
// so they must compare equal in one spelling. A bracketed literal
// ("[::1]", the URL form) and an IPv6 zone ("fe80::1%eth0") are refused.
// Whether an IP may be pinned is the caller's decision (package pin
// refuses it: crypto/tls sends no SNI for an IP); use [IsIP] to tell.
package hostname

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// MaxLen is the longest host name in presentation form, without the
// trailing dot (RFC 1035 §2.3.4, RFC 2181 §11).
const MaxLen = 253

// MaxLabelLen is the longest label of a host name (RFC 1035 §2.3.4).
const MaxLabelLen = 63

// maxInput bounds the input read at all: an IDN may shrink under IDNA
// mapping, but never below a quarter of its UTF-8 length.
const maxInput = 4 * MaxLen

// ErrInvalid is wrapped by every error [Normalize] and [NormalizePattern]
// return.
var ErrInvalid = errors.New("invalid host name")

// Normalize returns the canonical form of the host name s (see the
// package documentation), or an error wrapping [ErrInvalid] when s is
// not a host name. Normalize is idempotent: Normalize(h) returns h for
// every h it returned.
func Normalize(s string) (string, error) {
	h, err := normalize(s)
	if err != nil {
		return "", fmt.Errorf("%w %q: %w", ErrInvalid, s, err)
	}
	return h, nil
}

// NormalizePattern normalises an OkHttp CertificatePinner pattern: a host
// name, "*.<host>" (one label below host) or "**.<host>" (host and every
// name below it). The prefix is kept and the host is normalised with
// [Normalize]; a '*' anywhere else is refused, as OkHttp refuses it.
func NormalizePattern(s string) (string, error) {
	prefix, rest := "", s
	switch {
	case strings.HasPrefix(s, "**."):
		prefix, rest = "**.", s[3:]
	case strings.HasPrefix(s, "*."):
		prefix, rest = "*.", s[2:]
	}
	h, err := normalize(rest)
	if err != nil {
		return "", fmt.Errorf("%w: pattern %q: %w", ErrInvalid, s, err)
	}
	return prefix + h, nil
}

// IsIP reports whether the normalised name h is an IP literal.
func IsIP(h string) bool {
	_, err := netip.ParseAddr(h)
	return err == nil
}

// normalize is Normalize without the wrapping of its errors.
func normalize(s string) (string, error) {
	if s == "" {
		return "", errors.New("empty host name")
	}
	if len(s) > maxInput {
		return "", fmt.Errorf("host name of %d bytes is too long", len(s))
	}
	if err := checkChars(s); err != nil {
		return "", err
	}
	if a, err := netip.ParseAddr(s); err == nil {
		if a.Zone() != "" {
			return "", errors.New("an IPv6 zone is not part of a host name")
		}
		return a.String(), nil
	}
	if strings.IndexByte(s, ':') >= 0 {
		return "", errors.New("a port (or ':') is not part of a host name")
	}
	h, ok := asciiHost(s)
	if !ok {
		var err error
		h, err = idna.Lookup.ToASCII(strings.TrimSuffix(s, "."))
		if err != nil {
			return "", fmt.Errorf("invalid internationalised name: %w", err)
		}
		h = strings.ToLower(h)
	}
	if err := checkDNSName(h); err != nil {
		return "", err
	}
	return h, nil
}

// checkChars refuses the characters that must never reach IDNA mapping:
// whitespace and controls (which UTS #46 maps or drops), brackets and
// wildcards, and invalid UTF-8.
func checkChars(s string) error {
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			return fmt.Errorf("invalid UTF-8 at byte %d", i)
		case r == 0:
			return fmt.Errorf("NUL byte at %d", i)
		case unicode.IsSpace(r):
			return fmt.Errorf("whitespace %q at byte %d", r, i)
		case unicode.IsControl(r) || (unicode.Is(unicode.Cf, r) && !isJoiner(r)):
			return fmt.Errorf("control character %q at byte %d", r, i)
		case r == '[' || r == ']':
			return errors.New("brackets are not part of a host name (write an IPv6 address without them)")
		case r == '*':
			return errors.New("a wildcard is not a host name")
		}
	}
	return nil
}

// isJoiner reports whether r is ZERO WIDTH (NON-)JOINER, which IDNA
// allows in some scripts (RFC 5892 Appendix A) and judges itself.
func isJoiner(r rune) bool { return r == 0x200C || r == 0x200D }

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
	if len(h) > MaxLen {
		return fmt.Errorf("name is %d bytes, longer than %d", len(h), MaxLen)
	}
	for label := range strings.SplitSeq(h, ".") {
		if label == "" {
			return errors.New("empty label")
		}
		if len(label) > MaxLabelLen {
			return fmt.Errorf("label %q is longer than %d bytes", label, MaxLabelLen)
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
