package code

import (
	"strings"
	"testing"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
)

func pinLists(urls ...string) func(*audit.App) {
	return func(a *audit.App) {
		for _, u := range urls {
			a.PinListURLs = append(a.PinListURLs, audit.HostRef{Host: "pins.example.com", URL: u, Location: audit.Location{File: "App", Symbol: "__cstring"}})
		}
	}
}

func TestPinsOverCleartext(t *testing.T) {
	t.Parallel()
	runCases(t, PinsOverCleartext{}, []ruleCase{
		{"https", app(pinLists("https://pins.example.com/pins.json")), nil},
		{"http", app(pinLists("http://pins.example.com/pins.json")), []string{"pin list fetched over cleartext: http://pins.example.com/pins.json"}},
		{"HTTP upper case, reported once", app(pinLists("HTTP://pins.example.com/p.json", "HTTP://pins.example.com/p.json")), []string{"HTTP://pins.example.com/p.json"}},
		{"none", app(), nil},
		{"from the app's URLs", app(func(a *audit.App) {
			a.Hosts = []audit.HostRef{{Host: "cdn.example.com", URL: "http://cdn.example.com/mobile/pinning.json"},
				{Host: "api.example.com", URL: "http://api.example.com/v1/login"}}
		}), []string{"http://cdn.example.com/mobile/pinning.json"}},
	})
}

// TestPinsOverCleartextSignedSet: an app that verifies pinkit-signed pin
// sets is told so, at low severity (the signature protects the pins; only
// blocking the fetch remains); others keep the high finding.
func TestPinsOverCleartextSignedSet(t *testing.T) {
	t.Parallel()
	plain := app(pinLists("http://pins.example.com/pinset.json"))
	signed := app(pinLists("http://pins.example.com/pinset.json"), func(a *audit.App) {
		a.CodeChecks = append(a.CodeChecks, audit.CodeCheck{Kind: hosttable.CheckPinkitSignedSet, Location: audit.Location{File: "classes.dex"}})
	})
	ctx := &audit.Context{}
	got := PinsOverCleartext{}.Check(plain, ctx)
	if len(got) != 1 || got[0].Severity != audit.SeverityHigh || strings.Contains(got[0].Message, "pinkit-signed") {
		t.Fatalf("unsigned: %+v", got)
	}
	got = PinsOverCleartext{}.Check(signed, ctx)
	if len(got) != 1 || got[0].Severity != audit.SeverityLow || !strings.Contains(got[0].Message, "verifies pinkit-signed pin sets") {
		t.Fatalf("signed: %+v", got)
	}
}
