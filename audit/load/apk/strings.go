package apk

import (
	"strings"

	"github.com/pinkit/pinkit/audit/load/internal/hostscan"
)

// Limits on what one app may contribute, far above real apps.
const (
	maxHostsPerApp    = 20000
	maxCodePinsPerApp = 10000
)

// interesting is a fast filter for DEX strings: true when s may be a URL,
// host name, host pattern, OkHttp pin or allow-all verifier reference.
func interesting(s string) bool {
	return strings.Contains(s, "://") || isCodePin(s) || allowAllVerifier(s) != "" || isPinPattern(s)
}

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
