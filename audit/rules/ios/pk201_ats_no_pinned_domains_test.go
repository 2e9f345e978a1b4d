package ios

import (
	"testing"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
)

func TestNoPinnedDomains(t *testing.T) {
	t.Parallel()
	runCases(t, NoPinnedDomains{}, []ruleCase{
		{"no ATS", app(nil), []string{"medium : no NSAppTransportSecurity dictionary"}},
		{"ATS without pins", app(map[string]any{"NSAllowsArbitraryLoads": false}), []string{"medium : no NSPinnedDomains"}},
		{"pinned", app(pinned("example.com", true, "NSPinnedCAIdentities", ids(pinA, pinB))), nil},
		{"empty NSPinnedDomains still counts as present", app(map[string]any{"NSPinnedDomains": map[string]any{}}), nil},
		{"TrustKit pins instead", app(nil, withTrustKit(true, pinA, pinB)), []string{"info : no NSAppTransportSecurity dictionary in Info.plist, so no NSPinnedDomains; pinning is done in code (TrustKit)"}},
		{"Alamofire pins instead", app(nil, func(a *audit.App) {
			a.CodeChecks = []audit.CodeCheck{{Kind: hosttable.CheckAlamofirePublicKeys, Host: "api.example.com"}}
		}), []string{"info : no NSAppTransportSecurity dictionary in Info.plist, so no NSPinnedDomains; pinning is done in code (Alamofire)"}},
		{"android app", &audit.App{Platform: audit.PlatformAndroid}, nil},
	})
}
