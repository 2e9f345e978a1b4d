package nsc

import (
	"slices"
	"testing"
	"time"
)

// TestDomainNames: <domain> text goes through internal/hostname. An IDN or
// a mixed-case name matches its normalised host; text that is not a host
// name (a port, a space inside) is kept as written, is no platform
// problem, and matches no host, not even when the query is the same text.
func TestDomainNames(t *testing.T) {
	t.Parallel()
	const doc = `<network-security-config>
  <domain-config><domain>  Bücher.Example  </domain><domain>API.example.com:443</domain>
    <domain>exa mple.com</domain>
    <pin-set><pin digest="SHA-256">` + pinA + `</pin><pin digest="SHA-256">` + pinB + `</pin></pin-set>
  </domain-config>
</network-security-config>`
	c, err := Parse("network_security_config.xml", []byte(doc))
	if err != nil || len(c.Problems) != 0 {
		t.Fatalf("Parse = %v, problems %v", err, c.Problems)
	}
	var names []string
	c.Walk(func(dc *DomainConfig) {
		for _, d := range dc.Domains {
			names = append(names, d.Name)
		}
	})
	if want := []string{"xn--bcher-kva.example", "API.example.com:443", "exa mple.com"}; !slices.Equal(names, want) {
		t.Fatalf("domain names %q, want %q", names, want)
	}
	opts := ResolveOptions{TargetSDK: 30, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	for host, pinned := range map[string]bool{
		"bücher.example": true, "XN--BCHER-KVA.example.": true,
		"API.example.com:443": false, "api.example.com": false, "exa mple.com": false,
	} {
		if got := c.Resolve(host, opts).Pinned(); got != pinned {
			t.Errorf("Resolve(%q).Pinned() = %v, want %v", host, got, pinned)
		}
	}
}

// TestDomainDuplicateText: the duplicate check compares the lower-cased
// text, as the platform does.
func TestDomainDuplicateText(t *testing.T) {
	t.Parallel()
	const doc = `<network-security-config>
  <domain-config><domain>example.com</domain><domain>Example.COM</domain></domain-config>
</network-security-config>`
	c, err := Parse("n.xml", []byte(doc))
	if err != nil || len(c.Problems) != 1 {
		t.Fatalf("Parse = %v, problems %v, want one duplicate", err, c.Problems)
	}
}
