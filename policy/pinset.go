package policy

import "github.com/pinkit/pinkit/pinset"

// PinSetHosts returns the domains of f as the hosts of a signed pin-set
// document (package pinset): name, include-subdomains and each pin's label
// and SPKI. Sources, roles, kinds and overrides stay in the policy.
func (f *File) PinSetHosts() []pinset.Host {
	out := make([]pinset.Host, 0, len(f.Domains))
	for _, d := range f.Domains {
		h := pinset.Host{Name: d.Name, IncludeSubdomains: d.IncludeSubdomains}
		for _, p := range d.Pins {
			h.Pins = append(h.Pins, pinset.Pin{Label: p.Label, SPKI: p.Digest})
		}
		out = append(out, h)
	}
	return out
}
