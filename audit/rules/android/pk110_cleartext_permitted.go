package android

import (
	"strconv"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
	"github.com/pinkit/pinkit/audit/rules/internal/check"
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

// Applies implements audit.Applier: Android apps only.
func (CleartextPermitted) Applies(app *audit.App) bool { return check.Android(app) }

// Check implements audit.Rule: one finding for the app-wide policy (the
// table's default row) and one per domain-config that sets
// cleartextTrafficPermitted="true", found through the rows it covers.
func (r CleartextPermitted) Check(app *audit.App, ctx *audit.Context) []audit.Finding {
	m := r.Metadata()
	var out []audit.Finding
	if msg, ok := baseCleartext(app, ctx.Default.CleartextFrom); ok {
		out = append(out, m.Finding("", "base", msg, ctx.Default.CleartextFrom.Location))
	}
	seen := map[audit.Location]bool{}
	for _, h := range ctx.Hosts {
		o := h.CleartextFrom
		if o.Kind != hosttable.OriginDomain || seen[o.Location] {
			continue
		}
		seen[o.Location] = true
		out = append(out, m.Finding(o.Host, "", "cleartext traffic is permitted for "+o.Host, o.Location))
	}
	return out
}

// baseCleartext says why hosts outside any domain-config may use
// cleartext, from the default row's origin.
func baseCleartext(app *audit.App, o hosttable.Origin) (string, bool) {
	switch o.Kind {
	case hosttable.OriginManifest:
		return "android:usesCleartextTraffic=\"true\" permits cleartext for every host", true
	case hosttable.OriginBase:
		return "<base-config cleartextTrafficPermitted=\"true\"> permits cleartext for every host", true
	case hosttable.OriginDefault:
		return "cleartext is permitted by default for every host (targetSdkVersion " + strconv.Itoa(app.TargetSDK) + " ≤ 27)", true
	}
	return "", false
}
