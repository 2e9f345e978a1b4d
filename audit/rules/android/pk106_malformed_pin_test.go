package android

import "testing"

func TestMalformedPin(t *testing.T) {
	t.Parallel()
	runCases(t, MalformedPin{}, []ruleCase{
		{"placeholders", nscApp(t, "malformed.xml"), []string{"every byte is the same", "starts with \"sha256/\"", "contains \"your\""}},
		{"bad digest", nscApp(t, "invalid.xml"), []string{"digest=\"SHA-1\""}},
		// 43-char unpadded pin is valid for android.util.Base64
		{"unpadded is fine", nscApp(t, "no_expiry_backup.xml"), nil},
		{"good", nscApp(t, "good.xml"), nil},
	})
}
