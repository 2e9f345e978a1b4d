package trustkit

import (
	"strings"
	"testing"
)

// TestDomainKeys: TSKPinnedDomains keys go through internal/hostname; a
// key that is not a host name is kept as written and is a problem.
func TestDomainKeys(t *testing.T) {
	t.Parallel()
	dom := map[string]any{"TSKPublicKeyHashes": []any{pinA, pinB}}
	c := FromDict("Info.plist", map[string]any{"TSKPinnedDomains": map[string]any{
		"Bücher.Example.": dom, "api.example.com\x00": dom,
	}})
	if len(c.Domains) != 2 || c.Domains[0].Name != "api.example.com\x00" || c.Domains[1].Name != "xn--bcher-kva.example" {
		t.Fatalf("domains %+v", c.Domains)
	}
	if len(c.Problems) != 1 || !strings.Contains(c.Problems[0].String(), `"api.example.com\x00"`) {
		t.Fatalf("problems %q, want one naming the malformed key, escaped", c.Problems)
	}
}
