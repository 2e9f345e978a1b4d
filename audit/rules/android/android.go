// Package android holds the rules for Android apps (PK101–PK112), one per
// file. They read the app's network security config and the engine's
// per-host table.
package android

import (
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
