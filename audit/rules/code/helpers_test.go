package code

import (
	"testing"
	"time"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/internal/ruletest"
)

const (
	pinA = "sha256/ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs="
	pinB = "sha256/PiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0="
	sha1 = "sha1/BOGUSxxkrL5vVGEvAN5FJlHjd3g=" // not a real digest, 20 bytes
)

func app(mods ...func(*audit.App)) *audit.App {
	a := &audit.App{Path: "app.apk", Platform: audit.PlatformAndroid, ID: "com.example.app", PackageName: "com.example.app", TargetSDK: 30}
	for _, m := range mods {
		m(a)
	}
	return a
}

func pins(pattern string, ps ...string) func(*audit.App) {
	return func(a *audit.App) {
		for _, p := range ps {
			a.CodePins = append(a.CodePins, audit.CodePin{Library: audit.SourceOkHttp, Pattern: pattern, Pin: p,
				Location: audit.Location{File: "classes.dex", Symbol: "Lcom/example/Net;"}})
		}
	}
}

type ruleCase struct {
	name string
	app  *audit.App
	want []string
}

// runCases runs rule r through the engine on each case and compares the
// findings' messages.
func runCases(t *testing.T, r audit.Rule, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		ruletest.Check(t, tc.name, r, tc.app, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), tc.want, ruletest.Message)
	}
}
