package check

import (
	"testing"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
)

func TestPlatform(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		platform     string
		android, ios bool
	}{{"", true, false}, {audit.PlatformAndroid, true, false}, {audit.PlatformIOS, false, true}, {"windows", false, false}} {
		app := &audit.App{Platform: tt.platform}
		if Android(app) != tt.android || IOS(app) != tt.ios {
			t.Errorf("%q: Android %v, IOS %v", tt.platform, Android(app), IOS(app))
		}
	}
}

func TestCodePinning(t *testing.T) {
	t.Parallel()
	for kind, want := range map[string]string{
		hosttable.CheckAlamofirePublicKeys: "Alamofire", hosttable.CheckAFNetworkingPinning: "AFNetworking",
		hosttable.CheckTrustKitInit: "TrustKit", hosttable.CheckAFAllowInvalid: "",
	} {
		app := &audit.App{CodeChecks: []audit.CodeCheck{{Kind: kind}}}
		if got := CodePinning(app); got != want {
			t.Errorf("%s: CodePinning = %q, want %q", kind, got, want)
		}
	}
}
