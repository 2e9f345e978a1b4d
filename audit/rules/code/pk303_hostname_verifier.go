package code

import (
	"strings"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
)

// HostnameVerifierAllowAll is PK303: the code references a HostnameVerifier
// that accepts every host name.
type HostnameVerifierAllowAll struct{}

// Metadata implements audit.Rule.
func (HostnameVerifierAllowAll) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK303",
		Name:        "hostname-verifier-allow-all",
		Description: "The code references an allow-all HostnameVerifier (ALLOW_ALL_HOSTNAME_VERIFIER, NoopHostnameVerifier…).",
		Help: "A verifier that accepts any host name lets a certificate for any domain (from any trusted CA) " +
			"impersonate your server; pins on the chain do not restore the hostname check. Use the default verifier.",
		MASTG:    []string{"MASTG-TEST-0283"},
		MASWE:    []string{"MASWE-0052"},
		CWE:      []int{297},
		Severity: audit.SeverityHigh,
		Citation: "https://developer.android.com/privacy-and-security/risks/unsafe-hostname",
	}
}

// Check implements audit.Rule.
func (r HostnameVerifierAllowAll) Check(app *audit.App, _ *audit.Context) []audit.Finding {
	m := r.Metadata()
	var out []audit.Finding
	for _, l := range app.HostnameVerifierAllowAll {
		msg := "allow-all HostnameVerifier referenced"
		if l.Symbol != "" {
			msg += ": " + l.Symbol
		}
		f := m.Finding("", l.String(), msg, l)
		if strings.HasPrefix(l.Symbol, "L") && strings.Contains(l.Symbol, ";") { // a DEX class
			own, why := hosttable.CodeOrigin(app, l.Symbol)
			f.Message += " (" + why + ")"
			if !own {
				f.Severity = audit.SeverityLow // a bundled library's reference: the app may never use it
			}
		}
		out = append(out, f)
	}
	return out
}
