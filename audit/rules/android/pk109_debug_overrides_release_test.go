package android

import (
	"testing"

	"github.com/pinkit/pinkit/audit"
)

func TestDebugOverridesRelease(t *testing.T) {
	t.Parallel()
	runCases(t, DebugOverridesRelease{}, []ruleCase{
		{"debuggable", nscApp(t, "debug.xml", debuggable), []string{"trust anchors user"}},
		{"release", nscApp(t, "debug.xml"), nil},
		{"debuggable without overrides", nscApp(t, "good.xml", debuggable), nil},
		{"debug companion file", nscApp(t, "good.xml", debuggable, func(a *audit.App) { a.NSCDebug = loadNSC(t, "debug.xml") }),
			[]string{"debug-overrides> apply"}},
	})
}
