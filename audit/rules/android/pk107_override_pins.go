package android

import (
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/rules/internal/check"
	"github.com/pinkit/pinkit/nsc"
)

// OverridePins is PK107: a trust anchor outside <debug-overrides> has
// overridePins="true", so chains ending there skip the pin check.
type OverridePins struct{}

// Metadata implements audit.Rule.
func (OverridePins) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK107",
		Name:        "override-pins",
		Description: "A trust anchor has overridePins=\"true\" outside debug-overrides, so its chains bypass the pins.",
		Help: "`overridePins=\"true\"` on `<certificates src=\"system\">` or `src=\"user\"` means any CA in that store " +
			"can issue a certificate that is accepted without a pin check: pinning is off for those chains. " +
			"Keep overridePins for `<debug-overrides>` only.",
		MASTG:    []string{"MASTG-TEST-0242"},
		MASWE:    []string{maswePinned, masweNew},
		CWE:      []int{295},
		Severity: audit.SeverityHigh,
		Citation: nscDoc + "#ConfigReference",
	}
}

// Applies implements audit.Applier: Android apps with a network security config only.
func (OverridePins) Applies(app *audit.App) bool { return check.Android(app) && app.NSC != nil }

// Check implements audit.Rule.
func (r OverridePins) Check(app *audit.App, _ *audit.Context) []audit.Finding {
	m := r.Metadata()
	var out []audit.Finding
	check := func(dc *nsc.DomainConfig, where string) {
		if dc == nil || dc.TrustAnchors == nil {
			return
		}
		for _, c := range dc.TrustAnchors.Certificates {
			if c.OverridePins != nil && *c.OverridePins {
				msg := "trust anchor src=\"" + c.Src + "\" in " + where + " has overridePins=\"true\": its chains skip pin checks"
				out = append(out, m.Finding(hostOf(dc), c.Src, msg, loc(app.NSC, c.Line)))
			}
		}
	}
	check(app.NSC.BaseConfig, "<base-config>")
	app.NSC.Walk(func(dc *nsc.DomainConfig) { check(dc, "<domain-config> for "+hostsOf(dc)) })
	return out
}
