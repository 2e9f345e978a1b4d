package audit

import (
	"regexp"
	"strings"

	"github.com/pinkit/pinkit/trustkit"
)

// CodeCheck is one pinning-related pattern found in code.
type CodeCheck struct {
	// Kind names the pattern, e.g. "alamofire-pinned-certificates",
	// "afnetworking-allow-invalid-certificates",
	// "challenge-handler-without-evaluation".
	Kind string `json:"kind"`
	// Detail is the matched text or a short explanation.
	Detail string `json:"detail,omitempty"`
	// Host is the host the check applies to when the code names one (an
	// Alamofire ServerTrustManager evaluators entry), else "".
	Host     string   `json:"host,omitempty"`
	Location Location `json:"location"`
}

// BundledCert is a certificate file shipped inside the app.
type BundledCert struct {
	File    string `json:"file"`
	Subject string `json:"subject"`
	Pin     string `json:"pin"` // sha256/…
	IsCA    bool   `json:"is_ca"`
	// NotAfter is the certificate's expiry (RFC 3339, UTC).
	NotAfter string `json:"not_after"`
}

// Host sources of iOS pinning mechanisms for [HostRef.Source],
// [HostPolicy.Sources] and [PinRef.Source].
const (
	SourceATS       = "ATS"       // an NSPinnedDomains or NSExceptionDomains entry
	SourceTrustKit  = "TrustKit"  // a TSKPinnedDomains entry
	SourceAlamofire = "Alamofire" // a host mapped to a pinning trust evaluator
)

// Code check kinds found by internal/ipa. Pinning in code (informational):
const (
	CheckTrustKitInit         = "trustkit-init"
	CheckTrustKitNotEnforced  = "trustkit-not-enforced"
	CheckAlamofireCertificate = "alamofire-pinned-certificates"
	CheckAlamofirePublicKeys  = "alamofire-public-keys"
	CheckAFNetworkingPinning  = "afnetworking-pinning"
)

// Code check kinds that disable part of TLS validation (reported by PK306).
const (
	CheckAlamofireNoChain           = "alamofire-chain-validation-disabled"
	CheckAlamofireNoDefault         = "alamofire-default-validation-disabled"
	CheckAlamofireNoHost            = "alamofire-host-validation-disabled"
	CheckAlamofireDisabled          = "alamofire-disabled-evaluator"
	CheckAFAllowInvalid             = "afnetworking-allow-invalid-certificates"
	CheckAFNoDomainValidation       = "afnetworking-no-domain-validation"
	CheckChallengeWithoutEvaluation = "challenge-handler-without-evaluation"
)

// DangerousCheck reports whether a code check kind disables TLS validation.
func DangerousCheck(kind string) bool {
	switch kind {
	case CheckAlamofireNoChain, CheckAlamofireNoDefault, CheckAlamofireNoHost, CheckAlamofireDisabled,
		CheckAFAllowInvalid, CheckAFNoDomainValidation, CheckChallengeWithoutEvaluation:
		return true
	}
	return false
}

// TrustKitConfigs returns app.TrustKit plus, for an Android app whose
// loader did not add it, the <trustkit-config> elements of its NSC.
func TrustKitConfigs(app *App) []*trustkit.Config {
	out := app.TrustKit
	if app.NSC == nil {
		return out
	}
	for _, c := range out {
		if c.Platform == trustkit.Android {
			return out
		}
	}
	if c := trustkit.FromNSC(app.NSC); c != nil {
		out = append(out[:len(out):len(out)], c)
	}
	return out
}

// pinListPath matches URL paths that look like a pin list or pinning config.
var pinListPath = regexp.MustCompile(`(?i)(^|[/_.-])(pins?|pinning|pinset|pin-?list|trustkit|ssl-?pins|cert(ificate)?s?)([/_.-][^/]*)?\.(json|plist|txt|ya?ml)$|/pins?/?$|/pinsets?/`)

// IsPinListURL reports whether an http(s) URL looks like it serves a pin
// list or pinning configuration ("…/pins.json", "…/pinset/…").
func IsPinListURL(u string) bool {
	lower := strings.ToLower(u)
	rest, ok := strings.CutPrefix(lower, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(lower, "http://"); !ok {
			return false
		}
	}
	i := strings.IndexByte(rest, '/')
	if i < 0 {
		return false
	}
	p := rest[i:]
	if j := strings.IndexAny(p, "?#"); j >= 0 {
		p = p[:j]
	}
	return pinListPath.MatchString(p)
}
