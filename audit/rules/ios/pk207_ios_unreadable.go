package ios

import (
	"strings"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/rules/internal/check"
)

// Unreadable is PK207: part of an iOS app could not be read (a binary, a
// certificate, the executable) or an ATS key has a value iOS ignores.
type Unreadable struct{}

// Metadata implements audit.Rule.
func (Unreadable) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK207",
		Name:        "ios-unreadable",
		Description: "Part of the iOS app could not be audited (unreadable binary or certificate, missing executable) or an ATS value is ignored by iOS.",
		Help: "The audit of this app is incomplete: pins or hosts in the listed file may be missing from the table. " +
			"An `NSAppTransportSecurity` key of the wrong type (a string where a dictionary is expected, a number " +
			"where a boolean is) is ignored by iOS, so the setting you meant does not apply. Fix the Info.plist " +
			"value, or check the named file.",
		MASWE:    []string{maswePinned},
		CWE:      []int{295},
		Severity: audit.SeverityMedium,
		Citation: atsDoc,
	}
}

// Applies implements audit.Applier: iOS apps only.
func (Unreadable) Applies(app *audit.App) bool { return check.IOS(app) }

// Check implements audit.Rule.
func (r Unreadable) Check(app *audit.App, _ *audit.Context) []audit.Finding {
	m := r.Metadata()
	var out []audit.Finding
	for _, p := range app.LoadProblems {
		out = append(out, m.Finding("", p.Location.File+": "+p.Message, p.Message, p.Location))
	}
	if app.ATS != nil {
		for _, p := range app.ATS.Problems {
			if strings.HasPrefix(p.Key, "NSPinnedDomains") {
				continue // PK203
			}
			out = append(out, m.Finding("", p.Key, "ignored by iOS: "+p.String(), atsLoc(app.ATS, p.Key)))
		}
	}
	return out
}
