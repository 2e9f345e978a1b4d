package ipa

import (
	"slices"
	"strings"
	"testing"

	"github.com/pinkit/pinkit/audit"
	"howett.net/plist"
)

func pinned(name string, sub bool, ca, leaf []any) map[string]any {
	d := map[string]any{"NSIncludesSubdomains": sub}
	if ca != nil {
		d["NSPinnedCAIdentities"] = ca
	}
	if leaf != nil {
		d["NSPinnedLeafIdentities"] = leaf
	}
	return map[string]any{"NSPinnedDomains": map[string]any{name: d}}
}

func trustKit(enforce bool, hashes ...string) map[string]any {
	hs := []any{}
	for _, h := range hashes {
		hs = append(hs, h)
	}
	return map[string]any{"TSKPinnedDomains": map[string]any{
		"example.com": map[string]any{"TSKEnforcePinning": enforce, "TSKIncludeSubdomains": true, "TSKPublicKeyHashes": hs},
	}}
}

// TestAuditIPA loads IPAs with different Info.plists and checks the host
// table row of api.example.com (named by the binary) and the findings.
func TestAuditIPA(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		extra      map[string]any
		pinned     bool
		pins       int
		want       []string // "RULE host" substrings that must be present
		notWant    []string
		subdomains bool
	}{
		{name: "no ATS", pinned: false, want: []string{"PK201 ", "PK202 api.example.com"}},
		{name: "arbitrary loads", extra: map[string]any{"NSAppTransportSecurity": map[string]any{"NSAllowsArbitraryLoads": true}},
			want: []string{"PK205 ", "PK201 "}},
		{name: "weak exceptions", extra: map[string]any{"NSAppTransportSecurity": map[string]any{"NSExceptionDomains": map[string]any{
			"legacy.example.com": map[string]any{"NSExceptionMinimumTLSVersion": "TLSv1.1", "NSExceptionRequiresForwardSecrecy": false,
				"NSExceptionAllowsInsecureHTTPLoads": true}}}},
			want: []string{"PK206 legacy.example.com"}},
		{name: "CA pins", extra: map[string]any{"NSAppTransportSecurity": pinned("example.com", true, ids(b64A, b64B), nil)},
			pinned: true, pins: 2, notWant: []string{"PK201", "PK202", "PK203", "PK204"}},
		{name: "leaf pins", extra: map[string]any{"NSAppTransportSecurity": pinned("api.example.com", false, nil, ids(b64A, b64B))},
			pinned: true, pins: 2, notWant: []string{"PK202 api.example.com", "PK204"}},
		{name: "CA and leaf", extra: map[string]any{"NSAppTransportSecurity": pinned("example.com", true, ids(b64A, b64B), ids(b64C, b64D))},
			pinned: true, pins: 4, notWant: []string{"PK202", "PK204"}},
		{name: "single identity", extra: map[string]any{"NSAppTransportSecurity": pinned("example.com", true, ids(b64A), nil)},
			pinned: true, pins: 1, want: []string{"PK204 example.com"}},
		{name: "malformed pin", extra: map[string]any{"NSAppTransportSecurity": pinned("example.com", true, ids(b64A, "c2hvcnQ=", b64B), nil)},
			pinned: true, pins: 3, want: []string{"PK203 example.com"}, notWant: []string{"PK204"}},
		{name: "empty list still pins", extra: map[string]any{"NSAppTransportSecurity": pinned("example.com", true, ids(), nil)},
			pinned: true, pins: 0, want: []string{"PK203 example.com", "PK204 example.com"}, notWant: []string{"PK202"}},
		{name: "subdomains not included", extra: map[string]any{"NSAppTransportSecurity": pinned("example.com", false, ids(b64A, b64B), nil)},
			pinned: false, want: []string{"PK202 api.example.com"}},
		{name: "TrustKit enforced 2 pins", extra: map[string]any{"TSKConfiguration": trustKit(true, b64A, b64B)},
			pinned: true, pins: 2, want: []string{"PK201 "}, notWant: []string{"PK202", "PK302", "PK307"}},
		{name: "TrustKit enforced 1 pin", extra: map[string]any{"TSKConfiguration": trustKit(true, b64A)},
			pinned: true, pins: 1, want: []string{"PK307 example.com"}},
		{name: "TrustKit not enforced", extra: map[string]any{"TSKConfiguration": trustKit(false, b64A, b64B)},
			pinned: false, pins: 2, want: []string{"PK302 example.com", "PK202 api.example.com"}},
		{name: "TrustKit not enforced 1 pin", extra: map[string]any{"TSKConfiguration": trustKit(false, b64A)},
			pinned: false, pins: 1, want: []string{"PK302 example.com"}, notWant: []string{"PK307"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			app := load(t, basicIPA(t, plist.BinaryFormat, tc.extra))
			ar := runAudit(t, app).Apps[0]
			r := row(ar, "api.example.com")
			if r == nil || !r.FirstParty || r.Pinned != tc.pinned || len(r.Pins) != tc.pins {
				t.Fatalf("api.example.com row = %+v", r)
			}
			got := findings(ar)
			for _, w := range tc.want {
				if !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, w) }) {
					t.Errorf("findings %q lack %q", got, w)
				}
			}
			for _, w := range tc.notWant {
				if slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, w) }) {
					t.Errorf("findings %q have %q", got, w)
				}
			}
		})
	}
}

func TestAuditIPAFindingDetails(t *testing.T) {
	t.Parallel()
	app := load(t, basicIPA(t, plist.XMLFormat, map[string]any{"NSAppTransportSecurity": map[string]any{
		"NSAllowsArbitraryLoads": true,
		"NSExceptionDomains": map[string]any{"legacy.example.com": map[string]any{
			"NSExceptionMinimumTLSVersion": "TLSv1.0", "NSExceptionRequiresForwardSecrecy": false, "NSExceptionAllowsInsecureHTTPLoads": true}},
	}}))
	ar := runAudit(t, app).Apps[0]
	for _, w := range []struct{ rule, msg string }{
		{"PK205", "NSAllowsArbitraryLoads is true"},
		{"PK206", "TLSv1.0"}, {"PK206", "forward secrecy"}, {"PK206", "cleartext HTTP"},
		{"PK305", "http://pins.example.com/pins.json"},
	} {
		if !hasFinding(ar, w.rule, w.msg) {
			t.Errorf("no %s finding with %q:\n%s", w.rule, w.msg, strings.Join(findings(ar), "\n"))
		}
	}
	if r := row(ar, "legacy.example.com"); r == nil || !r.Cleartext || !slices.Contains(r.Sources, audit.SourceATS) {
		t.Errorf("legacy row = %+v", r)
	}
	if r := row(ar, "api.example.com"); r == nil || !r.Cleartext {
		t.Errorf("arbitrary loads should allow cleartext to api.example.com: %+v", r)
	}
}
