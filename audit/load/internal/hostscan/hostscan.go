// Package hostscan finds the hosts an app talks to in its strings: URLs
// with a network scheme and bare DNS host names. The APK and IPA loaders
// share it so that both platforms extract hosts the same way.
package hostscan

import (
	"strings"

	"github.com/pinkit/pinkit/audit"
	"golang.org/x/net/publicsuffix"
)

// MaxHostLen is the longest DNS host name (RFC 1035), in bytes.
const MaxHostLen = 253

// maxURLsPerString bounds what one string may contribute, far above real apps.
const maxURLsPerString = 64

// urlSchemes are the schemes whose URLs name a host the app talks to.
var urlSchemes = []string{"https://", "http://", "wss://", "ws://"}

// Find returns the URLs (with their hosts) and bare host names found in s.
// A string without "://" counts as a host name only when all of it is one
// (see IsHostName). URL hosts are lower-cased; format templates such as
// "https://%s/" or Swift's "https://\(host)/" name no host. Schemes match
// in any ASCII case; all https URLs come first, then http, wss and ws, each
// in order of appearance. Find allocates nothing when s names no host.
func Find(s string) []audit.HostRef {
	var out []audit.HostRef
	if !strings.Contains(s, "://") {
		if IsHostName(s) && plausibleBare(s) {
			out = append(out, audit.HostRef{Host: s})
		}
		return out
	}
	for _, scheme := range urlSchemes {
		off := 0
		for len(out) < maxURLsPerString {
			start := indexScheme(s, off, scheme)
			if start < 0 {
				break
			}
			end := start + len(scheme) + urlEnd(s[start+len(scheme):])
			u := s[start:end]
			if h, ok := Plausible(urlHost(u[len(scheme):]), true); ok {
				out = append(out, audit.HostRef{Host: h, URL: u})
			}
			off = end
		}
	}
	return out
}

// indexScheme returns the offset of the first scheme (such as "https://")
// at or after off in s, matching its letters in any ASCII case, or -1.
func indexScheme(s string, off int, scheme string) int {
	name := scheme[:len(scheme)-len("://")]
	for from := off + len(name); from <= len(s); {
		i := strings.Index(s[from:], "://")
		if i < 0 {
			return -1
		}
		p := from + i
		if asciiEqualFold(s[p-len(name):p], name) {
			return p - len(name)
		}
		from = p + 1
	}
	return -1
}

// asciiEqualFold reports whether s equals the lower-case ASCII lower,
// ignoring the case of ASCII letters only (unlike strings.EqualFold, which
// folds U+017F to 's').
func asciiEqualFold(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
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
	if body == "" || len(body) > MaxHostLen || strings.ContainsAny(body, "%{}$*()\\") {
		return "" // empty, or a template like https://%s/, https://%@/ or \(host)
	}
	return body
}

// fileExtensions are TLDs that are far more often file extensions or
// bundle names in Java, Kotlin, Swift and Objective-C apps.
var fileExtensions = map[string]bool{
	"zip": true, "mov": true, "app": true, "java": true, "kt": true, "json": true, "xml": true,
	"so": true, "js": true, "dev": true, "id": true, "name": true, "sh": true, "py": true,
	"md": true, "pl": true, "rs": true, "ts": true, "cc": true, "swift": true, "mm": true,
	"h": true, "m": true, "png": true, "plist": true, "framework": true, "bundle": true,
	"storyboard": true,
}

// IsHostName reports whether s is entirely a plausible DNS host name: at
// least two labels of [a-z0-9-], lower-case, with an ICANN public suffix
// that is not also a common file extension and a non-numeric TLD.
func IsHostName(s string) bool {
	if len(s) < 4 || len(s) > MaxHostLen || !strings.Contains(s, ".") {
		return false
	}
	for i := 0; i < len(s); i++ { // cheap rejection before splitting
		if c := s[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' && c != '.' {
			return false
		}
	}
	for rest := s; ; { // labels, without allocating
		label, tail, more := strings.Cut(rest, ".")
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		if !more {
			break
		}
		rest = tail
	}
	suffix, icann := publicsuffix.PublicSuffix(s)
	if !icann || suffix == s || fileExtensions[suffix] {
		return false
	}
	tld := s[strings.LastIndexByte(s, '.')+1:]
	return tld[0] < '0' || tld[0] > '9'
}
