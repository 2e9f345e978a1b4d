package code

import (
	"strings"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
)

// PinsOverCleartext is PK305: the app fetches a pin list or pinning config
// from an http:// URL.
type PinsOverCleartext struct{}

// Metadata implements audit.Rule.
func (PinsOverCleartext) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK305",
		Name:        "pins-over-cleartext",
		Description: "A pin list or pinning configuration is fetched from an http:// URL.",
		Help: "Anyone on the network path can replace a pin list fetched over cleartext HTTP with their own pins " +
			"(or an empty list), defeating pinning for every host it covers. Fetch pin updates over HTTPS from a " +
			"pinned host and verify a signature over them (see `pinkit pinset`).",
		MASWE:    []string{"MASWE-0047", "MASWE-0050"},
		CWE:      []int{319, 494},
		Severity: audit.SeverityHigh,
		Citation: "https://owasp.org/www-community/controls/Certificate_and_Public_Key_Pinning",
	}
}

// Check implements audit.Rule.
func (r PinsOverCleartext) Check(app *audit.App, _ *audit.Context) []audit.Finding {
	m := r.Metadata()
	var out []audit.Finding
	seen := map[string]bool{}
	refs := app.PinListURLs
	for _, h := range app.Hosts { // loaders that do not classify URLs (APKs)
		if h.URL != "" && hosttable.IsPinListURL(h.URL) {
			refs = append(refs[:len(refs):len(refs)], h)
		}
	}
	for _, u := range refs {
		if !strings.HasPrefix(strings.ToLower(u.URL), "http://") || seen[u.URL] {
			continue
		}
		seen[u.URL] = true
		out = append(out, m.Finding(u.Host, u.URL, "pin list fetched over cleartext: "+u.URL, u.Location))
	}
	return out
}
