package code

import (
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
)

// TrustAllManager is PK308: an X509TrustManager whose checkServerTrusted
// cannot throw, decided from DEX bytecode.
type TrustAllManager struct{}

// Metadata implements audit.Rule.
func (TrustAllManager) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK308",
		Name:        "trust-manager-accepts-all",
		Description: "An X509TrustManager.checkServerTrusted cannot throw (empty, only logs, swallows the delegate's exception, or only calls checkValidity): every certificate is trusted.",
		Help: "A trust manager accepts a chain by returning and rejects it by throwing `CertificateException`. " +
			"A body that never throws accepts self-signed and attacker certificates, and no pin or network " +
			"security config can help once such a manager is installed in an `SSLContext`. Delegate to the " +
			"platform's trust manager (`TrustManagerFactory` with a null `KeyStore`) and let its exceptions " +
			"propagate, or better, use the network security config. Findings in bundled libraries are " +
			"reported at low severity: check whether the app reaches them.",
		MASTG:    []string{mastgTrustManager},
		MASWE:    []string{masweTrust, masweTrustEval, maswePinning, masweNewPinning},
		CWE:      []int{295},
		Severity: audit.SeverityHigh,
		Citation: "https://developer.android.com/privacy-and-security/risks/unsafe-trustmanager",
	}
}

// Check implements audit.Rule.
func (r TrustAllManager) Check(app *audit.App, _ *audit.Context) []audit.Finding {
	return bytecodeFindings(app, r.Metadata(), hosttable.CheckTrustAllManager, audit.SeverityLow)
}
