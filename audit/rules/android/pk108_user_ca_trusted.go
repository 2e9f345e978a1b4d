package android

import (
	"slices"
	"strconv"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
	"github.com/pinkit/pinkit/audit/rules/internal/check"
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

// Applies implements audit.Applier: Android apps only.
func (UserCATrusted) Applies(app *audit.App) bool { return check.Android(app) }

// Check implements audit.Rule: one finding for the app-wide policy (the
// table's default row: base-config or defaults) and one per NSC host whose
// own domain-config or an ancestor trusts user CAs. Anchors of
// <debug-overrides> are PK109's.
func (r UserCATrusted) Check(app *audit.App, ctx *audit.Context) []audit.Finding {
	m := r.Metadata()
	var out []audit.Finding
	if o := ctx.Default.UserCAFrom; o.Kind == hosttable.OriginDefault || o.Kind == hosttable.OriginBase {
		out = append(out, m.Finding("", "base", "user-installed CAs are trusted by default for every host"+userWhy(app, o), o.Location))
	}
	for _, h := range ctx.Hosts {
		if h.UserCAFrom.Kind == hosttable.OriginDomain && slices.Contains(h.Sources, audit.SourceNSC) {
			out = append(out, m.Finding(h.Host, "", "user-installed CAs are trusted for "+h.Host, h.UserCAFrom.Location))
		}
	}
	return out
}

func userWhy(app *audit.App, o hosttable.Origin) string {
	if o.Kind == hosttable.OriginDefault {
		return " (targetSdkVersion " + strconv.Itoa(app.TargetSDK) + " ≤ 23)"
	}
	return " (<certificates src=\"user\"/>)"
}
