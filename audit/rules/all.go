// Package rules is the registry of audit rules: [All] returns every rule in
// its fixed order.
package rules

import (
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/rules/android"
	"github.com/pinkit/pinkit/audit/rules/code"
	"github.com/pinkit/pinkit/audit/rules/ios"
)

// All returns every rule, ordered by ID. IDs are never reused; see
// docs/RULES.md.
func All() []audit.Rule {
	return []audit.Rule{
		android.NSCMissing{},
		android.HostUnpinned{},
		android.PinSetExpired{},
		android.PinSetExpiring{},
		android.NoBackupPin{},
		android.MalformedPin{},
		android.OverridePins{},
		android.UserCATrusted{},
		android.DebugOverridesRelease{},
		android.CleartextPermitted{},
		android.EmptyPinSet{},
		android.NSCInvalid{},
		ios.NoPinnedDomains{},
		ios.HostUnpinned{},
		ios.MalformedPin{},
		ios.NoBackupPin{},
		ios.ArbitraryLoads{},
		ios.WeakException{},
		ios.Unreadable{},
		code.OkHttpPins{},
		code.TrustKitNotEnforced{},
		code.HostnameVerifierAllowAll{},
		code.FrameworkBypassesPlatform{},
		code.PinsOverCleartext{},
		code.TLSValidationDisabled{},
		code.TrustKitInvalid{},
		code.TrustAllManager{},
		code.VerifierReturnsTrue{},
		code.SSLSocketNoHostname{},
		code.WebViewProceed{},
		code.TrustManagerPinFlawed{},
		PlatformParity{},
	}
}

// ByID returns the rule with the given ID.
func ByID(id string) (audit.Rule, bool) {
	for _, r := range All() {
		if r.Metadata().ID == id {
			return r, true
		}
	}
	return nil, false
}
