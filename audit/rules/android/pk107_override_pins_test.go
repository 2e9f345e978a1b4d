package android

import "testing"

func TestOverridePins(t *testing.T) {
	t.Parallel()
	runCases(t, OverridePins{}, []ruleCase{
		{"system override", nscApp(t, "override.xml"), []string{"src=\"system\" in <domain-config> for example.com"}},
		{"debug-overrides only", nscApp(t, "debug.xml"), nil},
		{"good", nscApp(t, "good.xml"), nil},
	})
}
