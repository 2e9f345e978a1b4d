package android

import "testing"

func TestPinSetExpired(t *testing.T) {
	t.Parallel()
	runCases(t, PinSetExpired{}, []ruleCase{
		{"expired", nscApp(t, "expired.xml"), []string{"expired on 2025-06-01"}},
		{"future", nscApp(t, "good.xml"), nil},
		{"no expiration", nscApp(t, "no_expiry_backup.xml"), nil},
		{"no nsc", nscApp(t, ""), nil},
	})
}
