package pinlist

import "testing"

func TestIsURL(t *testing.T) {
	t.Parallel()
	for u, want := range map[string]bool{
		"http://pins.example.com/pins.json":             true,
		"https://cdn.example.com/mobile/pinning.json":   true,
		"https://cdn.example.com/config/trustkit.plist": true,
		"https://cdn.example.com/v2/pinset/latest":      true,
		"https://api.example.com/v1/pins":               true,
		"https://cdn.example.com/ssl-pins-v3.json?x=1":  true,
		"https://api.example.com/v1/login":              false,
		"https://api.example.com/spinner.json":          false,
		"https://pins.example.com":                      false,
		"ftp://pins.example.com/pins.json":              false,
	} {
		if got := IsURL(u); got != want {
			t.Errorf("IsURL(%q) = %v, want %v", u, got, want)
		}
	}
}
