package ios

import (
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/rules/internal/check"
)

// NoPinnedDomains is PK201: the app's Info.plist has no NSPinnedDomains,
// so iOS enforces no identity pins.
type NoPinnedDomains struct{}

// Metadata implements audit.Rule.
func (NoPinnedDomains) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK201",
		Name:        "ats-no-pinned-domains",
		Description: "The app's NSAppTransportSecurity has no NSPinnedDomains, so iOS enforces no certificate pins.",
		Help: "Since iOS 14 an app can pin without code: add `NSPinnedDomains` to `NSAppTransportSecurity` in " +
			"Info.plist with `NSPinnedCAIdentities` or `NSPinnedLeafIdentities` (two or more `SPKI-SHA256-BASE64` " +
			"values) for your own domains. When pinning is done by TrustKit, Alamofire or AFNetworking instead, " +
			"the finding is informational: that pinning only covers requests made through that library.",
		MASTG:    []string{mastgPinning},
		MASWE:    []string{maswePinned},
		CWE:      []int{295},
		Severity: audit.SeverityMedium,
		Citation: pinnedDoc,
	}
}

// Applies implements audit.Applier: iOS apps only.
func (NoPinnedDomains) Applies(app *audit.App) bool { return check.IOS(app) }

// Check implements audit.Rule.
func (r NoPinnedDomains) Check(app *audit.App, _ *audit.Context) []audit.Finding {
	if app.ATSNotApplied != "" {
		msg := app.ATSNotApplied + ", so NSPinnedDomains pins nothing"
		return []audit.Finding{r.Metadata().Finding("", "", msg, audit.Location{File: "Info.plist", Symbol: "DTSDKName"})}
	}
	if app.ATS != nil && app.ATS.HasPinnedDomains {
		return nil
	}
	loc := audit.Location{File: "Info.plist"}
	msg := "no NSPinnedDomains in Info.plist"
	if app.ATS == nil {
		msg = "no NSAppTransportSecurity dictionary in Info.plist, so no NSPinnedDomains"
	} else {
		loc = atsLoc(app.ATS, "NSAppTransportSecurity")
	}
	f := r.Metadata().Finding("", "", msg, loc)
	if lib := check.CodePinning(app); lib != "" {
		f.Severity = audit.SeverityInfo
		f.Message += "; pinning is done in code (" + lib + ") and covers only requests made through it"
	}
	return []audit.Finding{f}
}
