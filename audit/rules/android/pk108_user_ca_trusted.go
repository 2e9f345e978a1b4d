package android

import (
	"strconv"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/nsc"
)

// UserCATrusted is PK108: user-installed CAs are trusted, explicitly or by
// the targetSdk ≤ 23 default.
type UserCATrusted struct{}

// Metadata implements audit.Rule.
func (UserCATrusted) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK108",
		Name:        "user-ca-trusted",
		Description: "User-installed CAs are trusted (explicitly or because targetSdk ≤ 23).",
		Help: "Any CA the user (or malware, or an MDM) installs can then intercept the app's TLS. " +
			"Target API 24 or later and do not list `<certificates src=\"user\"/>` outside `<debug-overrides>`.",
		MASTG:    []string{"MASTG-TEST-0286"},
		MASWE:    []string{"MASWE-0052"},
		CWE:      []int{295},
		Severity: audit.SeverityMedium,
		Citation: nscDoc + "#TrustingAdditionalCas",
	}
}

// Check implements audit.Rule: one finding for the app-wide policy
// (base-config or defaults) and one per domain-config that trusts user CAs
// through its own or an ancestor's trust anchors.
func (r UserCATrusted) Check(app *audit.App, ctx *audit.Context) []audit.Finding {
	if !isAndroid(app) {
		return nil
	}
	m := r.Metadata()
	opts := audit.ResolveOptions(app, ctx.Now)
	opts.Debuggable = false // debug anchors are PK109's
	var out []audit.Finding
	base := app.NSC.Resolve("", opts)
	if base.UserCAs {
		out = append(out, m.Finding("", "base", "user-installed CAs are trusted by default for every host"+userWhy(app, base), userLoc(app, base)))
	}
	if app.NSC == nil {
		return out
	}
	app.NSC.Walk(func(dc *nsc.DomainConfig) {
		if len(dc.Domains) == 0 {
			return
		}
		e := app.NSC.Resolve(dc.Domains[0].Name, opts)
		if e.UserCAs && e.AnchorsFrom != nil && e.AnchorsFrom.Kind == nsc.KindDomain {
			msg := "user-installed CAs are trusted for " + hostOf(dc)
			out = append(out, m.Finding(hostOf(dc), "", msg, userLoc(app, e)))
		}
	})
	return out
}

func userWhy(app *audit.App, e nsc.Effective) string {
	if e.AnchorsFrom == nil {
		return " (targetSdkVersion " + strconv.Itoa(app.TargetSDK) + " ≤ 23)"
	}
	return " (<certificates src=\"user\"/>)"
}

func userLoc(app *audit.App, e nsc.Effective) audit.Location {
	for _, a := range e.Anchors {
		if a.Src == "user" && a.From != nil {
			return loc(app.NSC, a.Line)
		}
	}
	return audit.Location{File: "AndroidManifest.xml"}
}
