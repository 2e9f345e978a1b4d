package android

import (
	"fmt"
	"time"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/rules/internal/check"
)

// PinSetExpiring is PK104: a pin-set expires within the warning window
// (--expiry-warn, 30 days by default).
type PinSetExpiring struct{}

// Metadata implements audit.Rule.
func (PinSetExpiring) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK104",
		Name:        "pinset-expiring",
		Description: "A pin-set expires soon (within --expiry-warn, default 30 days).",
		Help: "Once the expiration day starts the platform stops enforcing the pins. Users update slowly: " +
			"release the new pins (or a later expiration) well before that day.",
		MASTG:    []string{"MASTG-TEST-0243"},
		MASWE:    []string{maswePinned, masweNew},
		CWE:      []int{295},
		Severity: audit.SeverityLow,
		Citation: nscDoc + "#CertificatePinning",
	}
}

// Applies implements audit.Applier: Android apps only.
func (PinSetExpiring) Applies(app *audit.App) bool { return check.Android(app) }

// Check implements audit.Rule.
func (r PinSetExpiring) Check(app *audit.App, ctx *audit.Context) []audit.Finding {
	m := r.Metadata()
	var out []audit.Finding
	for _, dc := range withPinSets(app.NSC) {
		d, ok := dc.PinSet.ExpirationDate()
		if !ok || dc.PinSet.Expired(ctx.Now) {
			continue
		}
		start := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, ctx.Now.Location())
		if left := start.Sub(ctx.Now); left <= ctx.ExpiryWarn {
			msg := fmt.Sprintf("pin-set for %s expires on %s (in %d days)", hostsOf(dc), dc.PinSet.Expiration, int(left.Hours()/24))
			out = append(out, m.Finding(hostOf(dc), "", msg, loc(app.NSC, dc.PinSet.Line)))
		}
	}
	return out
}
