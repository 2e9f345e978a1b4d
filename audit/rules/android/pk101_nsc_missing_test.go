package android

import (
	"testing"

	"github.com/pinkit/pinkit/audit"
)

func TestNSCMissing(t *testing.T) {
	t.Parallel()
	runCases(t, NSCMissing{}, []ruleCase{
		{"no nsc", nscApp(t, ""), []string{"no network security config"}},
		{"code pins only", nscApp(t, "", func(a *audit.App) {
			a.CodePins = []audit.CodePin{{Library: audit.SourceOkHttp, Pattern: "example.com", Pin: "sha256/x"}}
		}), []string{"only done in code"}},
		{"nsc present", nscApp(t, "good.xml"), nil},
		{"ios app", nscApp(t, "", func(a *audit.App) { a.Platform = audit.PlatformIOS }), nil},
	})
}
