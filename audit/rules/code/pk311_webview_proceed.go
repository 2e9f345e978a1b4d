package code

import (
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
)

// WebViewProceed is PK311: WebViewClient.onReceivedSslError proceeds on
// certificate errors, decided from DEX bytecode.
type WebViewProceed struct{}

// Metadata implements audit.Rule.
func (WebViewProceed) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK311",
		Name:        "webview-ssl-error-proceed",
		Description: "WebViewClient.onReceivedSslError calls SslErrorHandler.proceed() unconditionally or depending only on the error type.",
		Help: "`handler.proceed()` loads the page over the certificate the WebView just rejected; checking " +
			"`getPrimaryError()` first only chooses which kind of bad certificate to accept. Call " +
			"`handler.cancel()` (the default behaviour of `super.onReceivedSslError`). Handlers that inspect " +
			"`error.getCertificate()` or hand the decision to other code are not reported.",
		MASTG:    []string{mastgWebView},
		MASWE:    []string{masweTrust, masweTrustEval, maswePinning, masweNewPinning},
		CWE:      []int{295},
		Severity: audit.SeverityHigh,
		Citation: "https://developer.android.com/reference/android/webkit/WebViewClient#onReceivedSslError(android.webkit.WebView,%20android.webkit.SslErrorHandler,%20android.net.http.SslError)",
	}
}

// Check implements audit.Rule.
func (r WebViewProceed) Check(app *audit.App, _ *audit.Context) []audit.Finding {
	return bytecodeFindings(app, r.Metadata(), hosttable.CheckWebViewProceed, audit.SeverityLow)
}
