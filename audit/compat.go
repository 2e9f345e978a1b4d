package audit

import "github.com/pinkit/pinkit/audit/hosttable"

// Names kept for the loaders (internal/ipa, moving to audit/load/ipa on
// branch load) until they import audit/hosttable themselves; nothing in
// audit, audit/rules or audit/report uses them. Delete this file once the
// loaders are switched. (They are not marked Deprecated so that
// staticcheck stays clean in the meantime.)

// HostPolicy is one row of the host table: an old name of [hosttable.Row].
type HostPolicy = hosttable.Row

// Code check kinds: old names of the hosttable.Check* kinds.
const (
	CheckTrustKitInit               = hosttable.CheckTrustKitInit
	CheckTrustKitNotEnforced        = hosttable.CheckTrustKitNotEnforced
	CheckAlamofireCertificate       = hosttable.CheckAlamofireCertificate
	CheckAlamofirePublicKeys        = hosttable.CheckAlamofirePublicKeys
	CheckAFNetworkingPinning        = hosttable.CheckAFNetworkingPinning
	CheckAlamofireNoChain           = hosttable.CheckAlamofireNoChain
	CheckAlamofireNoDefault         = hosttable.CheckAlamofireNoDefault
	CheckAlamofireNoHost            = hosttable.CheckAlamofireNoHost
	CheckAlamofireDisabled          = hosttable.CheckAlamofireDisabled
	CheckAFAllowInvalid             = hosttable.CheckAFAllowInvalid
	CheckAFNoDomainValidation       = hosttable.CheckAFNoDomainValidation
	CheckChallengeWithoutEvaluation = hosttable.CheckChallengeWithoutEvaluation
)

// IsPinListURL reports whether an http(s) URL looks like it serves a pin
// list: an old name of [hosttable.IsPinListURL].
func IsPinListURL(u string) bool { return hosttable.IsPinListURL(u) }

// Pairs returns res.Pairs; opts is ignored (Run already paired the builds
// with its own options). Read [Result.Pairs] instead.
func Pairs(res *Result, _ Options) []*Pair { return res.Pairs }
