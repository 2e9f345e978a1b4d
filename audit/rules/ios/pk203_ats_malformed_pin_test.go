package ios

import "testing"

func TestMalformedPin(t *testing.T) {
	t.Parallel()
	runCases(t, MalformedPin{}, []ruleCase{
		{"good", app(pinned("example.com", true, "NSPinnedCAIdentities", ids(pinA, pinB))), nil},
		{"not 32 bytes", app(pinned("example.com", true, "NSPinnedCAIdentities", ids(pinA, "c2hvcnQ="))),
			[]string{"example.com: NSPinnedDomains.example.com.NSPinnedCAIdentities[1]: SPKI-SHA256-BASE64 \"c2hvcnQ=\" decodes to 5 bytes, want 32"}},
		{"not base64", app(pinned("example.com", true, "NSPinnedLeafIdentities", ids("!!!"))), []string{"is not valid base64"}},
		{"identity not a dict", app(pinned("example.com", true, "NSPinnedLeafIdentities", []any{"x"})), []string{"want a dictionary"}},
		{"empty list", app(pinned("example.com", true, "NSPinnedLeafIdentities", ids())),
			[]string{"NSPinnedDomains.example.com.NSPinnedLeafIdentities is empty: the domain is pinned to nothing"}},
		{"no identity lists", app(map[string]any{"NSPinnedDomains": map[string]any{"example.com": map[string]any{}}}),
			[]string{"has neither NSPinnedCAIdentities nor NSPinnedLeafIdentities"}},
		{"placeholder", app(pinned("example.com", true, "NSPinnedCAIdentities", ids(pinA, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))),
			[]string{"NSPinnedDomains.example.com.NSPinnedCAIdentities: SPKI-SHA256-BASE64 \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\" looks like a placeholder (every byte is the same (an all-zero digest))"}},
		{"placeholder, period 6", app(pinned("example.com", true, "NSPinnedLeafIdentities", ids(pinA, "ABCDEFABCDEFABCDEFABCDEFABCDEFABCDEFABCDEFA="))),
			[]string{"looks like a placeholder (the pattern \"ABCDEF\" repeated)"}},
		{"no ATS", app(nil), nil},
	})
}
