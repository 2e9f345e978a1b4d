package android

import (
	"strings"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/rules/internal/check"
	"github.com/pinkit/pinkit/nsc"
)

// NSCInvalid is PK112: the platform would refuse to load the network
// security config (or the loader could not read it).
type NSCInvalid struct{}

// Metadata implements audit.Rule.
func (NSCInvalid) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK112",
		Name:        "nsc-invalid",
		Description: "The Network Security Config would be rejected by Android, or could not be read.",
		Help: "Android parses the whole file at startup and throws on the first error: a bad pin, a missing " +
			"digest, a `<pin-set>` or `<domain>` in `<base-config>`, a domain listed twice, a `<domain-config>` " +
			"without `<domain>`, or a wrong root element. The app's networking then fails. Fix every listed problem.",
		MASWE:    []string{maswePinned, masweNew},
		CWE:      []int{295},
		Severity: audit.SeverityHigh,
		Citation: nscDoc + "#ConfigReference",
	}
}

// Applies implements audit.Applier: Android apps only.
func (NSCInvalid) Applies(app *audit.App) bool { return check.Android(app) }

// Check implements audit.Rule: one finding per rejected config (listing
// every reason) and one per loader problem.
func (r NSCInvalid) Check(app *audit.App, _ *audit.Context) []audit.Finding {
	m := r.Metadata()
	var out []audit.Finding
	for _, p := range app.LoadProblems {
		out = append(out, m.Finding("", p.Message, p.Message, p.Location))
	}
	if f, ok := rejected(m, app.NSC, app.Debuggable); ok {
		out = append(out, f)
	}
	if app.Debuggable && app.NSCDebug != nil {
		if f, ok := rejected(m, app.NSCDebug, true); ok {
			out = append(out, f)
		}
		if app.NSC != nil && app.NSC.DebugOverrides != nil && app.NSCDebug.DebugOverrides != nil {
			msg := app.NSCDebug.File + ": only one <debug-overrides> allowed (the main config has one too)"
			out = append(out, m.Finding("", "debug-twice", msg, loc(app.NSCDebug, app.NSCDebug.DebugOverrides.Line)))
		}
	}
	return out
}

func rejected(m audit.Metadata, cfg *nsc.Config, debuggable bool) (audit.Finding, bool) {
	if cfg == nil || cfg.ValidFor(debuggable) {
		return audit.Finding{}, false
	}
	var reasons []string
	first := 0
	for _, p := range cfg.Problems {
		if p.DebugOnly && !debuggable {
			continue
		}
		if first == 0 {
			first = p.Line
		}
		reasons = append(reasons, p.Error())
	}
	msg := cfg.File + " would be rejected by the platform: " + strings.Join(reasons, "; ")
	return m.Finding("", cfg.File, msg, loc(cfg, first)), true
}
