package android

import (
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/rules/internal/check"
	"github.com/pinkit/pinkit/nsc"
)

// EmptyPinSet is PK111: an empty <pin-set/> removes the pins a nested
// domain-config would otherwise inherit.
type EmptyPinSet struct{}

// Metadata implements audit.Rule.
func (EmptyPinSet) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK111",
		Name:        "empty-pinset",
		Description: "An empty <pin-set/> removes inherited pins (or pins nothing).",
		Help: "Pin sets replace, never merge: an empty `<pin-set/>` in a nested `<domain-config>` turns pinning " +
			"off for its domains even though the parent pins them. Remove the element to inherit the parent's pins.",
		MASWE:    []string{maswePinned, masweNew},
		CWE:      []int{295},
		Severity: audit.SeverityMedium,
		Citation: nscDoc + "#ConfigInheritance",
	}
}

// Applies implements audit.Applier: Android apps only.
func (EmptyPinSet) Applies(app *audit.App) bool { return check.Android(app) }

// Check implements audit.Rule.
func (r EmptyPinSet) Check(app *audit.App, _ *audit.Context) []audit.Finding {
	var out []audit.Finding
	for _, dc := range withPinSets(app.NSC) {
		if len(dc.PinSet.Pins) > 0 {
			continue
		}
		m := r.Metadata()
		msg := "empty <pin-set/> for " + hostsOf(dc) + " pins nothing"
		if p := inheritedPins(dc); p != nil {
			msg = "empty <pin-set/> for " + hostsOf(dc) + " removes the pins inherited from " + hostsOf(p)
		} else {
			m.Severity = audit.SeverityLow
		}
		out = append(out, m.Finding(hostOf(dc), "", msg, loc(app.NSC, dc.PinSet.Line)))
	}
	return out
}

// inheritedPins returns the nearest ancestor with a non-empty pin-set.
func inheritedPins(dc *nsc.DomainConfig) *nsc.DomainConfig {
	for p := dc.Parent; p != nil; p = p.Parent {
		if p.PinSet != nil {
			if len(p.PinSet.Pins) > 0 {
				return p
			}
			return nil
		}
	}
	return nil
}
