package code

import (
	"testing"

	"github.com/pinkit/pinkit/audit"
)

func TestFrameworkBypassesPlatform(t *testing.T) {
	t.Parallel()
	flutter := func(a *audit.App) {
		a.Frameworks = []string{"Flutter"}
		a.FrameworkEvidence = map[string]string{"Flutter": "lib/arm64-v8a/libflutter.so"}
	}
	runCases(t, FrameworkBypassesPlatform{}, []ruleCase{
		{"flutter", app(flutter), []string{"Flutter detected: its network stack"}},
		{"flutter with pins", app(flutter, pins("example.com", pinA, pinB)), []string{"pins in the platform config may not apply"}},
		{"react native and xamarin", app(func(a *audit.App) { a.Frameworks = []string{"React Native", "Xamarin"} }),
			[]string{"React Native", "Xamarin"}},
		{"native app", app(), nil},
	})
}
