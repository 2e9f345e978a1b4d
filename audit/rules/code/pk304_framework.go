package code

import (
	"github.com/pinkit/pinkit/audit"
)

// FrameworkBypassesPlatform is PK304: the app is built with a framework
// whose network stack may ignore NSC / ATS pins (Flutter, React Native,
// Xamarin).
type FrameworkBypassesPlatform struct{}

// Metadata implements audit.Rule.
func (FrameworkBypassesPlatform) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK304",
		Name:        "framework-bypasses-platform",
		Description: "A cross-platform framework (Flutter, React Native, Xamarin) may not apply the platform's pins.",
		Help: "Flutter's Dart HttpClient ignores the Network Security Config and ATS pins entirely; React Native " +
			"and Xamarin/.NET use their own stacks for some requests. Pin in the framework's client too, and verify " +
			"with `pinkit mitm`.",
		MASWE:    []string{"MASWE-0047", "MASWE-0028"},
		CWE:      []int{295},
		Severity: audit.SeverityMedium,
		Citation: "https://docs.flutter.dev/data-and-backend/networking",
	}
}

// Check implements audit.Rule.
func (r FrameworkBypassesPlatform) Check(app *audit.App, ctx *audit.Context) []audit.Finding {
	m := r.Metadata()
	pinned := false
	for _, h := range ctx.Hosts {
		pinned = pinned || h.Pinned
	}
	var out []audit.Finding
	for _, fw := range app.Frameworks {
		msg := fw + " detected: its network stack may not honour the platform's certificate pins"
		if pinned {
			msg = fw + " detected: the pins in the platform config may not apply to its requests"
		}
		out = append(out, m.Finding("", fw, msg, audit.Location{File: app.FrameworkEvidence[fw]}))
	}
	return out
}
