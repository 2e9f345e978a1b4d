package android

import (
	"strings"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/rules/internal/check"
	"github.com/pinkit/pinkit/internal/pinfmt"
	"github.com/pinkit/pinkit/nsc"
)

// MalformedPin is PK106: a <pin> has a bad digest algorithm, bad base64, a
// length other than 32 bytes, or is a placeholder.
type MalformedPin struct{}

// Metadata implements audit.Rule.
func (MalformedPin) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK106",
		Name:        "malformed-pin",
		Description: "A pin is malformed (digest not SHA-256, bad base64, not 32 bytes) or a placeholder.",
		Help: "Each `<pin digest=\"SHA-256\">` holds the base64 SHA-256 of a SubjectPublicKeyInfo (32 bytes). " +
			"A malformed pin makes Android reject the whole config; a placeholder (AAAA…, YOUR_PIN, hex, " +
			"a `sha256/` prefix copied from OkHttp) pins nothing real. Compute pins with `pinkit pin HOST`.",
		MASTG:    []string{"MASTG-TEST-0242"},
		MASWE:    []string{maswePinned, masweNew},
		CWE:      []int{295},
		Severity: audit.SeverityHigh,
		Citation: nscDoc + "#ConfigReference",
	}
}

// Applies implements audit.Applier: Android apps only.
func (MalformedPin) Applies(app *audit.App) bool { return check.Android(app) }

// Check implements audit.Rule.
func (r MalformedPin) Check(app *audit.App, _ *audit.Context) []audit.Finding {
	m := r.Metadata()
	var out []audit.Finding
	for _, dc := range withPinSets(app.NSC) {
		for _, p := range dc.PinSet.Pins {
			if msg := pinProblem(p); msg != "" {
				out = append(out, m.Finding(hostOf(dc), p.Value, "pin for "+hostsOf(dc)+": "+msg, loc(app.NSC, p.Line)))
			}
		}
	}
	return out
}

// pinProblem judges a <pin> as the platform does (pinfmt.NSC) and for
// placeholders; "" when it is a real pin.
func pinProblem(p nsc.Pin) string {
	err := p.Check()
	v := pinfmt.Judge(pinfmt.NSC, p.Value)
	var msg string
	switch {
	case strings.HasPrefix(strings.ToLower(p.Value), "sha256/"), strings.HasPrefix(strings.ToLower(p.Value), "sha1/"):
		msg = "the value " + v.Placeholder
	case v.Placeholder != "":
		msg = "looks like a placeholder (" + v.Placeholder + ")"
	case err != nil:
		return strings.TrimPrefix(err.Error(), "<pin> ")
	default:
		return ""
	}
	if err != nil {
		msg += " and the platform rejects it: " + strings.TrimPrefix(err.Error(), "<pin> ")
	}
	return msg
}
