package android

import (
	"strings"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
	"github.com/pinkit/pinkit/audit/rules/internal/check"
)

// DebugOverridesRelease is PK109: the app is debuggable, so its
// <debug-overrides> (or <name>_debug.xml companion) are in force.
type DebugOverridesRelease struct{}

// Metadata implements audit.Rule.
func (DebugOverridesRelease) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK109",
		Name:        "debug-overrides-release",
		Description: "The app is debuggable, so debug-overrides apply: their trust anchors bypass pins.",
		Help: "`<debug-overrides>` only apply when `android:debuggable=\"true\"`; their anchors default to " +
			"overridePins=\"true\". A shipped debuggable build therefore trusts the debug CAs without pinning. " +
			"Build releases with debuggable=false.",
		MASWE:    []string{maswePinned, masweNew},
		CWE:      []int{295},
		Severity: audit.SeverityHigh,
		Citation: nscDoc + "#TrustingDebugCa",
	}
}

// Applies implements audit.Applier: debuggable Android apps only.
func (DebugOverridesRelease) Applies(app *audit.App) bool {
	return check.Android(app) && app.Debuggable
}

// Check implements audit.Rule.
func (r DebugOverridesRelease) Check(app *audit.App, _ *audit.Context) []audit.Finding {
	cfg := hosttable.EffectiveNSC(app)
	if cfg == nil || cfg.DebugOverrides == nil {
		return nil
	}
	var srcs []string
	if ta := cfg.DebugOverrides.TrustAnchors; ta != nil {
		for _, c := range ta.Certificates {
			srcs = append(srcs, c.Src)
		}
	}
	file := cfg.File
	if app.NSC.DebugOverrides == nil && app.NSCDebug != nil {
		file = app.NSCDebug.File
	}
	msg := "app is debuggable, so <debug-overrides> apply"
	if len(srcs) > 0 {
		msg += ": trust anchors " + strings.Join(srcs, ", ") + " are trusted"
	}
	m := r.Metadata()
	return []audit.Finding{m.Finding("", "", msg, audit.Location{File: file, Line: cfg.DebugOverrides.Line})}
}
