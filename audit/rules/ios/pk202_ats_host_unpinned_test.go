package ios

import (
	"testing"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
)

func TestHostUnpinned(t *testing.T) {
	t.Parallel()
	runCases(t, HostUnpinned{}, []ruleCase{
		{"covered by a parent with subdomains", app(pinned("example.com", true, "NSPinnedCAIdentities", ids(pinA, pinB)), hosts("api.example.com")), nil},
		{"parent without subdomains", app(pinned("example.com", false, "NSPinnedCAIdentities", ids(pinA, pinB)), hosts("api.example.com")),
			[]string{"api.example.com: first-party host api.example.com is not in NSPinnedDomains"}},
		{"no ATS, bundle ID domain", app(nil, hosts("api.example.com")), []string{"api.example.com is not in NSPinnedDomains"}},
		{"third-party and local hosts", app(nil, hosts("www.googleapis.com", "localhost", "192.168.1.2", "api.other.net")), nil},
		{"empty identity list pins (it can never connect)", app(pinned("api.example.com", false, "NSPinnedLeafIdentities", ids()), hosts("api.example.com")), nil},
		{"TrustKit enforced", app(nil, hosts("api.example.com"), withTrustKit(true, pinA, pinB)), nil},
		{"TrustKit report-only", app(nil, hosts("api.example.com"), withTrustKit(false, pinA, pinB)),
			[]string{"api.example.com is not in NSPinnedDomains and not pinned otherwise", "example.com: first-party host example.com is not in NSPinnedDomains and not pinned otherwise (TrustKit reports"}},
		{"Alamofire evaluator", app(nil, hosts("api.example.com"), func(a *audit.App) {
			a.CodeChecks = []audit.CodeCheck{{Kind: hosttable.CheckAlamofireCertificate, Host: "api.example.com"}}
		}), nil},
	})
}
