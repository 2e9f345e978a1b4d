package ios

import (
	"slices"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/rules/internal/check"
)

// HostUnpinned is PK202: a first-party host is covered by no NSPinnedDomains
// entry (nor by TrustKit or a pinning evaluator in code).
type HostUnpinned struct{}

// Metadata implements audit.Rule.
func (HostUnpinned) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK202",
		Name:        "ats-host-unpinned",
		Description: "A first-party host is missing from NSPinnedDomains and no other mechanism pins it.",
		Help: "Add the host (or a parent with `NSIncludesSubdomains`) to `NSPinnedDomains`. Hosts pinned by " +
			"TrustKit or an Alamofire pinning evaluator are not reported. Hosts of third-party SDKs and local " +
			"addresses are not reported; use `--first-party DOMAIN` to mark more domains as yours.",
		MASTG:    []string{mastgPinning},
		MASWE:    []string{maswePinned},
		CWE:      []int{295},
		Severity: audit.SeverityMedium,
		Citation: pinnedDoc,
	}
}

// Applies implements audit.Applier: iOS apps only.
func (HostUnpinned) Applies(app *audit.App) bool { return check.IOS(app) }

// Check implements audit.Rule.
func (r HostUnpinned) Check(app *audit.App, ctx *audit.Context) []audit.Finding {
	m := r.Metadata()
	var out []audit.Finding
	for _, h := range ctx.Hosts {
		if !h.FirstParty || h.Pinned {
			continue
		}
		msg := "first-party host " + h.Host + " is not in NSPinnedDomains and not pinned otherwise"
		switch {
		case h.Expired:
			msg += " (its TrustKit pins expired on " + h.Expires + ")"
		case slices.Contains(h.Sources, audit.SourceTrustKit):
			msg += " (TrustKit reports but does not enforce)"
		}
		out = append(out, m.Finding(h.Host, "", msg, h.Location))
	}
	return out
}
