package code

import (
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
)

// TrustKitNotEnforced is PK302: a TrustKit domain only reports pin failures
// (TSKEnforcePinning NO on iOS, enforcePinning="false" or unset on Android).
type TrustKitNotEnforced struct{}

// Metadata implements audit.Rule.
func (TrustKitNotEnforced) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK302",
		Name:        "trustkit-not-enforced",
		Description: "TrustKit pinning is not enforced (TSKEnforcePinning NO, or enforcePinning false / unset on Android).",
		Help: "Without enforcement TrustKit only sends a report when the served chain does not match the pins; " +
			"the connection still succeeds, so an interceptor with any trusted CA reads the traffic. Note that " +
			"`enforcePinning` defaults to false in TrustKit-Android. Enforce once the reports look clean (keep a " +
			"backup pin: TrustKit refuses to enforce with fewer than two).",
		MASWE:    []string{"MASWE-0047"},
		CWE:      []int{295},
		Severity: audit.SeverityMedium,
		Citation: "https://github.com/datatheorem/TrustKit/blob/master/docs/getting-started.md",
	}
}

// Check implements audit.Rule.
func (r TrustKitNotEnforced) Check(app *audit.App, _ *audit.Context) []audit.Finding {
	m := r.Metadata()
	var out []audit.Finding
	for _, c := range hosttable.TrustKitConfigs(app) {
		for _, d := range c.Domains {
			if d.EnforcePinning {
				continue
			}
			msg := "TrustKit does not enforce pinning for " + d.Name + ": pin failures are only reported"
			if c.Platform == "android" {
				msg += " (enforcePinning is false or unset; the Android default is false)"
			}
			out = append(out, m.Finding(d.Name, "config", msg, audit.Location{File: c.File, Line: d.Line}))
		}
	}
	for _, c := range app.CodeChecks {
		if c.Kind == hosttable.CheckTrustKitNotEnforced {
			out = append(out, m.Finding(c.Host, "code:"+c.Location.File, "TrustKit configured in code with enforcement off: "+c.Detail, c.Location))
		}
	}
	return out
}
