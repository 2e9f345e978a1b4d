package code

import (
	"fmt"
	"slices"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
	"github.com/pinkit/pinkit/internal/pinfmt"
)

// TrustManagerPinFlawed is PK312: a custom X509TrustManager pins, but
// over the served chain, the root alone, or whole-certificate hashes.
type TrustManagerPinFlawed struct{}

// Metadata implements audit.Rule.
func (TrustManagerPinFlawed) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK312",
		Name:        "trust-manager-pinning-flawed",
		Description: "A custom X509TrustManager compares certificate hashes, but over the served chain instead of the verified one, over the root alone, or over whole certificates.",
		Help: "A pinning trust manager must first build and verify the chain (`X509TrustManagerExtensions." +
			"checkServerTrusted(chain, authType, host)` returns the verified chain) and then compare SHA-256 hashes " +
			"of each certificate's SubjectPublicKeyInfo with the pins. Hashing the `chain` argument lets an " +
			"attacker append the real pinned certificate to a chain of their own (CVE-2016-2402); pinning only the " +
			"root trusts everything that root signs; hashing the whole certificate breaks on every renewal. " +
			"A trust manager that does all of this right is recognised as pinning and not reported.",
		MASTG:    []string{mastgTrustManager, mastgPinning},
		MASWE:    []string{maswePinning, masweNewPinning, masweTrust},
		CWE:      []int{295},
		Severity: audit.SeverityMedium,
		Citation: "https://developer.android.com/privacy-and-security/security-ssl#Pinning",
	}
}

// Check implements audit.Rule.
func (r TrustManagerPinFlawed) Check(app *audit.App, _ *audit.Context) []audit.Finding {
	m := r.Metadata()
	out := bytecodeFindings(app, m, hosttable.CheckTrustManagerPinFlawed, audit.SeverityLow)
	return append(out, trustManagerPins(app, m)...)
}

// trustManagerPins judges the pins a pinning trust manager compares, as
// PK301 judges OkHttp's: placeholders, bad encodings, and no backup.
func trustManagerPins(app *audit.App, m audit.Metadata) []audit.Finding {
	var out []audit.Finding
	valid := map[string]map[string]bool{} // class -> distinct usable pins
	var classes []string
	first := map[string]audit.Location{}
	for _, p := range app.CodePins {
		if p.Library != hosttable.SourceTrustManager {
			continue
		}
		class := p.Location.Symbol
		if _, ok := valid[class]; !ok {
			valid[class], first[class] = map[string]bool{}, p.Location
			classes = append(classes, class)
		}
		v := pinfmt.Judge(pinfmt.OkHttp, p.Pin)
		if msg := codePinProblem(v); msg != "" {
			out = append(out, m.Finding("", p.Pin, fmt.Sprintf("trust manager %s pin %q: %s", javaName(class), p.Pin, msg), p.Location))
		}
		if v.Usable() {
			valid[class][v.Alg+"/"+string(v.Raw)] = true
		}
	}
	slices.Sort(classes)
	for _, c := range classes {
		if n := len(valid[c]); n < 2 {
			out = append(out, m.Finding("", "backup@"+c, fmt.Sprintf("trust manager %s compares %d distinct valid pin(s): add a backup pin", javaName(c), n), first[c]))
		}
	}
	return out
}
