package ios

import (
	"fmt"
	"strings"

	"github.com/pinkit/pinkit/ats"
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/rules/internal/check"
	"github.com/pinkit/pinkit/internal/pinfmt"
)

// MalformedPin is PK203: an NSPinnedDomains identity is malformed or a
// placeholder, or an identity list is empty.
type MalformedPin struct{}

// Metadata implements audit.Rule.
func (MalformedPin) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK203",
		Name:        "ats-malformed-pin",
		Description: "An NSPinnedDomains identity is malformed (SPKI-SHA256-BASE64 not 32 bytes) or an identity list is empty.",
		Help: "Each identity is a dictionary whose `SPKI-SHA256-BASE64` is the base64 SHA-256 of the " +
			"SubjectPublicKeyInfo (32 bytes). iOS silently drops malformed identities, and a present but empty " +
			"`NSPinnedCAIdentities` or `NSPinnedLeafIdentities` still marks the domain pinned: no certificate " +
			"can match, so every connection fails. Compute pins with `pinkit pin HOST`.",
		MASTG:    []string{mastgPinning},
		MASWE:    []string{maswePinned},
		CWE:      []int{295},
		Severity: audit.SeverityHigh,
		Citation: pinnedDoc,
	}
}

// Applies implements audit.Applier: iOS apps with an NSAppTransportSecurity dictionary only.
func (MalformedPin) Applies(app *audit.App) bool { return check.IOS(app) && app.ATS != nil }

// Check implements audit.Rule.
func (r MalformedPin) Check(app *audit.App, _ *audit.Context) []audit.Finding {
	m := r.Metadata()
	var out []audit.Finding
	for _, p := range app.ATS.Problems {
		if !strings.HasPrefix(p.Key, "NSPinnedDomains") {
			continue
		}
		host := strings.TrimPrefix(p.Key, "NSPinnedDomains.")
		host, _, _ = strings.Cut(host, ".NSPinned")
		out = append(out, m.Finding(host, p.Key, p.String(), atsLoc(app.ATS, p.Key)))
	}
	for _, d := range app.ATS.PinnedDomains {
		for _, l := range []struct {
			key  string
			list *ats.IdentityList
		}{{"NSPinnedCAIdentities", d.CA}, {"NSPinnedLeafIdentities", d.Leaf}} {
			if l.list == nil {
				continue
			}
			k := "NSPinnedDomains." + d.Name + "." + l.key
			if len(l.list.Valid)+len(l.list.Invalid) == 0 {
				out = append(out, m.Finding(d.Name, k, k+" is empty: the domain is pinned to nothing and can never connect",
					atsLoc(app.ATS, k)))
			}
			out = append(out, placeholders(m, app.ATS, d.Name, k, l.list.Valid)...)
		}
	}
	return out
}

// placeholders reports the identities the system accepts that are
// stand-ins, not real keys (pinfmt.Placeholder).
func placeholders(m audit.Metadata, c *ats.Config, host, key string, values []string) []audit.Finding {
	var out []audit.Finding
	for _, v := range values {
		if reason := pinfmt.Judge(pinfmt.ATS, v).Placeholder; reason != "" {
			msg := fmt.Sprintf("%s: SPKI-SHA256-BASE64 %q looks like a placeholder (%s)", key, v, reason)
			out = append(out, m.Finding(host, key, msg, atsLoc(c, key)))
		}
	}
	return out
}
