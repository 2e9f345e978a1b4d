package android

import (
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/rules/internal/check"
)

// PinSetExpired is PK103: a pin-set's expiration date has passed, so the
// platform no longer enforces its pins.
type PinSetExpired struct{}

// Metadata implements audit.Rule.
func (PinSetExpired) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK103",
		Name:        "pinset-expired",
		Description: "A pin-set's expiration date is in the past, so its pins are ignored.",
		Help: "From 00:00 (device time) on the `expiration` day Android stops checking the pins, silently. " +
			"Ship an update with fresh pins and a later expiration, or remove the attribute if you have a backup pin " +
			"and a rotation plan.",
		MASTG:    []string{"MASTG-TEST-0243"},
		MASWE:    []string{maswePinned, masweNew},
		CWE:      []int{295},
		Severity: audit.SeverityHigh,
		Citation: nscDoc + "#CertificatePinning",
	}
}

// Applies implements audit.Applier: Android apps only.
func (PinSetExpired) Applies(app *audit.App) bool { return check.Android(app) }

// Check implements audit.Rule.
func (r PinSetExpired) Check(app *audit.App, ctx *audit.Context) []audit.Finding {
	m := r.Metadata()
	var out []audit.Finding
	for _, dc := range withPinSets(app.NSC) {
		if dc.PinSet.Expired(ctx.Now) {
			msg := "pin-set for " + hostsOf(dc) + " expired on " + dc.PinSet.Expiration + ": its pins are no longer enforced"
			out = append(out, m.Finding(hostOf(dc), "", msg, loc(app.NSC, dc.PinSet.Line)))
		}
	}
	return out
}
