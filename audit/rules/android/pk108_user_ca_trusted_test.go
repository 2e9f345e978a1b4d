package android

import "testing"

func TestUserCATrusted(t *testing.T) {
	t.Parallel()
	runCases(t, UserCATrusted{}, []ruleCase{
		{"explicit user anchors", nscApp(t, "user_ca.xml"), []string{"for api.example.com", "for example.com"}},
		{"targetSdk 23 default", nscApp(t, "good.xml", sdk(23)), []string{"targetSdkVersion 23"}},
		{"no nsc, targetSdk 22", nscApp(t, "", sdk(22)), []string{"by default"}},
		{"targetSdk 24", nscApp(t, "good.xml", sdk(24)), nil},
		// debug anchors are PK109's business
		{"debug-overrides", nscApp(t, "debug.xml", debuggable), nil},
	})
}
