package android

import (
	"testing"

	"github.com/pinkit/pinkit/audit"
)

func TestCleartextPermitted(t *testing.T) {
	t.Parallel()
	yes, no := true, false
	runCases(t, CleartextPermitted{}, []ruleCase{
		{"domain-config", nscApp(t, "cleartext.xml"), []string{"permitted for legacy.example.com"}},
		{"targetSdk 27 default", nscApp(t, "", sdk(27)), []string{"by default"}},
		{"targetSdk 28 default", nscApp(t, "", sdk(28)), nil},
		{"usesCleartextTraffic", nscApp(t, "", func(a *audit.App) { a.UsesCleartext = &yes }), []string{"usesCleartextTraffic"}},
		{"usesCleartextTraffic false", nscApp(t, "", sdk(26), func(a *audit.App) { a.UsesCleartext = &no }), nil},
		// with an NSC, usesCleartextTraffic is ignored
		{"nsc wins over manifest", nscApp(t, "good.xml", func(a *audit.App) { a.UsesCleartext = &yes }), nil},
		{"good", nscApp(t, "good.xml", sdk(21)), nil},
	})
}
