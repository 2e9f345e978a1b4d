package code

import (
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
)

// VerifierReturnsTrue is PK309: a HostnameVerifier implemented in code
// returns true for every host, decided from DEX bytecode.
type VerifierReturnsTrue struct{}

// Metadata implements audit.Rule.
func (VerifierReturnsTrue) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK309",
		Name:        "hostname-verifier-returns-true",
		Description: "A HostnameVerifier.verify implemented in the app (a class or a Kotlin/Java lambda) returns true for every host.",
		Help: "`hostnameVerifier { _, _ -> true }` or `verify(...) { return true; }` accepts a certificate issued for " +
			"any host name by any trusted CA (or, with a trust-all manager, by anyone); pins on the chain do not " +
			"restore the host check. Remove the custom verifier: OkHttp and HttpsURLConnection verify host names by " +
			"default. Unlike PK303 (a reference to a library's allow-all constant), this rule reads the verifier's code.",
		MASTG:    []string{mastgVerifier},
		MASWE:    []string{masweTrust, masweTrustEval, maswePinning, masweNewPinning},
		CWE:      []int{297},
		Severity: audit.SeverityHigh,
		Citation: "https://developer.android.com/privacy-and-security/risks/unsafe-hostname",
	}
}

// Check implements audit.Rule.
func (r VerifierReturnsTrue) Check(app *audit.App, _ *audit.Context) []audit.Finding {
	return bytecodeFindings(app, r.Metadata(), hosttable.CheckVerifierReturnsTrue, audit.SeverityLow)
}
