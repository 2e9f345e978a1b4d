package trustkit

import (
	"encoding/base64"
	"strings"

	"github.com/pinkit/pinkit/internal/pinfmt"
	"github.com/pinkit/pinkit/nsc"
)

// FromNSC reads every <trustkit-config> inside the domain-configs of an
// Android network security config. TrustKit for Android takes the pins from
// the domain-config's own <pin-set>; enforcePinning defaults to false.
// It returns nil when the config holds no <trustkit-config>.
func FromNSC(cfg *nsc.Config) *Config {
	if cfg == nil {
		return nil
	}
	c := &Config{Platform: Android, File: cfg.File}
	cfg.Walk(func(dc *nsc.DomainConfig) {
		for _, n := range dc.Unknown {
			if n.Name == "trustkit-config" {
				c.Domains = append(c.Domains, androidDomains(dc, n)...)
			}
		}
	})
	if len(c.Domains) == 0 {
		return nil
	}
	sortDomains(c.Domains)
	c.validate()
	return c
}

func androidDomains(dc *nsc.DomainConfig, n *nsc.Node) []Domain {
	tmpl := Domain{Line: n.Line}
	tmpl.EnforcePinning = attrBool(n, "enforcePinning", false)
	tmpl.DisableDefaultURI = attrBool(n, "disableDefaultReportUri", false)
	for _, ch := range n.Children {
		if ch.Name == "report-uri" && ch.Text != "" {
			tmpl.ReportURIs = append(tmpl.ReportURIs, ch.Text)
		}
	}
	if ps := pinSet(dc); ps != nil {
		tmpl.Expiration = ps.Expiration
		for _, p := range ps.Pins {
			tmpl.Pins = append(tmpl.Pins, androidBase64(p.Value))
		}
	}
	var out []Domain
	for _, d := range dc.Domains {
		x := tmpl
		x.Name, x.IncludeSubdomains = d.Name, d.IncludeSubdomains
		out = append(out, x)
	}
	return out
}

// pinSet returns the pin-set in effect for dc: its own, else its nearest
// ancestor's (TrustKit inherits like the platform).
func pinSet(dc *nsc.DomainConfig) *nsc.PinSet {
	for ; dc != nil; dc = dc.Parent {
		if dc.PinSet != nil {
			return dc.PinSet
		}
	}
	return nil
}

// androidBase64 writes a pin TrustKit-Android accepts in the standard
// padded form, so equal digests compare equal; others stay as written.
func androidBase64(s string) string {
	if d, err := pinfmt.Parse(pinfmt.TrustKitAndroid, s); err == nil {
		return base64.StdEncoding.EncodeToString(d.Raw)
	}
	return strings.TrimSpace(s)
}

func attrBool(n *nsc.Node, name string, def bool) bool {
	v, ok := n.Attr(name)
	if !ok {
		return def
	}
	return strings.EqualFold(strings.TrimSpace(v), "true")
}
