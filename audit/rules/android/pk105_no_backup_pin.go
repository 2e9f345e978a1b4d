package android

import (
	"fmt"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
	"github.com/pinkit/pinkit/audit/rules/internal/check"
)

// NoBackupPin is PK105: a pin-set has fewer than two distinct valid pins
// (placeholders do not count).
type NoBackupPin struct{}

// Metadata implements audit.Rule.
func (NoBackupPin) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK105",
		Name:        "no-backup-pin",
		Description: "A pin-set has fewer than two pins, so a key rotation or CA change locks users out.",
		Help: "Always pin at least two keys: the current one and a backup whose private key is kept offline " +
			"(or a second CA). With one pin, losing or rotating that key breaks every installed copy of the app " +
			"until users update (HPKP self-DoS). A missing expiration is fine; a missing backup is not.",
		MASWE:    []string{maswePinned, masweNew},
		CWE:      []int{295},
		Severity: audit.SeverityMedium,
		Citation: nscDoc + "#CertificatePinning",
	}
}

// Applies implements audit.Applier: Android apps only.
func (NoBackupPin) Applies(app *audit.App) bool { return check.Android(app) }

// Check implements audit.Rule.
func (r NoBackupPin) Check(app *audit.App, _ *audit.Context) []audit.Finding {
	m := r.Metadata()
	var out []audit.Finding
	for _, dc := range withPinSets(app.NSC) {
		if len(dc.PinSet.Pins) == 0 {
			continue // PK111
		}
		seen := map[string]bool{}
		for _, p := range dc.PinSet.Pins {
			if hosttable.UsableNSCPin(p) {
				seen[string(p.Bytes())] = true
			}
		}
		if len(seen) < 2 {
			msg := fmt.Sprintf("pin-set for %s has %d distinct valid pin(s): add a backup pin", hostsOf(dc), len(seen))
			out = append(out, m.Finding(hostOf(dc), "", msg, loc(app.NSC, dc.PinSet.Line)))
		}
	}
	return out
}
