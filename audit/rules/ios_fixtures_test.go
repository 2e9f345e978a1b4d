package rules

import (
	"sync"
	"testing"

	"github.com/pinkit/pinkit/ats"
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
	"github.com/pinkit/pinkit/trustkit"
)

// partners holds, for a fixture app, the apps audited together with it
// (PK401 compares an Android and an iOS build).
var partners sync.Map // *audit.App -> []*audit.App

func partnersOf(app *audit.App) []*audit.App {
	v, _ := partners.Load(app)
	ps, _ := v.([]*audit.App)
	return ps
}

const (
	b64A = "ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs="
	b64B = "PiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0="
)

func iosApp(ats map[string]any, mods ...func(*audit.App)) *audit.App {
	a := &audit.App{Path: "app.ipa", Platform: audit.PlatformIOS, ID: "com.example.app"}
	if ats != nil {
		a.ATS = atsFromDict(ats)
	}
	for _, m := range mods {
		m(a)
	}
	return a
}

func atsFromDict(d map[string]any) *ats.Config { return ats.FromDict("Payload/App.app/Info.plist", d) }

func ids(vs ...string) []any {
	var out []any
	for _, v := range vs {
		out = append(out, map[string]any{"SPKI-SHA256-BASE64": v})
	}
	return out
}

func pinnedATS(list []any) map[string]any {
	return map[string]any{"NSPinnedDomains": map[string]any{
		"example.com": map[string]any{"NSIncludesSubdomains": true, "NSPinnedCAIdentities": list},
	}}
}

// apiATS pins exactly api.example.com.
func apiATS(list []any) map[string]any {
	return map[string]any{"NSPinnedDomains": map[string]any{"api.example.com": map[string]any{"NSPinnedCAIdentities": list}}}
}

func withHost(h string) func(*audit.App) {
	return func(a *audit.App) { a.Hosts = append(a.Hosts, audit.HostRef{Host: h, Source: audit.SourceCode}) }
}

func trustKitApp(enforce bool, pins ...string) *audit.App {
	hashes := []any{}
	for _, p := range pins {
		hashes = append(hashes, p)
	}
	c := trustkit.FromDict("Payload/App.app/Info.plist", map[string]any{"TSKPinnedDomains": map[string]any{
		"example.com": map[string]any{"TSKEnforcePinning": enforce, "TSKPublicKeyHashes": hashes},
	}})
	return iosApp(pinnedATS(ids(b64A, b64B)), func(a *audit.App) { a.TrustKit = []*trustkit.Config{c} })
}

func codeCheck(kind string) func(*audit.App) {
	return func(a *audit.App) {
		a.CodeChecks = append(a.CodeChecks, audit.CodeCheck{Kind: kind, Location: audit.Location{File: "Net.swift", Line: 3}})
	}
}

// parityPair returns an iOS app audited together with an Android app whose
// OkHttp pins cover api.example.com.
func parityPair(iosPinned bool) *audit.App {
	android := &audit.App{Path: "app.apk", Platform: audit.PlatformAndroid, ID: "com.example.app", TargetSDK: 30,
		CodePins: []audit.CodePin{{Library: audit.SourceOkHttp, Pattern: "api.example.com", Pin: "sha256/" + b64A},
			{Library: audit.SourceOkHttp, Pattern: "api.example.com", Pin: "sha256/" + b64B}}}
	d := map[string]any{}
	if iosPinned {
		d = apiATS(ids(b64A, b64B))
	}
	a := iosApp(d, withHost("api.example.com"))
	partners.Store(a, []*audit.App{android})
	return a
}

func init() { fixtureProviders = append(fixtureProviders, iosFixtures) }

// iosFixtures holds a failing and a passing app for each iOS, code and
// parity rule added with issue 5.
func iosFixtures(t *testing.T) map[string][2]*audit.App {
	out := map[string][2]*audit.App{}
	for _, id := range []string{"PK201", "PK202", "PK203", "PK204", "PK205", "PK206", "PK207", "PK302", "PK305", "PK306", "PK307", "PK401"} {
		out[id] = iosFixture(t, id)
	}
	return out
}

func iosFixture(t *testing.T, id string) [2]*audit.App {
	t.Helper()
	good := iosApp(pinnedATS(ids(b64A, b64B)), withHost("api.example.com"))
	switch id {
	case "PK201":
		return [2]*audit.App{iosApp(nil), good}
	case "PK202":
		return [2]*audit.App{iosApp(map[string]any{}, withHost("api.example.com")), good}
	case "PK203":
		return [2]*audit.App{iosApp(pinnedATS(ids(b64A, "c2hvcnQ="))), good}
	case "PK204":
		return [2]*audit.App{iosApp(pinnedATS(ids(b64A))), good}
	case "PK205":
		return [2]*audit.App{iosApp(map[string]any{"NSAllowsArbitraryLoads": true}), good}
	case "PK206":
		return [2]*audit.App{iosApp(map[string]any{"NSExceptionDomains": map[string]any{
			"legacy.example.com": map[string]any{"NSExceptionMinimumTLSVersion": "TLSv1.0"}}}), good}
	case "PK207":
		return [2]*audit.App{iosApp(nil, func(a *audit.App) {
			a.LoadProblems = []audit.Problem{{Location: audit.Location{File: "Payload/App.app/App"}, Message: "malformed Mach-O"}}
		}), good}
	case "PK302":
		return [2]*audit.App{trustKitApp(false, b64A, b64B), trustKitApp(true, b64A, b64B)}
	case "PK305":
		return [2]*audit.App{iosApp(nil, func(a *audit.App) {
			a.PinListURLs = []audit.HostRef{{Host: "pins.example.com", URL: "http://pins.example.com/pins.json"}}
		}), iosApp(nil, func(a *audit.App) {
			a.PinListURLs = []audit.HostRef{{Host: "pins.example.com", URL: "https://pins.example.com/pins.json"}}
		})}
	case "PK306":
		return [2]*audit.App{iosApp(nil, codeCheck(hosttable.CheckAFAllowInvalid)), iosApp(nil, codeCheck(hosttable.CheckAlamofirePublicKeys))}
	case "PK307":
		return [2]*audit.App{trustKitApp(true, b64A), trustKitApp(true, b64A, b64B)}
	case "PK401":
		return [2]*audit.App{parityPair(false), parityPair(true)}
	}
	t.Fatalf("no iOS fixture for %s", id)
	return [2]*audit.App{}
}
