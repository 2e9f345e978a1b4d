package android

import (
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/rules/internal/check"
)

// HostUnpinned is PK102: a first-party host named in the config or the code
// has no pins.
type HostUnpinned struct{}

// Metadata implements audit.Rule.
func (HostUnpinned) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK102",
		Name:        "host-unpinned",
		Description: "A first-party host (from the config or the code) has no certificate pins.",
		Help: "The app's own hosts should be pinned: add them (or a parent with includeSubdomains) to a " +
			"`<domain-config>` with a `<pin-set>`. Trust anchors alone are not pinning. Hosts of third-party " +
			"SDKs and local addresses are not reported; use `--first-party DOMAIN` to mark more domains as yours.",
		MASTG:    []string{"MASTG-TEST-0242"},
		MASWE:    []string{maswePinned, masweNew},
		CWE:      []int{295},
		Severity: audit.SeverityMedium,
		Citation: nscDoc + "#CertificatePinning",
	}
}

// Applies implements audit.Applier: Android apps only.
func (HostUnpinned) Applies(app *audit.App) bool { return check.Android(app) }

// Check implements audit.Rule.
func (r HostUnpinned) Check(app *audit.App, ctx *audit.Context) []audit.Finding {
	m := r.Metadata()
	var out []audit.Finding
	for _, h := range ctx.Hosts {
		// A rejected config is PK112's finding; repeating it per host is noise.
		if !h.FirstParty || h.Pinned || h.ConfigRejected {
			continue
		}
		msg := "first-party host " + h.Host + " is not pinned"
		switch {
		case h.Expired:
			msg += " (its pin-set expired on " + h.Expires + ")"
		case h.OverridePins:
			msg += " (a trust anchor has overridePins=\"true\")"
		}
		out = append(out, m.Finding(h.Host, "", msg, h.Location))
	}
	return out
}
