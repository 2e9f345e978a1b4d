package ats

import (
	"strings"
	"testing"
)

// TestDomainKeys: NSPinnedDomains and NSExceptionDomains keys go through
// internal/hostname. An IDN key matches its A-label host; a key that is not
// a host name stays as written, is a problem at its key, and matches no
// host.
func TestDomainKeys(t *testing.T) {
	t.Parallel()
	ident := []any{map[string]any{"SPKI-SHA256-BASE64": strings.Repeat("A", 43) + "="}}
	c := FromDict("Info.plist", map[string]any{
		"NSAllowsArbitraryLoads": true,
		"NSPinnedDomains": map[string]any{
			"Bücher.Example.":     map[string]any{"NSPinnedCAIdentities": ident},
			"api.example.com:443": map[string]any{"NSPinnedCAIdentities": ident},
		},
		"NSExceptionDomains": map[string]any{" cdn.example.com": map[string]any{}},
	})
	var keys []string
	for _, p := range c.Problems {
		keys = append(keys, p.Key)
	}
	if want := "NSExceptionDomains. cdn.example.com,NSPinnedDomains.api.example.com:443"; strings.Join(keys, ",") != want {
		t.Fatalf("problems at %q, want %q: %v", keys, want, c.Problems)
	}
	if e := c.Resolve("xn--bcher-kva.example"); e.Pinned == nil || e.Host != "xn--bcher-kva.example" {
		t.Errorf("IDN host not pinned: %+v", e)
	}
	for _, host := range []string{"api.example.com:443", "api.example.com", " cdn.example.com", "cdn.example.com"} {
		e := c.Resolve(host)
		if e.Pinned != nil || e.Exception != nil || !e.ArbitraryLoads {
			t.Errorf("Resolve(%q) = %+v, want no entry (arbitrary loads)", host, e)
		}
	}
}
