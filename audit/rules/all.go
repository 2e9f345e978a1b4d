// Package rules is the registry of audit rules: [All] returns every rule in
// its fixed order.
package rules

import (
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/rules/android"
	"github.com/pinkit/pinkit/audit/rules/code"
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
		code.OkHttpPins{},
		code.HostnameVerifierAllowAll{},
		code.FrameworkBypassesPlatform{},
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
