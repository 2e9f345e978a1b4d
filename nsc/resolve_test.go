package nsc

import (
	"strings"
	"testing"
	"time"
)

func TestResolveNested(t *testing.T) {
	t.Parallel()
	c := parseFile(t, "nested.xml")
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	opts := ResolveOptions{TargetSDK: 30, Now: now}
	tests := []struct {
		host      string
		domain    string // matched <domain>, "" for base
		pins      int
		pinLine   int // line of the effective pin-set, 0 for none
		cleartext bool
		userCA    bool
	}{
		// exact parent domain and its subdomains: parent's own pins
		{"example.com", "example.com", 2, 6, false, false},
		{"www.example.com", "example.com", 2, 6, false, false},
		// nested child inherits pins and cleartext from its parent
		{"api.example.com", "api.example.com", 2, 6, false, false},
		{"v2.api.example.com", "api.example.com", 2, 6, false, false},
		// an empty <pin-set/> removes inherited pins
		{"legacy.example.com", "legacy.example.com", 0, 15, false, false},
		// no includeSubdomains on legacy: its subdomain falls back to example.com
		{"a.legacy.example.com", "example.com", 2, 6, false, false},
		// pin sets replace: cdn has exactly its own single pin
		{"cdn.example.com", "cdn.example.com", 1, 19, false, false},
		{"img.cdn.example.com", "img.cdn.example.com", 1, 19, false, true},
		// the longest includeSubdomains parent wins
		{"x.img.cdn.example.com", "cdn.example.com", 1, 19, false, false},
		// a parent never gets its children's pins (MobSF bug)
		{"parent.example.org", "parent.example.org", 0, 0, true, false},
		{"child.parent.example.org", "child.parent.example.org", 2, 37, true, false},
		// no includeSubdomains on parent.example.org: base-config applies
		{"x.parent.example.org", "", 0, 0, true, false},
		{"other.net", "", 0, 0, true, false},
		// case, trailing dot; label boundary
		{"API.Example.COM.", "api.example.com", 2, 6, false, false},
		{"notexample.com", "", 0, 0, true, false},
	}
	for _, tt := range tests {
		e := c.Resolve(tt.host, opts)
		got := ""
		if e.Domain != nil {
			got = e.Domain.Name
		}
		pinLine := 0
		if e.PinSet != nil {
			pinLine = e.PinSet.Line
		}
		if got != tt.domain || len(e.Pins) != tt.pins || pinLine != tt.pinLine || e.CleartextPermitted != tt.cleartext || e.UserCAs != tt.userCA {
			t.Errorf("Resolve(%q) = domain %q pins %d pin-set line %d cleartext %v userCA %v; want %q %d %d %v %v",
				tt.host, got, len(e.Pins), pinLine, e.CleartextPermitted, e.UserCAs, tt.domain, tt.pins, tt.pinLine, tt.cleartext, tt.userCA)
		}
		if e.Pinned() != (tt.pins > 0) {
			t.Errorf("Resolve(%q).Pinned() = %v", tt.host, e.Pinned())
		}
	}
	// trust anchors without pins are not pinning (CodeQL bug)
	if e := c.Resolve("parent.example.org", opts); e.Pinned() || e.AnchorsFrom == nil || !e.SystemCAs {
		t.Errorf("parent.example.org: pinned=%v anchorsFrom=%v", e.Pinned(), e.AnchorsFrom)
	}
}

func TestResolveDefaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		sdk               int
		cleartext, userCA bool
	}{
		{23, true, true}, {24, true, false}, {27, true, false}, {28, false, false}, {34, false, false},
	}
	for _, tt := range tests {
		for _, c := range []*Config{nil, {}} {
			e := c.Resolve("example.com", ResolveOptions{TargetSDK: tt.sdk})
			if e.CleartextPermitted != tt.cleartext || e.UserCAs != tt.userCA || !e.SystemCAs || e.Pinned() || e.CleartextFrom != nil {
				t.Errorf("sdk %d: cleartext %v userCA %v system %v; want %v %v", tt.sdk, e.CleartextPermitted, e.UserCAs, e.SystemCAs, tt.cleartext, tt.userCA)
			}
		}
	}
}

func TestResolveBaseConfigAfterDomainConfig(t *testing.T) {
	t.Parallel()
	c := mustParse(t, `<network-security-config>
	<domain-config><domain>a.com</domain></domain-config>
	<base-config cleartextTrafficPermitted="false"><trust-anchors><certificates src="user"/></trust-anchors></base-config>
</network-security-config>`)
	e := c.Resolve("a.com", ResolveOptions{TargetSDK: 21})
	if e.CleartextPermitted || !e.UserCAs || e.SystemCAs || e.CleartextFrom != c.BaseConfig || e.AnchorsFrom != c.BaseConfig {
		t.Errorf("a.com did not inherit base-config: %+v", e)
	}
}

func TestResolveOverridePinsAndDebug(t *testing.T) {
	t.Parallel()
	c := mustParse(t, `<network-security-config>
	<domain-config><domain>a.com</domain>
		<trust-anchors><certificates src="system" overridePins="true"/></trust-anchors>
		<pin-set><pin digest="SHA-256">`+pinA+`</pin><pin digest="SHA-256">`+pinB+`</pin></pin-set>
	</domain-config>
	<domain-config><domain>b.com</domain>
		<trust-anchors><certificates src="system"/></trust-anchors>
		<pin-set><pin digest="SHA-256">`+pinA+`</pin><pin digest="SHA-256">`+pinB+`</pin></pin-set>
	</domain-config>
	<debug-overrides><trust-anchors><certificates src="user"/></trust-anchors></debug-overrides>
</network-security-config>`)
	if e := c.Resolve("a.com", ResolveOptions{TargetSDK: 30}); !e.OverridePins || !e.Pinned() {
		t.Errorf("a.com: overridePins=%v pinned=%v", e.OverridePins, e.Pinned())
	}
	release := c.Resolve("b.com", ResolveOptions{TargetSDK: 30})
	if release.OverridePins || release.UserCAs || len(release.Anchors) != 1 {
		t.Errorf("release build applied debug-overrides: %+v", release.Anchors)
	}
	debug := c.Resolve("b.com", ResolveOptions{TargetSDK: 30, Debuggable: true})
	if !debug.OverridePins || !debug.UserCAs || len(debug.Anchors) != 2 || !debug.Anchors[1].Debug {
		t.Errorf("debuggable build: overridePins=%v userCA=%v anchors=%+v", debug.OverridePins, debug.UserCAs, debug.Anchors)
	}
	// default anchors (no trust-anchors anywhere) also get the debug anchors
	if e := c.Resolve("zzz.com", ResolveOptions{TargetSDK: 30, Debuggable: true}); !e.UserCAs || !e.SystemCAs {
		t.Errorf("default config in debuggable build: %+v", e.Anchors)
	}
}

func TestResolveEmptyTrustAnchors(t *testing.T) {
	t.Parallel()
	c := mustParse(t, `<network-security-config><base-config><trust-anchors/></base-config></network-security-config>`)
	if e := c.Resolve("a.com", ResolveOptions{TargetSDK: 21}); e.SystemCAs || e.UserCAs || len(e.Anchors) != 0 {
		t.Errorf("empty <trust-anchors/> should trust nothing: %+v", e.Anchors)
	}
}

func TestResolveExpiration(t *testing.T) {
	t.Parallel()
	c := mustParse(t, `<network-security-config><domain-config><domain>a.com</domain>
		<pin-set expiration="2026-03-15"><pin digest="SHA-256">`+pinA+`</pin><pin digest="SHA-256">`+pinB+`</pin></pin-set>
	</domain-config></network-security-config>`)
	berlin := time.FixedZone("CET", 3600)
	tests := []struct {
		now     time.Time
		expired bool
	}{
		{time.Date(2026, 3, 14, 23, 59, 59, 0, time.UTC), false},
		{time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC), true},
		{time.Date(2026, 3, 15, 0, 30, 0, 0, berlin), true}, // device-local midnight
		{time.Date(2026, 3, 14, 23, 30, 0, 0, berlin), false},
		{time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), true},
	}
	for _, tt := range tests {
		e := c.Resolve("a.com", ResolveOptions{TargetSDK: 30, Now: tt.now})
		if e.Expired != tt.expired || e.Pinned() == tt.expired || e.PinSet == nil {
			t.Errorf("at %v: expired=%v pinned=%v, want expired=%v", tt.now, e.Expired, e.Pinned(), tt.expired)
		}
	}
}

func TestResolveExactBeatsWildcard(t *testing.T) {
	t.Parallel()
	c := mustParse(t, `<network-security-config>
	<domain-config cleartextTrafficPermitted="true"><domain includeSubdomains="true">example.com</domain><domain includeSubdomains="true">api.example.com</domain></domain-config>
	<domain-config cleartextTrafficPermitted="false"><domain>x.api.example.com</domain></domain-config>
</network-security-config>`)
	if e := c.Resolve("x.api.example.com", ResolveOptions{}); e.CleartextPermitted || e.Domain.Name != "x.api.example.com" {
		t.Errorf("exact match lost: %+v", e.Domain)
	}
	if e := c.Resolve("y.api.example.com", ResolveOptions{}); e.Domain.Name != "api.example.com" {
		t.Errorf("longest parent lost: %+v", e.Domain)
	}
}

func mustParse(t *testing.T, s string) *Config {
	t.Helper()
	c, err := Parse("t.xml", []byte(s))
	if err != nil {
		t.Fatal(err)
	}
	if !c.ValidFor(true) {
		t.Fatalf("problems: %v", c.Problems)
	}
	return c
}

func TestProblemError(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		p    Problem
		want string
	}{
		{Problem{File: "a.xml", Line: 3, Message: "m"}, "a.xml:3: m"},
		{Problem{File: "a.xml", Message: "m"}, "a.xml: m"},
		{Problem{Message: "m"}, "m"},
	} {
		if got := tt.p.Error(); !strings.EqualFold(got, tt.want) {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}
