package pin

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Policy is a set of pinning rules. Build it with [NewPolicy]. A Policy is
// immutable and safe for concurrent use: it holds no goroutine, queue or
// connection, and needs no closing. Failures reach the outside world only
// through [OnEvent] (package pinreport turns them into RFC 7469 reports).
// The zero Policy pins nothing.
type Policy struct {
	hosts      map[string]*rule // exact host rules
	domains    map[string]*rule // host-and-subdomain rules
	rules      []*rule          // all rules in canonical order
	expires    time.Time        // zero: never; else 00:00 UTC of the expiry day
	reportOnly bool
	app        string
	hash       string
	onEvent    []func(Event)
	clock      func() time.Time
}

// rule is one Host or Domain entry.
type rule struct {
	name       string
	subdomains bool
	pins       []Pin
}

// options collects what the Option functions set before validation.
type options struct {
	rules      []ruleSpec
	expires    time.Time
	reportOnly bool
	app        string
	onEvent    []func(Event)
	clock      func() time.Time
}

type ruleSpec struct {
	name       string
	subdomains bool
	pins       []string // parsed in NewPolicy, so errors are collected there
	parsed     []Pin
}

// Option configures a [Policy]; see [NewPolicy].
type Option func(*options)

// Host pins the exact host name (not its subdomains) to pins, each written
// "sha256/<base64>". Names are matched case-insensitively, without a
// trailing dot, and in IDNA ASCII form ("bücher.example" and
// "xn--bcher-kva.example" are the same host).
func Host(name string, pins ...string) Option {
	return func(o *options) { o.rules = append(o.rules, ruleSpec{name: name, pins: pins}) }
}

// Domain pins name and every host below it ("example.com" covers
// "example.com" and "a.b.example.com", never "notexample.com"). A Domain
// on a public suffix ("com", "co.uk", "appspot.com") is rejected.
func Domain(name string, pins ...string) Option {
	return func(o *options) {
		o.rules = append(o.rules, ruleSpec{name: name, subdomains: true, pins: pins})
	}
}

// HostPins is [Host] with already parsed pins.
func HostPins(name string, pins ...Pin) Option {
	return func(o *options) {
		o.rules = append(o.rules, ruleSpec{name: name, parsed: slices.Clone(pins)})
	}
}

// DomainPins is [Domain] with already parsed pins.
func DomainPins(name string, pins ...Pin) Option {
	return func(o *options) {
		o.rules = append(o.rules, ruleSpec{name: name, subdomains: true, parsed: slices.Clone(pins)})
	}
}

// Expires sets the day the pins expire. Only the calendar date of t, as
// written in t's own location, is used: the pins stop being enforced at
// 00:00 UTC at the start of that day, whatever the device's time zone
// (the behaviour of TrustKit on iOS). After expiry every host is treated
// as unpinned and an [EventPinExpired] is emitted for hosts that matched.
func Expires(t time.Time) Option {
	return func(o *options) {
		y, m, d := t.Date()
		o.expires = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
}

// ReportOnly makes failures emitted (see [OnEvent]) but allowed (TrustKit's
// enforcePinning=false, HPKP's Report-Only). The default is to enforce.
func ReportOnly() Option {
	return func(o *options) { o.reportOnly = true }
}

// App names the application in reports (the "app" field).
func App(id string) Option {
	return func(o *options) { o.app = id }
}

// OnEvent registers fn to receive [Event]s; with several OnEvent options
// every fn is called, in order. fn may be called from several goroutines
// at once, during a TLS handshake, and must not block: hand the event to
// a queue (as a pinreport.Reporter does) for anything slow.
func OnEvent(fn func(Event)) Option {
	return func(o *options) {
		if fn != nil {
			o.onEvent = append(o.onEvent, fn)
		}
	}
}

// Clock replaces time.Now for expiry checks and report timestamps. It is
// meant for tests.
func Clock(now func() time.Time) Option {
	return func(o *options) { o.clock = now }
}

// NewPolicy builds a Policy from opts. It reports every problem it finds,
// joined: a pin that does not parse, a host name that is not a DNS name, a
// Domain on a public suffix, a host named twice by the same kind of rule,
// a rule without pins, a duplicate pin, or an enforcing rule with fewer
// than two pins (a backup pin is required so that a key rotation does not
// lock clients out).
func NewPolicy(opts ...Option) (*Policy, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	p := &Policy{
		hosts:      map[string]*rule{},
		domains:    map[string]*rule{},
		expires:    o.expires,
		reportOnly: o.reportOnly,
		app:        o.app,
		onEvent:    o.onEvent,
		clock:      o.clock,
	}
	if p.clock == nil {
		p.clock = time.Now
	}
	var errs []error
	for _, spec := range o.rules {
		if err := p.addRule(spec); err != nil {
			errs = append(errs, err)
		}
	}
	if len(o.rules) == 0 {
		errs = append(errs, errors.New("policy has no Host or Domain rules"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("failed to build pin policy: %w", err)
	}
	p.finish()
	return p, nil
}

// addRule validates one rule and adds it to p.
func (p *Policy) addRule(spec ruleSpec) error {
	kind := "Host"
	if spec.subdomains {
		kind = "Domain"
	}
	name, err := normalizeHost(spec.name)
	if err != nil {
		return fmt.Errorf("%s: %w", kind, err)
	}
	pins, err := p.rulePins(name, spec)
	if err != nil {
		return fmt.Errorf("%s(%q): %w", kind, name, err)
	}
	m := p.hosts
	if spec.subdomains {
		if err := checkNotPublicSuffix(name); err != nil {
			return fmt.Errorf("%s: %w", kind, err)
		}
		m = p.domains
	}
	if _, dup := m[name]; dup {
		return fmt.Errorf("%s(%q) is given twice; merge its pins into one rule", kind, name)
	}
	r := &rule{name: name, subdomains: spec.subdomains, pins: pins}
	m[name] = r
	p.rules = append(p.rules, r)
	return nil
}

// rulePins parses and checks the pins of one rule.
func (p *Policy) rulePins(name string, spec ruleSpec) ([]Pin, error) {
	pins := slices.Clone(spec.parsed)
	var errs []error
	for _, s := range spec.pins {
		pn, err := ParsePin(s)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		pins = append(pins, pn)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if len(pins) == 0 {
		return nil, errors.New("no pins: an empty pin set would pin nothing")
	}
	seen := map[Pin]bool{}
	for _, pn := range pins {
		if seen[pn] {
			return nil, fmt.Errorf("pin %s is given twice", pn)
		}
		seen[pn] = true
	}
	if len(pins) < 2 && !p.reportOnly {
		return nil, fmt.Errorf("only %d pin: an enforcing rule needs at least 2 (a backup pin "+
			"for a key that is not yet deployed), or use ReportOnly", len(pins))
	}
	slices.SortFunc(pins, func(a, b Pin) int { return strings.Compare(string(a[:]), string(b[:])) })
	return pins, nil
}

// finish sorts the rules canonically and computes the policy hash.
func (p *Policy) finish() {
	slices.SortFunc(p.rules, func(a, b *rule) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		return boolCmp(a.subdomains, b.subdomains)
	})
	h := sha256.New()
	fmt.Fprintf(h, "pinkit-policy-v1\n")
	if !p.expires.IsZero() {
		fmt.Fprintf(h, "expires %s\n", p.expires.Format(time.DateOnly))
	}
	for _, r := range p.rules {
		kind := "host"
		if r.subdomains {
			kind = "domain"
		}
		fmt.Fprintf(h, "%s %s", kind, r.name)
		for _, pn := range r.pins {
			fmt.Fprintf(h, " %s", pn)
		}
		fmt.Fprintf(h, "\n")
	}
	p.hash = hex.EncodeToString(h.Sum(nil))
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	default:
		return -1
	}
}

// Hash returns the hex SHA-256 of the policy's canonical rules (sorted
// rules with sorted pins, and the expiry date). It is stable across runs
// and option order, and is sent as "policy-hash" in reports.
func (p *Policy) Hash() string { return p.hash }

// Mode returns [ModeReportOnly] for a policy built with [ReportOnly], else
// [ModeEnforce].
func (p *Policy) Mode() Mode {
	if p.reportOnly {
		return ModeReportOnly
	}
	return ModeEnforce
}

// match returns the rule for a normalised host: an exact Host rule, else
// the longest Domain rule that equals the host or is a parent of it at a
// label boundary. Rules are never merged.
func (p *Policy) match(host string) *rule {
	if r, ok := p.hosts[host]; ok {
		return r
	}
	for s := host; ; {
		if r, ok := p.domains[s]; ok {
			return r
		}
		i := strings.IndexByte(s, '.')
		if i < 0 {
			return nil
		}
		s = s[i+1:]
	}
}

// expired reports whether the pins have expired at now.
func (p *Policy) expired(now time.Time) bool {
	return !p.expires.IsZero() && !now.Before(p.expires)
}
