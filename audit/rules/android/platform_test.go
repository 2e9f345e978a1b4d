package android

import (
	"testing"

	"github.com/pinkit/pinkit/audit"
)

// TestAndroidRulesIgnoreOtherPlatforms: an iOS app with Android-looking
// facts (old targetSdk, no NSC, debuggable) gets no PK1xx finding.
func TestAndroidRulesIgnoreOtherPlatforms(t *testing.T) {
	t.Parallel()
	yes := true
	app := &audit.App{Path: "app.ipa", Platform: audit.PlatformIOS, ID: "com.example.app", TargetSDK: 1,
		Debuggable: true, UsesCleartext: &yes, Hosts: []audit.HostRef{{Host: "api.example.com"}},
		LoadProblems: []audit.Problem{{Message: "x"}}}
	all := []audit.Rule{NSCMissing{}, HostUnpinned{}, PinSetExpired{}, PinSetExpiring{}, NoBackupPin{}, MalformedPin{},
		OverridePins{}, UserCATrusted{}, DebugOverridesRelease{}, CleartextPermitted{}, EmptyPinSet{}, NSCInvalid{}}
	res, err := audit.Run([]*audit.App{app}, audit.Options{Rules: all, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if fs := res.Apps[0].Findings; len(fs) != 0 {
		t.Errorf("Android rules fired on an iOS app:\n%s", dumpFindings(fs))
	}
}
