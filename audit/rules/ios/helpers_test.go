package ios

import (
	"strings"
	"testing"
	"time"

	"github.com/pinkit/pinkit/ats"
	"github.com/pinkit/pinkit/audit"
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

func runCases(t *testing.T, r audit.Rule, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res, err := audit.Run([]*audit.App{tc.app}, audit.Options{Rules: []audit.Rule{r}, Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			got := res.Apps[0].Findings
			var msgs []string
			for _, f := range got {
				msgs = append(msgs, f.Severity.String()+" "+f.Host+": "+f.Message)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d findings, want %d:\n%s", len(got), len(tc.want), strings.Join(msgs, "\n"))
			}
			for i, f := range got {
				if f.RuleID != r.Metadata().ID || !strings.Contains(msgs[i], tc.want[i]) {
					t.Errorf("finding %d = %s %q, want %q", i, f.RuleID, msgs[i], tc.want[i])
				}
			}
		})
	}
}
