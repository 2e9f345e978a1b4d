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
			"pinned host and verify a signature over them (see `pinkit pinset`). An app that verifies pinkit-signed " +
			"pin sets gets this finding at low severity: the signature protects the pins, not their delivery.",
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
	signed := verifiesSignedSets(app)
	for _, u := range refs {
		if !strings.HasPrefix(strings.ToLower(u.URL), "http://") || seen[u.URL] {
			continue
		}
		seen[u.URL] = true
		f := m.Finding(u.Host, u.URL, "pin list fetched over cleartext: "+u.URL, u.Location)
		if signed {
			// The document's signature, checked with keys in the app, protects
			// its integrity; what cleartext still allows is blocking it.
			f.Message += " (the app verifies pinkit-signed pin sets with keys it ships: a tampered set is " +
				"refused, but an attacker can still block updates until the set expires; fetch it over HTTPS)"
			f.Severity = audit.SeverityLow
		}
		out = append(out, f)
	}
	return out
}

// verifiesSignedSets reports whether the app's code verifies pinkit-signed
// pin sets (docs/pinset.md).
func verifiesSignedSets(app *audit.App) bool {
	for _, c := range app.CodeChecks {
		if c.Kind == hosttable.CheckPinkitSignedSet {
			return true
		}
	}
	return false
}
