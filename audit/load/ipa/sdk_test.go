package ipa

import (
	"testing"

	"howett.net/plist"
)

// TestPreATSSDK: an IPA whose Info.plist says Xcode linked it against the
// iOS 8.1 SDK (DTSDKName iphoneos8.1, as in apps last built in 2014–2015)
// gets no App Transport Security at all: cleartext HTTP is allowed for
// every host and NSPinnedDomains applies to none. Before, the table said
// CLEARTEXT no and the pinned domain counted as pinned.
func TestPreATSSDK(t *testing.T) {
	t.Parallel()
	ats := map[string]any{"NSPinnedDomains": map[string]any{
		"api.example.com": map[string]any{"NSPinnedLeafIdentities": ids(b64A, b64B)},
	}}
	for _, tc := range []struct {
		sdk    string
		preATS bool
	}{
		{"iphoneos8.1", true},
		{"iphoneos7.0", true},
		{"iphoneos9.0", false},
		{"iphoneos26.2", false},
	} {
		t.Run(tc.sdk, func(t *testing.T) {
			t.Parallel()
			app := load(t, basicIPA(t, plist.BinaryFormat, map[string]any{"DTSDKName": tc.sdk, "NSAppTransportSecurity": ats}))
			if (app.ATSNotApplied != "") != tc.preATS {
				t.Fatalf("ATSNotApplied = %q, want set: %v", app.ATSNotApplied, tc.preATS)
			}
			ar := runAudit(t, app).Apps[0]
			r := row(ar, "api.example.com")
			if r == nil {
				t.Fatal("no row for api.example.com")
			}
			if r.Cleartext != tc.preATS || r.Pinned == tc.preATS {
				t.Errorf("row: cleartext %v pinned %v, want cleartext %v pinned %v", r.Cleartext, r.Pinned, tc.preATS, !tc.preATS)
			}
			if got := hasFinding(ar, "PK205", "DTSDKName"); got != tc.preATS {
				t.Errorf("PK205 about DTSDKName: %v, want %v: %q", got, tc.preATS, findings(ar))
			}
			if got := hasFinding(ar, "PK201", "NSPinnedDomains pins nothing"); got != tc.preATS {
				t.Errorf("PK201 about the SDK: %v, want %v", got, tc.preATS)
			}
		})
	}
}
