package ios

import (
	"testing"

	"github.com/pinkit/pinkit/audit"
)

func TestUnreadable(t *testing.T) {
	t.Parallel()
	runCases(t, Unreadable{}, []ruleCase{
		{"clean", app(map[string]any{"NSAllowsArbitraryLoads": false}), nil},
		{"load problem", app(nil, func(a *audit.App) {
			a.LoadProblems = []audit.Problem{{Location: audit.Location{File: "Payload/App.app/App"}, Message: "malformed Mach-O"}}
		}), []string{"malformed Mach-O"}},
		{"ATS value of the wrong type", app(map[string]any{"NSAllowsArbitraryLoads": 1, "NSExceptionDomains": "x"}),
			[]string{"ignored by iOS: NSAllowsArbitraryLoads", "ignored by iOS: NSExceptionDomains"}},
		{"pinned-domain problems are PK203's", app(pinned("example.com", true, "NSPinnedCAIdentities", ids("c2hvcnQ="))), nil},
		{"android", &audit.App{Platform: audit.PlatformAndroid, LoadProblems: []audit.Problem{{Message: "x"}}}, nil},
	})
}
