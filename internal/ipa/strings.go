package ipa

import (
	"strings"

	"github.com/pinkit/pinkit/audit"
	"golang.org/x/net/publicsuffix"
)

const (
	maxHostLen       = 253
	maxURLsPerString = 64
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
		off := 0
		for len(out) < maxURLsPerString {
			i := strings.Index(lower[off:], scheme)
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
		}
	}
	if len(out) == 0 && isHostName(s) {
		out = append(out, audit.HostRef{Host: s})
	}
	return out
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
	if strings.HasPrefix(body, "[") {
		if i := strings.IndexByte(body, ']'); i > 0 {
			return strings.ToLower(body[1:i])
		}
		return ""
	}
	if i := strings.IndexByte(body, ':'); i >= 0 {
		body = body[:i]
	}
	body = strings.TrimSuffix(strings.ToLower(body), ".")
	if body == "" || len(body) > maxHostLen || strings.ContainsAny(body, "%{}$*()\\") {
		return "" // empty, or a template like https://%@/ or \(host)
	}
	return body
}

// fileExtensions are TLDs that are far more often file extensions in code.
var fileExtensions = map[string]bool{
	"zip": true, "mov": true, "app": true, "json": true, "xml": true, "so": true, "js": true,
	"dev": true, "id": true, "name": true, "sh": true, "py": true, "md": true, "pl": true,
	"rs": true, "ts": true, "cc": true, "swift": true, "mm": true, "h": true, "m": true,
	"png": true, "plist": true, "framework": true, "bundle": true, "storyboard": true,
}

// isHostName reports whether s is entirely a plausible DNS host name.
func isHostName(s string) bool {
	if len(s) < 4 || len(s) > maxHostLen || !strings.Contains(s, ".") {
		return false
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

// stringScanner classifies the strings of one file.
type stringScanner struct {
	app  *audit.App
	file string
	main bool // the main executable: library markers count as app code
	seen map[string]bool
}

func newStringScanner(app *audit.App, file string, main bool) *stringScanner {
	return &stringScanner{app: app, file: file, main: main, seen: map[string]bool{}}
}

// add is the MachOStrings callback.
func (s *stringScanner) add(section, str string) error {
	loc := audit.Location{File: s.file, Symbol: section}
	s.hosts(str, loc)
	if s.main {
		if kind, detail := binaryMarker(str); kind != "" && !s.seen["check:"+kind] {
			s.seen["check:"+kind] = true
			addCheck(s.app, audit.CodeCheck{Kind: kind, Detail: detail, Location: loc})
		}
	}
	return nil
}

// hosts records the URLs and host names of str once per file.
func (s *stringScanner) hosts(str string, loc audit.Location) {
	for _, h := range hostsIn(str) {
		key := h.Host + "\x00" + h.URL
		if s.seen[key] || len(s.app.Hosts) >= maxHosts {
			continue
		}
		s.seen[key] = true
		h.Source, h.Location = audit.SourceCode, loc
		s.app.Hosts = append(s.app.Hosts, h)
		if h.URL != "" && audit.IsPinListURL(h.URL) {
			s.app.PinListURLs = append(s.app.PinListURLs, h)
		}
	}
}

// binaryMarkers map substrings of binary strings to code check kinds.
var binaryMarkers = []struct{ marker, kind string }{
	{"TSKPinningValidator", audit.CheckTrustKitInit},
	{"initSharedInstanceWithConfiguration", audit.CheckTrustKitInit},
	{"PinnedCertificatesTrustEvaluator", audit.CheckAlamofireCertificate},
	{"PublicKeysTrustEvaluator", audit.CheckAlamofirePublicKeys},
	{"policyWithPinningMode:", audit.CheckAFNetworkingPinning},
	{"AFSSLPinningModePublicKey", audit.CheckAFNetworkingPinning},
	{"AFSSLPinningModeCertificate", audit.CheckAFNetworkingPinning},
}

// binaryMarker returns the code check kind a binary string reveals.
func binaryMarker(s string) (kind, detail string) {
	if !strings.Contains(s, "Trust") && !strings.Contains(s, "Pinning") && !strings.Contains(s, "initShared") {
		return "", "" // every marker holds one of these
	}
	for _, m := range binaryMarkers {
		if strings.Contains(s, m.marker) {
			return m.kind, m.marker
		}
	}
	return "", ""
}

func addCheck(app *audit.App, c audit.CodeCheck) {
	if len(app.CodeChecks) < maxChecks {
		app.CodeChecks = append(app.CodeChecks, c)
	}
}
