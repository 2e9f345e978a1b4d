package code

import (
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
)

// TLSValidationDisabled is PK306: code turns off part of the server trust
// evaluation (Alamofire, AFNetworking, URLSession challenge handlers).
type TLSValidationDisabled struct{}

// Metadata implements audit.Rule.
func (TLSValidationDisabled) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK306",
		Name:        "tls-validation-disabled",
		Description: "Code disables server trust evaluation: Alamofire validation flags, AFNetworking allowInvalidCertificates / validatesDomainName, or a challenge handler that never evaluates the trust.",
		Help: "Pinning on top of a disabled chain or host check pins nothing useful: `validateCertificateChain: false` " +
			"or `performDefaultValidation: false` accept self-signed chains, `validateHost: false` and " +
			"`validatesDomainName = NO` accept a certificate for any host (AFNetworking CVE-2015-3996), " +
			"`allowInvalidCertificates = YES` and `DisabledTrustEvaluator` accept anything, and a " +
			"`urlSession(_:didReceive:completionHandler:)` handler that answers `.useCredential` with " +
			"`URLCredential(trust:)` without calling `SecTrustEvaluateWithError` accepts every server. Keep the " +
			"defaults and evaluate the trust before pinning.",
		MASTG:    []string{"MASTG-TEST-0283"},
		MASWE:    []string{"MASWE-0052"},
		CWE:      []int{295, 297},
		Severity: audit.SeverityHigh,
		Citation: "https://developer.apple.com/documentation/security/secevaluatetrustwitherror(_:_:)",
	}
}

// Check implements audit.Rule.
func (r TLSValidationDisabled) Check(app *audit.App, _ *audit.Context) []audit.Finding {
	m := r.Metadata()
	var out []audit.Finding
	for _, c := range app.CodeChecks {
		if !hosttable.DangerousCheck(c.Kind) {
			continue
		}
		msg := c.Kind
		if c.Detail != "" {
			msg += ": " + c.Detail
		}
		out = append(out, m.Finding(c.Host, c.Kind+"@"+c.Location.File, msg, c.Location))
	}
	return out
}
