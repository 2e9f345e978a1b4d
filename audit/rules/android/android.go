// Package android holds the rules for Android apps (PK101–PK112), one per
// file. They read the app's network security config and the engine's
// per-host table.
package android

import (
	"strings"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/nsc"
)

// Links shared by the rules' metadata.
const (
	nscDoc      = "https://developer.android.com/privacy-and-security/security-config"
	maswePinned = "MASWE-0047"
	masweNew    = "MASWE-0028"
)

// loc locates a line of the app's NSC.
func loc(cfg *nsc.Config, line int) audit.Location {
	return audit.Location{File: cfg.File, Line: line}
}

// hostOf names a domain-config by its first <domain>.
func hostOf(dc *nsc.DomainConfig) string {
	if dc == nil || len(dc.Domains) == 0 {
		return ""
	}
	return dc.Domains[0].Name
}

// withPinSets returns the domain-configs that declare a <pin-set>.
func withPinSets(cfg *nsc.Config) []*nsc.DomainConfig {
	var out []*nsc.DomainConfig
	if cfg == nil {
		return nil
	}
	cfg.Walk(func(dc *nsc.DomainConfig) {
		if dc.PinSet != nil {
			out = append(out, dc)
		}
	})
	return out
}

// hostsOf names every <domain> of a domain-config for a message
// ("a.example.com", "a.example.com and b.example.com",
// "a.example.com, b.example.com and c.example.com"): a finding about the
// config is about each host it covers. Findings keep hostOf as their Host.
func hostsOf(dc *nsc.DomainConfig) string {
	if dc == nil {
		return ""
	}
	var names []string
	for _, d := range dc.Domains {
		names = append(names, d.Name)
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
