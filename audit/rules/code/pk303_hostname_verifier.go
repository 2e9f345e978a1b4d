package code

import "github.com/pinkit/pinkit/audit"

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
		out = append(out, m.Finding("", l.String(), msg, l))
	}
	return out
}
