package ios

import (
	"net/netip"
	"strings"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/rules/internal/check"
)

// WeakException is PK206: an NSExceptionDomains entry allows TLS below 1.2,
// turns forward secrecy off, or allows insecure HTTP loads.
type WeakException struct{}

// Metadata implements audit.Rule.
func (WeakException) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK206",
		Name:        "ats-weak-exception",
		Description: "An NSExceptionDomains entry allows TLS < 1.2, disables forward secrecy or allows insecure HTTP loads.",
		Help: "`NSExceptionMinimumTLSVersion` below TLSv1.2, `NSExceptionRequiresForwardSecrecy = NO` and " +
			"`NSExceptionAllowsInsecureHTTPLoads = YES` each weaken transport security for the domain (and its " +
			"subdomains with `NSIncludesSubdomains`). Fix the server and remove the exception.",
		MASTG:    []string{mastgATS},
		MASWE:    []string{masweNewTLS},
		CWE:      []int{319, 326},
		Severity: audit.SeverityMedium,
		Citation: atsDoc + "/nsexceptiondomains",
	}
}

// Applies implements audit.Applier: iOS apps with an NSAppTransportSecurity dictionary only.
func (WeakException) Applies(app *audit.App) bool { return check.IOS(app) && app.ATS != nil }

// Check implements audit.Rule.
func (r WeakException) Check(app *audit.App, _ *audit.Context) []audit.Finding {
	m := r.Metadata()
	var out []audit.Finding
	for _, e := range app.ATS.ExceptionDomains {
		n := len(out)
		base := "NSExceptionDomains." + e.Name + "."
		if v := e.MinimumTLSVersion; v != "" && weakTLS(v) {
			k := base + "NSExceptionMinimumTLSVersion"
			out = append(out, m.Finding(e.Name, "tls", k+" is "+v+": TLS below 1.2 allowed", atsLoc(app.ATS, k)))
		}
		if !e.RequiresForwardSecrecy {
			k := base + "NSExceptionRequiresForwardSecrecy"
			out = append(out, m.Finding(e.Name, "fs", k+" is NO: cipher suites without forward secrecy allowed", atsLoc(app.ATS, k)))
		}
		if e.AllowsInsecureHTTPLoads {
			k := base + "NSExceptionAllowsInsecureHTTPLoads"
			f := m.Finding(e.Name, "http", k+" is YES: cleartext HTTP allowed", atsLoc(app.ATS, k))
			f.Severity = audit.SeverityHigh
			out = append(out, f)
		}
		if loopback(e.Name) {
			for i := n; i < len(out); i++ {
				out[i].Severity = audit.SeverityInfo
				out[i].Message += " (loopback: this traffic never leaves the device)"
			}
		}
	}
	return out
}

// loopback reports whether an exception domain names this device only:
// localhost, *.localhost (RFC 6761) or a loopback address. Private LAN
// addresses are not loopback: their traffic crosses the network.
func loopback(domain string) bool {
	d := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(domain)), ".")
	if d == "localhost" || strings.HasSuffix(d, ".localhost") {
		return true
	}
	ip, err := netip.ParseAddr(strings.Trim(d, "[]"))
	return err == nil && ip.IsLoopback()
}

// weakTLS reports whether an NSExceptionMinimumTLSVersion value is below 1.2.
func weakTLS(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "tlsv1.0", "tlsv1.1", "tlsv1", "sslv3":
		return true
	}
	return false
}
