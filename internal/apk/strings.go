package apk

import (
	"strings"

	"github.com/pinkit/pinkit/audit"
	"golang.org/x/net/publicsuffix"
)

// Limits on what one string may contribute, far above real apps.
const (
	maxHostLen        = 253
	maxURLsPerString  = 64
	maxHostsPerApp    = 20000
	maxCodePinsPerApp = 10000
)

// urlSchemes are the schemes whose URLs name a host the app talks to.
var urlSchemes = []string{"https://", "http://", "wss://", "ws://"}

// hostsIn returns the URLs (with their hosts) and bare host names found in
// s. A bare string counts as a host name only when all of it is one,
// lower-case, ending in an ICANN public suffix.
func hostsIn(s string) []audit.HostRef {
	var out []audit.HostRef
	if !strings.Contains(s, "://") {
		if isHostName(s) {
			out = append(out, audit.HostRef{Host: s})
		}
		return out
	}
	lower := strings.ToLower(s)
	for _, scheme := range urlSchemes {
		rest, off := lower, 0
		for len(out) < maxURLsPerString {
			i := strings.Index(rest, scheme)
			if i < 0 {
				break
			}
			start := off + i
			end := start + len(scheme) + urlEnd(s[start+len(scheme):])
			u := s[start:end]
			if h := urlHost(u[len(scheme):]); h != "" {
				out = append(out, audit.HostRef{Host: h, URL: u})
			}
			off = end
			rest = lower[end:]
		}
	}
	return out
}

// interesting is a fast filter for DEX strings: true when s may be a URL,
// host name, host pattern, OkHttp pin or allow-all verifier reference.
func interesting(s string) bool {
	return strings.Contains(s, "://") || isCodePin(s) || allowAllVerifier(s) != "" || isPinPattern(s)
}

// urlEnd returns the length of the URL body at the start of s.
func urlEnd(s string) int {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c <= ' ', c == '"', c == '\'', c == '<', c == '>', c == '`', c == '\\', c >= 0x7f:
			return i
		}
	}
	return len(s)
}

// urlHost extracts the lower-case host of a URL body ("user@host:port/…").
func urlHost(body string) string {
	if i := strings.IndexAny(body, "/?#"); i >= 0 {
		body = body[:i]
	}
	if i := strings.LastIndexByte(body, '@'); i >= 0 {
		body = body[i+1:]
	}
	if strings.HasPrefix(body, "[") { // IPv6 literal
		if i := strings.IndexByte(body, ']'); i > 0 {
			return strings.ToLower(body[1:i])
		}
		return ""
	}
	if i := strings.IndexByte(body, ':'); i >= 0 {
		body = body[:i]
	}
	body = strings.TrimSuffix(strings.ToLower(body), ".")
	if body == "" || len(body) > maxHostLen || strings.ContainsAny(body, "%{}$*") {
		return "" // empty, or a format template like https://%s/
	}
	return body
}

// fileExtensions are TLDs that are far more often file extensions in code.
var fileExtensions = map[string]bool{
	"zip": true, "mov": true, "app": true, "java": true, "kt": true, "json": true, "xml": true,
	"so": true, "js": true, "dev": true, "id": true, "name": true, "sh": true, "py": true,
	"md": true, "pl": true, "rs": true, "ts": true, "cc": true,
}

// isHostName reports whether s is entirely a plausible DNS host name: at
// least two labels of [a-z0-9-], lower-case, with an ICANN public suffix
// that is not also a common file extension.
func isHostName(s string) bool {
	if len(s) < 4 || len(s) > maxHostLen || !strings.Contains(s, ".") {
		return false
	}
	for i := 0; i < len(s); i++ { // cheap rejection before splitting
		if c := s[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' && c != '.' {
			return false
		}
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
				return false
			}
		}
	}
	suffix, icann := publicsuffix.PublicSuffix(s)
	if !icann || suffix == s || fileExtensions[suffix] {
		return false
	}
	tld := s[strings.LastIndexByte(s, '.')+1:]
	return tld[0] < '0' || tld[0] > '9'
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
		return isHostName(p) || strings.Count(p, ".") >= 1 && isLooseHost(p)
	}
	return isHostName(s)
}

// isLooseHost accepts dotted lower-case names without checking the suffix.
func isLooseHost(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' && c != '.' {
			return false
		}
	}
	return len(s) <= maxHostLen
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
