package android

import "testing"

func TestNoBackupPin(t *testing.T) {
	t.Parallel()
	runCases(t, NoBackupPin{}, []ruleCase{
		{"one distinct pin twice", nscApp(t, "single_pin.xml"), []string{"1 distinct valid pin(s)"}},
		// no expiration is fine, a backup is there (one pin unpadded)
		{"no expiry with backup", nscApp(t, "no_expiry_backup.xml"), nil},
		{"placeholder is no backup", nscApp(t, "malformed.xml"), []string{"1 distinct valid pin(s)"}},
		{"good", nscApp(t, "good.xml"), nil},
		{"empty pin-set is PK111", nscApp(t, "cleartext.xml"), nil},
	})
}
