package code

import (
	"testing"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
	"github.com/pinkit/pinkit/nsc"
	"github.com/pinkit/pinkit/trustkit"
)

func iosTrustKit(enforce bool, pins ...string) func(*audit.App) {
	return func(a *audit.App) {
		hs := []any{}
		for _, p := range pins {
			hs = append(hs, p)
		}
		a.Platform = audit.PlatformIOS
		a.TrustKit = append(a.TrustKit, trustkit.FromDict("Info.plist", map[string]any{"TSKPinnedDomains": map[string]any{
			"example.com": map[string]any{"TSKEnforcePinning": enforce, "TSKPublicKeyHashes": hs}}}))
	}
}

func androidTrustKit(t *testing.T, attrs string) func(*audit.App) {
	t.Helper()
	cfg, err := nsc.Parse("res/xml/nsc.xml", []byte(`<network-security-config>
  <domain-config>
    <domain>example.com</domain>
    <pin-set><pin digest="SHA-256">ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs=</pin><pin digest="SHA-256">PiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0=</pin></pin-set>
    <trustkit-config `+attrs+`/>
  </domain-config>
</network-security-config>`))
	if err != nil {
		t.Fatal(err)
	}
	return func(a *audit.App) { a.NSC = cfg; a.TrustKit = append(a.TrustKit, trustkit.FromNSC(cfg)) }
}

func TestTrustKitNotEnforced(t *testing.T) {
	t.Parallel()
	runCases(t, TrustKitNotEnforced{}, []ruleCase{
		{"iOS enforced", app(iosTrustKit(true, pinA[7:], pinB[7:])), nil},
		{"iOS report-only", app(iosTrustKit(false, pinA[7:], pinB[7:])), []string{"TrustKit does not enforce pinning for example.com"}},
		{"Android default is report-only", app(androidTrustKit(t, ``)), []string{"the Android default is false"}},
		{"Android enforced", app(androidTrustKit(t, `enforcePinning="true"`)), nil},
		{"Android NSC only (loader did not fill TrustKit)", app(func(a *audit.App) {
			androidTrustKit(t, ``)(a)
			a.TrustKit = nil
		}), []string{"the Android default is false"}},
		{"code config", app(func(a *audit.App) {
			a.CodeChecks = []audit.CodeCheck{{Kind: hosttable.CheckTrustKitNotEnforced, Detail: "kTSKEnforcePinning: false", Location: audit.Location{File: "AppDelegate.swift", Line: 12}}}
		}), []string{"enforcement off: kTSKEnforcePinning: false"}},
		{"no TrustKit", app(), nil},
	})
}

func androidTrustKitOnePin(t *testing.T) func(*audit.App) {
	t.Helper()
	cfg, err := nsc.Parse("res/xml/nsc.xml", []byte(`<network-security-config><domain-config><domain>example.com</domain>
<pin-set><pin digest="SHA-256">ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs=</pin></pin-set><trustkit-config enforcePinning="true"/></domain-config></network-security-config>`))
	if err != nil {
		t.Fatal(err)
	}
	return func(a *audit.App) { a.TrustKit = append(a.TrustKit, trustkit.FromNSC(cfg)) }
}
