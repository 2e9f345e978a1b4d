package ats

import (
	"sort"
	"strings"

	"howett.net/plist"

	"github.com/pinkit/pinkit/internal/hostname"
)

// Effective is the ATS policy that applies to one host.
type Effective struct {
	Host      string
	Pinned    *PinnedDomain    // nil: no NSPinnedDomains entry covers the host
	Exception *ExceptionDomain // nil: no NSExceptionDomains entry covers the host
	// ArbitraryLoads is true when NSAllowsArbitraryLoads applies to the host
	// (no exception domain overrides it).
	ArbitraryLoads bool
}

// Pins returns the valid identities that apply (CA and leaf), deduplicated.
func (e Effective) Pins() []string {
	if e.Pinned == nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, l := range []*IdentityList{e.Pinned.CA, e.Pinned.Leaf} {
		if l == nil {
			continue
		}
		for _, v := range l.Valid {
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Resolve returns the policy for host: an exact entry beats an
// NSIncludesSubdomains parent, and the longest parent wins. host is
// normalised with [hostname.Normalize]; one that does not normalise
// matches no entry and is kept as given in Effective.Host.
func (c *Config) Resolve(host string) Effective {
	h, err := hostname.Normalize(host)
	if err == nil {
		host = h
	}
	e := Effective{Host: host}
	if c == nil {
		return e
	}
	if err != nil { // a host that does not normalise matches no entry
		e.ArbitraryLoads = c.AllowsArbitraryLoads
		return e
	}
	if i := match(host, len(c.PinnedDomains), func(i int) (string, bool) {
		return c.PinnedDomains[i].Name, c.PinnedDomains[i].IncludesSubdomains
	}); i >= 0 {
		e.Pinned = &c.PinnedDomains[i]
	}
	if i := match(host, len(c.ExceptionDomains), func(i int) (string, bool) {
		return c.ExceptionDomains[i].Name, c.ExceptionDomains[i].IncludesSubdomains
	}); i >= 0 {
		e.Exception = &c.ExceptionDomains[i]
	}
	// An exception dictionary replaces the global arbitrary-loads setting for its domains.
	e.ArbitraryLoads = c.AllowsArbitraryLoads && e.Exception == nil
	return e
}

// match returns the index of the most specific entry covering host, or -1.
func match(host string, n int, entry func(int) (name string, subdomains bool)) int {
	best, bestLen := -1, -1
	for i := range n {
		name, sub := entry(i)
		switch {
		case name == host:
			return i
		case sub && strings.HasSuffix(host, "."+name) && len(name) > bestLen:
			best, bestLen = i, len(name)
		}
	}
	return best
}

// Marshal writes c as an XML plist whose root dictionary holds
// NSAppTransportSecurity, ready to merge into an Info.plist.
func Marshal(c *Config) ([]byte, error) {
	return plist.MarshalIndent(map[string]any{"NSAppTransportSecurity": c.dict()}, plist.XMLFormat, "\t")
}

func (c *Config) dict() map[string]any {
	d := map[string]any{}
	setTrue(d, "NSAllowsArbitraryLoads", c.AllowsArbitraryLoads)
	setTrue(d, "NSAllowsArbitraryLoadsForMedia", c.AllowsArbitraryLoadsForMedia)
	setTrue(d, "NSAllowsArbitraryLoadsInWebContent", c.AllowsArbitraryLoadsInWebContent)
	setTrue(d, "NSAllowsLocalNetworking", c.AllowsLocalNetworking)
	if len(c.ExceptionDomains) > 0 {
		ex := map[string]any{}
		for _, e := range c.ExceptionDomains {
			ex[e.Name] = e.dict()
		}
		d["NSExceptionDomains"] = ex
	}
	if c.HasPinnedDomains || len(c.PinnedDomains) > 0 {
		pd := map[string]any{}
		for _, p := range c.PinnedDomains {
			pd[p.Name] = p.dict()
		}
		d["NSPinnedDomains"] = pd
	}
	return d
}

func (e ExceptionDomain) dict() map[string]any {
	d := map[string]any{}
	setTrue(d, "NSIncludesSubdomains", e.IncludesSubdomains)
	setTrue(d, "NSExceptionAllowsInsecureHTTPLoads", e.AllowsInsecureHTTPLoads)
	setTrue(d, "NSRequiresCertificateTransparency", e.RequiresCertificateTransp)
	if !e.RequiresForwardSecrecy {
		d["NSExceptionRequiresForwardSecrecy"] = false
	}
	if e.MinimumTLSVersion != "" && e.MinimumTLSVersion != "TLSv1.2" {
		d["NSExceptionMinimumTLSVersion"] = e.MinimumTLSVersion
	}
	return d
}

func (p PinnedDomain) dict() map[string]any {
	d := map[string]any{}
	setTrue(d, "NSIncludesSubdomains", p.IncludesSubdomains)
	if p.CA != nil {
		d["NSPinnedCAIdentities"] = p.CA.array()
	}
	if p.Leaf != nil {
		d["NSPinnedLeafIdentities"] = p.Leaf.array()
	}
	return d
}

func (l *IdentityList) array() []any {
	out := []any{}
	for _, v := range l.Valid {
		out = append(out, map[string]any{"SPKI-SHA256-BASE64": v})
	}
	return out
}

func setTrue(d map[string]any, key string, v bool) {
	if v {
		d[key] = true
	}
}
