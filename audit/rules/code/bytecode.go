package code

import (
	"strings"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
)

// bytecodeFindings turns the app's code checks of kind into findings of
// m: one per class, saying whether the class is the app's own code or a
// bundled library. A library finding is lowered to libSeverity: the app
// may never reach that code path (Android Lint's TrustAllX509TrustManager
// false positives on SDK classes, google-http-java-client#1866), but a
// pentester should still see it.
func bytecodeFindings(app *audit.App, m audit.Metadata, kind string, libSeverity audit.Severity) []audit.Finding {
	var out []audit.Finding
	for _, c := range app.CodeChecks {
		if c.Kind != kind {
			continue
		}
		class, _, _ := strings.Cut(c.Location.Symbol, "->")
		own, why := hosttable.CodeOrigin(app, class)
		prefix := "app code"
		if !own {
			prefix = "library code"
		}
		msg := prefix + " " + javaName(class) + ": " + c.Detail + " (" + why + ")"
		f := m.Finding(c.Host, kind+"@"+class, msg, c.Location)
		if !own {
			f.Severity = libSeverity
		}
		out = append(out, f)
	}
	return out
}

// javaName turns a DEX descriptor ("Lcom/example/Net$1;") into a Java
// class name ("com.example.Net$1").
func javaName(desc string) string {
	if !strings.HasPrefix(desc, "L") || !strings.HasSuffix(desc, ";") {
		return desc
	}
	return strings.ReplaceAll(desc[1:len(desc)-1], "/", ".")
}

// Weakness and test IDs the bytecode rules share.
const (
	mastgTrustManager = "MASTG-TEST-0282" // unsafe custom trust evaluation
	mastgVerifier     = "MASTG-TEST-0283" // incorrect server hostname verification
	mastgWebView      = "MASTG-TEST-0284" // incorrect SSL error handling in WebViews
	mastgSSLSocket    = "MASTG-TEST-0234" // SSLSockets without hostname verification
	mastgPinning      = "MASTG-TEST-0242"
	masweTrust        = "MASWE-0052" // insecure certificate validation
	masweTrustEval    = "MASWE-0027"
	maswePinning      = "MASWE-0047"
	masweNewPinning   = "MASWE-0028"
)
