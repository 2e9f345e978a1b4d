package hosttable

import (
	"regexp"
	"strings"

	"github.com/pinkit/pinkit/audit/model"
	"github.com/pinkit/pinkit/trustkit"
)

// Code check kinds for [model.CodeCheck.Kind], found by the loaders.
// Pinning in code (informational; the Alamofire kinds with a host pin that
// host in the table):
const (
	CheckTrustKitInit         = "trustkit-init"
	CheckTrustKitNotEnforced  = "trustkit-not-enforced"
	CheckAlamofireCertificate = "alamofire-pinned-certificates"
	CheckAlamofirePublicKeys  = "alamofire-public-keys"
	CheckAFNetworkingPinning  = "afnetworking-pinning"
	// CheckPinkitSignedSet: the app verifies pinkit-signed pin sets (its
	// code names the "pinkit-root" document type of docs/pinset.md, as the
	// Java reference verifier and the Go pinset package do).
	CheckPinkitSignedSet = "pinkit-signed-pin-set"
)

// PinkitRootType is the type string of a pinkit root-of-trust document;
// code that verifies pinkit-signed pin sets holds it.
const PinkitRootType = "pinkit-root"

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

// TrustKitConfigs returns the TrustKit configurations in force for app:
// app.TrustKit plus, for an Android app whose
// loader did not add it, the <trustkit-config> elements of its NSC.
func TrustKitConfigs(app *model.App) []*trustkit.Config {
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
