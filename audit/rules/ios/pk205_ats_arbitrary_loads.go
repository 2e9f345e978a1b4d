package ios

import (
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/rules/internal/check"
)

// ArbitraryLoads is PK205: an NSAllowsArbitraryLoads* key turns ATS off.
type ArbitraryLoads struct{}

// Metadata implements audit.Rule.
func (ArbitraryLoads) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK205",
		Name:        "ats-arbitrary-loads",
		Description: "NSAllowsArbitraryLoads (or its ForMedia / InWebContent variants) disables App Transport Security.",
		Help: "With `NSAllowsArbitraryLoads` ATS no longer requires HTTPS, TLS 1.2 or forward secrecy for hosts " +
			"outside `NSExceptionDomains`, and App Review asks for a justification. Remove it and add narrow " +
			"`NSExceptionDomains` entries for the hosts that really need an exception.",
		MASTG:    []string{mastgATS},
		MASWE:    []string{masweNewTLS},
		CWE:      []int{319},
		Severity: audit.SeverityMedium,
		Citation: atsDoc + "/nsallowsarbitraryloads",
	}
}

// Applies implements audit.Applier: iOS apps with an NSAppTransportSecurity
// dictionary, or built with an SDK before iOS 9 (no ATS at all).
func (ArbitraryLoads) Applies(app *audit.App) bool {
	return check.IOS(app) && (app.ATS != nil || app.ATSNotApplied != "")
}

// Check implements audit.Rule.
func (r ArbitraryLoads) Check(app *audit.App, _ *audit.Context) []audit.Finding {
	m := r.Metadata()
	if app.ATSNotApplied != "" {
		return []audit.Finding{m.Finding("", "pre-ats", app.ATSNotApplied+
			": cleartext HTTP and any TLS version are allowed for every host", audit.Location{File: "Info.plist", Symbol: "DTSDKName"})}
	}
	var out []audit.Finding
	for _, k := range []struct {
		key string
		on  bool
		sev audit.Severity
	}{
		{"NSAllowsArbitraryLoads", app.ATS.AllowsArbitraryLoads, audit.SeverityMedium},
		{"NSAllowsArbitraryLoadsForMedia", app.ATS.AllowsArbitraryLoadsForMedia, audit.SeverityLow},
		{"NSAllowsArbitraryLoadsInWebContent", app.ATS.AllowsArbitraryLoadsInWebContent, audit.SeverityLow},
	} {
		if k.on {
			f := m.Finding("", k.key, k.key+" is true: ATS is off for hosts without an exception", atsLoc(app.ATS, k.key))
			f.Severity = k.sev
			out = append(out, f)
		}
	}
	return out
}
