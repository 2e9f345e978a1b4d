package nsc

import (
	"time"

	"github.com/pinkit/pinkit/internal/hostname"
)

// ResolveOptions are the app facts the effective policy depends on.
type ResolveOptions struct {
	// TargetSDK is the app's targetSdkVersion; it picks platform defaults.
	TargetSDK int
	// Debuggable applies <debug-overrides> when true.
	Debuggable bool
	// Now is the device time used for pin-set expiration; zero means
	// time.Now().
	Now time.Time
}

// Anchor is one effective trust anchor.
type Anchor struct {
	Src          string // "system", "user" or "@raw/…"
	OverridePins bool
	// From is the element that declared it; nil for a platform default.
	From *DomainConfig
	Line int
	// Debug is true for anchors added by <debug-overrides>.
	Debug bool
}

// Effective is the policy the platform applies to one host.
type Effective struct {
	Host string
	// Config is the most specific matching <domain-config>; nil when the
	// host falls back to base-config (or platform defaults).
	Config *DomainConfig
	// Domain is the <domain> entry that matched; nil with Config.
	Domain *Domain
	// CleartextPermitted is the effective cleartextTrafficPermitted value;
	// CleartextFrom is where it was set, nil for the platform default.
	CleartextPermitted bool
	CleartextFrom      *DomainConfig
	// Anchors are the effective trust anchors; AnchorsFrom is the element
	// that declared them, nil for the platform default.
	Anchors     []Anchor
	AnchorsFrom *DomainConfig
	// SystemCAs and UserCAs say whether those stores are trusted.
	SystemCAs, UserCAs bool
	// OverridePins is true when some effective anchor skips pin checks.
	OverridePins bool
	// PinSet is the effective pin set (nil when none); PinSetFrom is the
	// domain-config that declared it.
	PinSet     *PinSet
	PinSetFrom *DomainConfig
	// Expired is true when PinSet has expired at ResolveOptions.Now.
	Expired bool
	// Pins are the enforced pins: PinSet's pins unless expired.
	Pins []Pin
}

// Pinned reports whether the platform enforces pins for the host (on
// chains that do not end at an overridePins anchor).
func (e Effective) Pinned() bool { return len(e.Pins) > 0 }

// Resolve returns the effective policy for host. c may be nil (no config:
// platform defaults only). host is normalised with [hostname.Normalize];
// one that does not normalise matches no <domain> (base-config and the
// defaults still apply) and is kept as given in Effective.Host.
func (c *Config) Resolve(host string, opts ResolveOptions) Effective {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	h, err := hostname.Normalize(host)
	if err == nil {
		host = h
	}
	e := Effective{Host: host}
	var chain []*DomainConfig // most specific first
	if c != nil {
		if err == nil { // a host that does not normalise matches no <domain>
			e.Config, e.Domain = c.match(host)
		}
		for dc := e.Config; dc != nil; dc = dc.Parent {
			chain = append(chain, dc)
		}
		if c.BaseConfig != nil {
			chain = append(chain, c.BaseConfig)
		}
	}
	e.resolveCleartext(chain, opts)
	e.resolveAnchors(c, chain, opts)
	e.resolvePins(chain, opts)
	return e
}

// match finds the domain-config for host as ApplicationConfig does: the
// first exact <domain> match, else the longest includeSubdomains parent.
func (c *Config) match(host string) (*DomainConfig, *Domain) {
	var best *DomainConfig
	var bestD *Domain
	var exact *DomainConfig
	var exactD *Domain
	c.Walk(func(dc *DomainConfig) {
		for i := range dc.Domains {
			d := &dc.Domains[i]
			if d.Name == host {
				if exact == nil {
					exact, exactD = dc, d
				}
				continue
			}
			if d.IncludeSubdomains && isSubdomain(host, d.Name) &&
				(bestD == nil || len(d.Name) > len(bestD.Name)) {
				best, bestD = dc, d
			}
		}
	})
	if exact != nil {
		return exact, exactD
	}
	return best, bestD
}

// isSubdomain reports whether host is a strict subdomain of domain.
func isSubdomain(host, domain string) bool {
	n := len(host) - len(domain)
	return n > 1 && host[n-1] == '.' && host[n:] == domain
}

func (e *Effective) resolveCleartext(chain []*DomainConfig, opts ResolveOptions) {
	for _, dc := range chain {
		if dc.CleartextPermitted != nil {
			e.CleartextPermitted, e.CleartextFrom = *dc.CleartextPermitted, dc
			return
		}
	}
	e.CleartextPermitted = opts.TargetSDK <= 27
}

func (e *Effective) resolveAnchors(c *Config, chain []*DomainConfig, opts ResolveOptions) {
	for _, dc := range chain {
		if dc.TrustAnchors != nil {
			e.AnchorsFrom = dc
			for _, cert := range dc.TrustAnchors.Certificates {
				e.add(Anchor{Src: cert.Src, OverridePins: cert.OverridePins != nil && *cert.OverridePins, From: dc, Line: cert.Line})
			}
			break
		}
	}
	if e.AnchorsFrom == nil {
		e.add(Anchor{Src: "system"})
		if opts.TargetSDK <= 23 {
			e.add(Anchor{Src: "user"})
		}
	}
	if opts.Debuggable && c != nil && c.DebugOverrides != nil && c.DebugOverrides.TrustAnchors != nil {
		for _, cert := range c.DebugOverrides.TrustAnchors.Certificates {
			// Inside debug-overrides overridePins defaults to true.
			override := cert.OverridePins == nil || *cert.OverridePins
			e.add(Anchor{Src: cert.Src, OverridePins: override, From: c.DebugOverrides, Line: cert.Line, Debug: true})
		}
	}
}

func (e *Effective) add(a Anchor) {
	e.Anchors = append(e.Anchors, a)
	switch a.Src {
	case "system":
		e.SystemCAs = true
	case "user":
		e.UserCAs = true
	}
	if a.OverridePins {
		e.OverridePins = true
	}
}

func (e *Effective) resolvePins(chain []*DomainConfig, opts ResolveOptions) {
	for _, dc := range chain {
		if dc.PinSet != nil {
			e.PinSet, e.PinSetFrom = dc.PinSet, dc
			break
		}
	}
	if e.PinSet == nil {
		return
	}
	e.Expired = e.PinSet.Expired(opts.Now)
	if !e.Expired {
		e.Pins = e.PinSet.Pins
	}
}
