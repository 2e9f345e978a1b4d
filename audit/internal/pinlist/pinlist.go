// Package pinlist recognises URLs that serve a pin list or pinning
// configuration. The IPA loader uses it to fill [audit.App.PinListURLs]
// and rule PK305 to classify the URLs of loaders that do not (APKs), so
// both agree on what a pin-list URL is.
package pinlist

import (
	"regexp"
	"strings"
)

// pinListPath matches URL paths that look like a pin list or pinning config.
var pinListPath = regexp.MustCompile(`(?i)(^|[/_.-])(pins?|pinning|pinset|pin-?list|trustkit|ssl-?pins|cert(ificate)?s?)([/_.-][^/]*)?\.(json|plist|txt|ya?ml)$|/pins?/?$|/pinsets?/`)

// IsURL reports whether an http(s) URL looks like it serves a pin list or
// pinning configuration ("…/pins.json", "…/pinset/…").
func IsURL(u string) bool {
	lower := strings.ToLower(u)
	rest, ok := strings.CutPrefix(lower, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(lower, "http://"); !ok {
			return false
		}
	}
	i := strings.IndexByte(rest, '/')
	if i < 0 {
		return false
	}
	p := rest[i:]
	if j := strings.IndexAny(p, "?#"); j >= 0 {
		p = p[:j]
	}
	return pinListPath.MatchString(p)
}
