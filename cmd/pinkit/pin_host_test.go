package main

import "testing"

// TestSplitHostPort: the host of `pinkit pin HOST[:PORT]` goes through
// internal/hostname.
func TestSplitHostPort(t *testing.T) {
	for arg, want := range map[string]string{
		"API.Example.com": "api.example.com:443", "bücher.example:8443": "xn--bcher-kva.example:8443",
		"https://Example.com./x": "example.com:443", "[2001:DB8::1]:443": "2001:db8::1:443", "::1": "::1:443",
	} {
		h, p, _, err := splitHostPort(arg)
		if err != nil || h+":"+p != want {
			t.Errorf("splitHostPort(%q) = %q, %q, %v; want %q", arg, h, p, err, want)
		}
	}
	for _, arg := range []string{"a..b", "exa mple.com", "api.example.com:0", "-a.example.com"} {
		if h, _, _, err := splitHostPort(arg); err == nil {
			t.Errorf("splitHostPort(%q) = %q, want an error", arg, h)
		}
	}
}
