package code

import (
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
)

// SSLSocketNoHostname is PK310: a class creates SSLSockets and never
// verifies the peer's host name, decided from DEX bytecode.
type SSLSocketNoHostname struct{}

// Metadata implements audit.Rule.
func (SSLSocketNoHostname) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK310",
		Name:        "sslsocket-without-hostname-verification",
		Description: "A class creates SSLSockets with SSLSocketFactory.createSocket and never calls HostnameVerifier.verify or SSLParameters.setEndpointIdentificationAlgorithm.",
		Help: "`SSLSocket` checks the chain but not the host name: any certificate a trusted CA issued for any domain " +
			"is accepted. After the handshake call `HttpsURLConnection.getDefaultHostnameVerifier().verify(host, " +
			"socket.getSession())` and close the socket when it returns false, or set " +
			"`SSLParameters.setEndpointIdentificationAlgorithm(\"HTTPS\")` before the handshake.",
		MASTG:    []string{mastgSSLSocket},
		MASWE:    []string{masweTrust, masweTrustEval, maswePinning, masweNewPinning},
		CWE:      []int{297},
		Severity: audit.SeverityHigh,
		Citation: "https://developer.android.com/privacy-and-security/security-ssl#WarningsSslSocket",
	}
}

// Check implements audit.Rule.
func (r SSLSocketNoHostname) Check(app *audit.App, _ *audit.Context) []audit.Finding {
	return bytecodeFindings(app, r.Metadata(), hosttable.CheckSSLSocketNoHostname, audit.SeverityLow)
}
