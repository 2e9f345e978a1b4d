package apk

import (
	"bytes"
	"strings"

	"github.com/pinkit/pinkit/audit/load/internal/hostscan"
)

// Limits on what one app may contribute, far above real apps (variables
// so that tests can lower them).
var (
	maxHostsPerApp    = 20000
	maxCodePinsPerApp = 10000
)

// pinPrefixes are OkHttp CertificatePinner pin prefixes.
var pinPrefixes = []string{"sha256/", "sha1/"}

// isCodePin reports whether s looks like an OkHttp pin string.
func isCodePin(s string) bool {
	for _, p := range pinPrefixes {
		if strings.HasPrefix(s, p) && len(s) > len(p)+8 && len(s) < len(p)+100 && !strings.ContainsAny(s, " \n") {
			return true
		}
	}
	return false
}

// isPinPattern reports whether s can be an OkHttp CertificatePinner host
// pattern: a host name, "*.host" or "**.host".
func isPinPattern(s string) bool {
	p := strings.TrimPrefix(strings.TrimPrefix(s, "**."), "*.")
	if p != s {
		return hostscan.IsHostName(p) || strings.Count(p, ".") >= 1 && isLooseHost(p)
	}
	return hostscan.IsHostName(s)
}

// isLooseHost accepts dotted lower-case names without checking the suffix.
func isLooseHost(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' && c != '.' {
			return false
		}
	}
	return len(s) <= hostscan.MaxHostLen
}

// allowAllVerifiers are strings (DEX field, type or source identifiers) that
// reveal an allow-all HostnameVerifier.
var allowAllVerifiers = []string{
	"ALLOW_ALL_HOSTNAME_VERIFIER",
	"AllowAllHostnameVerifier",
	"NoopHostnameVerifier",
}

// allowAllVerifier returns the matched marker when s references an
// allow-all HostnameVerifier, or "".
func allowAllVerifier(s string) string {
	if len(s) < len("NoopHostnameVerifier") {
		return ""
	}
	for _, m := range allowAllVerifiers {
		if strings.Contains(s, m) {
			return m
		}
	}
	return ""
}

// isCodePinBytes is isCodePin of a string's bytes.
func isCodePinBytes(b []byte) bool {
	for _, p := range pinPrefixes {
		if len(b) > len(p)+8 && len(b) < len(p)+100 && string(b[:len(p)]) == p && !bytes.ContainsAny(b, " \n") {
			return true
		}
	}
	return false
}

// allowAllVerifierBytes is allowAllVerifier of a string's bytes.
func allowAllVerifierBytes(b []byte) string {
	if len(b) < len("NoopHostnameVerifier") || bytes.IndexByte(b, 'V') < 0 {
		return ""
	}
	for _, m := range allowAllVerifiers {
		if bytes.Contains(b, []byte(m)) {
			return m
		}
	}
	return ""
}

// mayBePattern is a cheap superset of isPinPattern on a string's bytes: a
// dot, and only the bytes a host name or OkHttp pattern can hold.
func mayBePattern(b []byte) bool {
	if len(b) > hostscan.MaxHostLen+len("**.") || bytes.IndexByte(b, '.') < 0 {
		return false
	}
	for _, c := range b {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' && c != '.' && c != '*' {
			return false
		}
	}
	return true
}
