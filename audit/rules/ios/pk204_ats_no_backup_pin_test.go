package ios

import "testing"

func TestNoBackupPin(t *testing.T) {
	t.Parallel()
	both := map[string]any{"NSPinnedDomains": map[string]any{"example.com": map[string]any{
		"NSPinnedCAIdentities": ids(pinA, pinB), "NSPinnedLeafIdentities": ids(pinA)}}}
	runCases(t, NoBackupPin{}, []ruleCase{
		{"two CA identities", app(pinned("example.com", true, "NSPinnedCAIdentities", ids(pinA, pinB))), nil},
		{"one leaf identity", app(pinned("example.com", true, "NSPinnedLeafIdentities", ids(pinA))),
			[]string{"NSPinnedDomains.example.com.NSPinnedLeafIdentities has 1 valid identity: add a backup pin"}},
		{"same identity twice", app(pinned("example.com", true, "NSPinnedCAIdentities", ids(pinA, pinA))), []string{"has 1 valid identity"}},
		{"one valid, one malformed", app(pinned("example.com", true, "NSPinnedCAIdentities", ids(pinA, "c2hvcnQ="))), []string{"has 1 valid identity"}},
		{"both lists must match: the leaf list needs its own backup", app(both), []string{"NSPinnedLeafIdentities has 1 valid identity"}},
		{"empty list", app(pinned("example.com", true, "NSPinnedCAIdentities", ids())), []string{"has 0 valid identities"}},
		{"a placeholder is no backup", app(pinned("example.com", true, "NSPinnedCAIdentities", ids(pinA, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))),
			[]string{"has 1 valid identity"}},
		{"the same key with spaces inside is no backup", app(pinned("example.com", true, "NSPinnedCAIdentities", ids(pinA, pinA[:10]+" "+pinA[10:]))),
			[]string{"has 1 valid identity"}},
	})
}
