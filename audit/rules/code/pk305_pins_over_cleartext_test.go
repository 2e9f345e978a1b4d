package code

import (
	"testing"

	"github.com/pinkit/pinkit/audit"
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
