package android

import (
	"testing"

	"github.com/pinkit/pinkit/audit"
)

func TestNSCInvalid(t *testing.T) {
	t.Parallel()
	runCases(t, NSCInvalid{}, []ruleCase{
		{"rejected", nscApp(t, "invalid.xml"), []string{"already specified on line 4; res/xml/invalid.xml:7: <pin> digest=\"SHA-1\""}},
		{"load problem", nscApp(t, "", func(a *audit.App) {
			a.LoadProblems = []audit.Problem{{Location: audit.Location{File: "res/xml/nsc.xml"}, Message: "failed to decode binary XML"}}
		}), []string{"failed to decode"}},
		{"debug-overrides twice", nscApp(t, "debug.xml", debuggable, func(a *audit.App) { a.NSCDebug = loadNSC(t, "debug.xml") }),
			[]string{"only one <debug-overrides>"}},
		{"good", nscApp(t, "good.xml"), nil},
	})
}
