package ios

import (
	"fmt"
	"slices"

	"github.com/pinkit/pinkit/ats"
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/rules/internal/check"
	"github.com/pinkit/pinkit/internal/pinfmt"
)

// NoBackupPin is PK204: an NSPinnedDomains entry has fewer than two valid
// identities (placeholders do not count).
type NoBackupPin struct{}

// Metadata implements audit.Rule.
func (NoBackupPin) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK204",
		Name:        "ats-no-backup-pin",
		Description: "An NSPinnedDomains entry has fewer than two valid identities, so a key rotation locks users out.",
		Help: "Pin at least two keys per identity list: the current one and a backup whose private key is kept " +
			"offline (or a second CA). With one identity, rotating that key breaks every installed copy of the " +
			"app until users update.",
		MASWE:    []string{maswePinned},
		CWE:      []int{295},
		Severity: audit.SeverityMedium,
		Citation: pinnedDoc,
	}
}

// Applies implements audit.Applier: iOS apps with an NSAppTransportSecurity dictionary only.
func (NoBackupPin) Applies(app *audit.App) bool { return check.IOS(app) && app.ATS != nil }

// Check implements audit.Rule.
func (r NoBackupPin) Check(app *audit.App, _ *audit.Context) []audit.Finding {
	m := r.Metadata()
	var out []audit.Finding
	for _, d := range app.ATS.PinnedDomains {
		for _, l := range []struct {
			key  string
			list []string
			ok   bool
		}{{"NSPinnedCAIdentities", listValid(d.CA), d.CA != nil}, {"NSPinnedLeafIdentities", listValid(d.Leaf), d.Leaf != nil}} {
			if !l.ok || len(l.list) >= 2 {
				continue
			}
			k := "NSPinnedDomains." + d.Name + "." + l.key
			msg := fmt.Sprintf("%s has %d valid identit%s: add a backup pin", k, len(l.list), plural(len(l.list)))
			out = append(out, m.Finding(d.Name, l.key, msg, atsLoc(app.ATS, k)))
		}
	}
	return out
}

// listValid returns the identities of a list with distinct digests that
// the system accepts and that are not placeholders (pinfmt.Judge).
func listValid(l *ats.IdentityList) []string {
	if l == nil {
		return nil
	}
	var out, seen []string
	for _, v := range l.Valid {
		j := pinfmt.Judge(pinfmt.ATS, v)
		if j.Usable() && !slices.Contains(seen, string(j.Raw)) {
			seen, out = append(seen, string(j.Raw)), append(out, v)
		}
	}
	return out
}

func plural(n int) string {
	if n == 1 {
		return "y"
	}
	return "ies"
}
