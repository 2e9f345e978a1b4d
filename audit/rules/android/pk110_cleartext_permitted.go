package android

import (
	"strconv"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/nsc"
)

// CleartextPermitted is PK110: cleartext HTTP is allowed, explicitly or by
// the targetSdk ≤ 27 default.
type CleartextPermitted struct{}

// Metadata implements audit.Rule.
func (CleartextPermitted) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK110",
		Name:        "cleartext-permitted",
		Description: "Cleartext HTTP is permitted (explicitly or because targetSdk ≤ 27).",
		Help: "Pins protect TLS only; a host reachable over `http://` can be read and modified by anyone on " +
			"the path. Set `cleartextTrafficPermitted=\"false\"` (the default from API 28) and use HTTPS.",
		MASTG:    []string{"MASTG-TEST-0235"},
		MASWE:    []string{"MASWE-0050"},
		CWE:      []int{319},
		Severity: audit.SeverityMedium,
		Citation: nscDoc + "#CleartextTrafficPermitted",
	}
}

// Check implements audit.Rule: one finding for the app-wide policy and one
// per domain-config that sets cleartextTrafficPermitted="true".
func (r CleartextPermitted) Check(app *audit.App, ctx *audit.Context) []audit.Finding {
	if !isAndroid(app) {
		return nil
	}
	m := r.Metadata()
	var out []audit.Finding
	if msg, l, ok := baseCleartext(app, ctx); ok {
		out = append(out, m.Finding("", "base", msg, l))
	}
	if app.NSC == nil {
		return out
	}
	app.NSC.Walk(func(dc *nsc.DomainConfig) {
		if dc.CleartextPermitted != nil && *dc.CleartextPermitted {
			out = append(out, m.Finding(hostOf(dc), "", "cleartext traffic is permitted for "+hostOf(dc), loc(app.NSC, dc.Line)))
		}
	})
	return out
}

// baseCleartext reports whether hosts outside any domain-config may use
// cleartext, and why.
func baseCleartext(app *audit.App, ctx *audit.Context) (string, audit.Location, bool) {
	manifest := audit.Location{File: "AndroidManifest.xml"}
	if app.NSC == nil && app.UsesCleartext != nil {
		return "android:usesCleartextTraffic=\"true\" permits cleartext for every host", manifest, *app.UsesCleartext
	}
	e := app.NSC.Resolve("", audit.ResolveOptions(app, ctx.Now))
	if !e.CleartextPermitted {
		return "", manifest, false
	}
	if e.CleartextFrom != nil {
		return "<base-config cleartextTrafficPermitted=\"true\"> permits cleartext for every host", loc(app.NSC, e.CleartextFrom.Line), true
	}
	return "cleartext is permitted by default for every host (targetSdkVersion " + strconv.Itoa(app.TargetSDK) + " ≤ 27)", manifest, true
}
