package ios

import (
	"testing"
	"time"

	"github.com/pinkit/pinkit/ats"
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/internal/ruletest"
	"github.com/pinkit/pinkit/trustkit"
)

var testNow = time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)

const (
	pinA = "ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs="
	pinB = "PiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0="
)

// app returns an iOS app whose NSAppTransportSecurity is d (nil: none).
func app(d map[string]any, mods ...func(*audit.App)) *audit.App {
	a := &audit.App{Path: "App.ipa", Platform: audit.PlatformIOS, ID: "com.example.app"}
	if d != nil {
		a.ATS = ats.FromDict("Payload/App.app/Info.plist", d)
	}
	for _, m := range mods {
		m(a)
	}
	return a
}

func ids(vs ...string) []any {
	out := []any{}
	for _, v := range vs {
		out = append(out, map[string]any{"SPKI-SHA256-BASE64": v})
	}
	return out
}

func pinned(name string, sub bool, key string, list []any) map[string]any {
	return map[string]any{"NSPinnedDomains": map[string]any{name: map[string]any{"NSIncludesSubdomains": sub, key: list}}}
}

func hosts(hs ...string) func(*audit.App) {
	return func(a *audit.App) {
		for _, h := range hs {
			a.Hosts = append(a.Hosts, audit.HostRef{Host: h, Source: audit.SourceCode, Location: audit.Location{File: "Payload/App.app/App"}})
		}
	}
}

func withTrustKit(enforce bool, pins ...string) func(*audit.App) {
	return func(a *audit.App) {
		hs := []any{}
		for _, p := range pins {
			hs = append(hs, p)
		}
		a.TrustKit = append(a.TrustKit, trustkit.FromDict("Payload/App.app/Info.plist", map[string]any{"TSKPinnedDomains": map[string]any{
			"example.com": map[string]any{"TSKEnforcePinning": enforce, "TSKIncludeSubdomains": true, "TSKPublicKeyHashes": hs}}}))
	}
}

type ruleCase struct {
	name string
	app  *audit.App
	want []string // one substring per expected finding, in sorted order
}

// runCases runs rule r through the engine on each case and compares the
// findings as "severity host: message".
func runCases(t *testing.T, r audit.Rule, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		ruletest.Check(t, tc.name, r, tc.app, testNow, tc.want, func(f audit.Finding) string {
			return f.Severity.String() + " " + f.Host + ": " + f.Message
		})
	}
}
