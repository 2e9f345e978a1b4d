package pinset

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	pin "github.com/pinkit/pinkit"
)

// PinSet is a verified pin-set document.
type PinSet struct {
	// Version is the document's version; a verifier accepts only versions
	// greater than the last one it accepted.
	Version int64
	// Issued and Expires bound the document; after Expires it must not be
	// used and the shipped pins apply again.
	Issued, Expires time.Time
	// Hosts are the pinned hosts. They replace the previous set entirely.
	Hosts []Host
	// Raw is the document exactly as received and verified.
	Raw []byte
}

// Host is one entry of a pin set, in the shape of a domain of pinkit.yaml.
type Host struct {
	// Name is a normalised DNS name: lower case, A-labels, no trailing dot.
	Name string
	// IncludeSubdomains extends the pins to every host below Name.
	IncludeSubdomains bool
	// Pins are the SPKI pins, at least two.
	Pins []Pin
}

// Pin is an SPKI pin with an optional label.
type Pin struct {
	Label string
	SPKI  pin.Pin
}

// Policy builds the enforcing *pin.Policy of the set's hosts, with opts
// (such as pin.App or pin.OnEvent) added. The set's expiry is not
// passed on: a pin.Policy past its expiry pins nothing, while an expired
// set must fall back to the shipped pins, which the Updater does.
func (s *PinSet) Policy(opts ...pin.Option) (*pin.Policy, error) {
	all := make([]pin.Option, 0, len(s.Hosts)+len(opts))
	for _, h := range s.Hosts {
		pins := make([]pin.Pin, len(h.Pins))
		for i, p := range h.Pins {
			pins[i] = p.SPKI
		}
		if h.IncludeSubdomains {
			all = append(all, pin.DomainPins(h.Name, pins...))
		} else {
			all = append(all, pin.HostPins(h.Name, pins...))
		}
	}
	return pin.NewPolicy(append(all, opts...)...)
}

// rawHost is a host as read, before the policy rules are applied.
type rawHost struct {
	name       string
	subdomains bool
	pins       []string
	labels     []string
}

// decodePinSet reads the signed member of a pin-set document.
func decodePinSet(signed object) (*PinSet, []rawHost, error) {
	s := &PinSet{}
	var hosts []rawHost
	err := walk("signed", signed, map[string]field{
		"expires": {true, func(v any) (err error) { s.Expires, err = takeTime(v); return }},
		"hosts":   {true, func(v any) (err error) { hosts, err = takeHosts(v); return }},
		"issued":  {true, func(v any) (err error) { s.Issued, err = takeTime(v); return }},
		"type":    {true, takeConst(TypePinSet)},
		"version": {true, func(v any) (err error) { s.Version, err = takeVersion(v); return }},
	})
	if err != nil {
		return nil, nil, err
	}
	if s.Issued.After(s.Expires) {
		return nil, nil, newError(ReasonSchema, "issued %s is after expires %s",
			s.Issued.Format(timeLayout), s.Expires.Format(timeLayout))
	}
	return s, hosts, nil
}

func takeHosts(v any) ([]rawHost, error) {
	arr, err := takeArray(v, maxHosts)
	if err != nil {
		return nil, err
	}
	hosts := make([]rawHost, 0, len(arr))
	for i, e := range arr {
		obj, ok := e.(object)
		if !ok {
			return nil, errf("host %d: %v", i, errType("an object", e))
		}
		var h rawHost
		err := walk(fmt.Sprintf("hosts[%d]", i), obj, map[string]field{
			"include-subdomains": {true, func(v any) error {
				b, ok := v.(bool)
				if !ok {
					return errType("a boolean", v)
				}
				h.subdomains = b
				return nil
			}},
			"name": {true, func(v any) (err error) { h.name, err = takeString(v, 253); return }},
			"pins": {true, func(v any) error { return h.takePins(v) }},
		})
		if err != nil {
			return nil, err
		}
		hosts = append(hosts, h)
	}
	return hosts, nil
}

func (h *rawHost) takePins(v any) error {
	arr, err := takeArray(v, maxPins)
	if err != nil {
		return err
	}
	for i, e := range arr {
		obj, ok := e.(object)
		if !ok {
			return errf("pin %d: %v", i, errType("an object", e))
		}
		var spki, label string
		err := walk("pin", obj, map[string]field{
			"label": {false, func(v any) (err error) { label, err = takeString(v, maxLabel); return }},
			"spki":  {true, func(v any) (err error) { spki, err = takeString(v, 64); return }},
		})
		if err != nil {
			return err
		}
		h.pins = append(h.pins, spki)
		h.labels = append(h.labels, label)
	}
	return nil
}

// checkPolicy applies the policy rules to the hosts read: at least one
// host; each name a normalised DNS name; no rule twice; at least two
// distinct, well-formed pins per host; and whatever else pin.NewPolicy
// refuses (a Domain on a public suffix).
func (s *PinSet) checkPolicy(hosts []rawHost) error {
	if len(hosts) == 0 {
		return newError(ReasonInvalidPolicy, "no hosts: a pin set must pin at least one host")
	}
	type ruleKey struct {
		name string
		sub  bool
	}
	seen := map[ruleKey]bool{}
	var errs []error
	for _, h := range hosts {
		if err := checkHostName(h.name); err != nil {
			errs = append(errs, err)
			continue
		}
		k := ruleKey{h.name, h.subdomains}
		if seen[k] {
			errs = append(errs, fmt.Errorf("host %s (include-subdomains %t) is listed twice", h.name, h.subdomains))
		}
		seen[k] = true
		out := Host{Name: h.name, IncludeSubdomains: h.subdomains}
		for i, p := range h.pins {
			parsed, err := pin.ParsePin(p)
			if err != nil {
				errs = append(errs, fmt.Errorf("host %s: %w", h.name, err))
				continue
			}
			if slices.ContainsFunc(out.Pins, func(q Pin) bool { return q.SPKI == parsed }) {
				errs = append(errs, fmt.Errorf("host %s: pin %s is listed twice", h.name, p))
			}
			out.Pins = append(out.Pins, Pin{Label: h.labels[i], SPKI: parsed})
		}
		if len(h.pins) < 2 {
			errs = append(errs, fmt.Errorf("host %s has %d pins, at least 2 are needed (a backup pin)", h.name, len(h.pins)))
		}
		s.Hosts = append(s.Hosts, out)
	}
	if err := errors.Join(errs...); err != nil {
		return newError(ReasonInvalidPolicy, "%s", strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	if _, err := s.Policy(); err != nil {
		return newError(ReasonInvalidPolicy, "%v", err)
	}
	return nil
}

// checkHostName accepts what docs/pinset.md calls a host name: lower-case
// labels of [a-z0-9_-], each 1 to 63 bytes, not starting or ending with a
// hyphen, at most 253 bytes in all, the last label not all digits (an IPv4
// address is not a host name).
func checkHostName(name string) error {
	if name == "" || len(name) > 253 {
		return fmt.Errorf("host name %s: want 1 to 253 bytes", quote(name))
	}
	labels := strings.Split(name, ".")
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return fmt.Errorf("host name %s: bad label %s", quote(name), quote(l))
		}
		for i := 0; i < len(l); i++ {
			if c := l[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
				return fmt.Errorf("host name %s: character %q is not allowed (lower-case LDH only)", quote(name), c)
			}
		}
	}
	if strings.Trim(labels[len(labels)-1], "0123456789") == "" {
		return fmt.Errorf("host name %s: an IP address is not a host name", quote(name))
	}
	return nil
}

func sortedKeys(m map[string]field) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
