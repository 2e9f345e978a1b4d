// Package policy reads pinkit.yaml, the one pinning policy of an app and its
// backends, and compiles it to each platform's artefact.
//
// [Load] reads YAML or JSON (version 1), computes pins given as cert: or
// key: files, and validates everything with the rules of package pin plus
// its own (no placeholder pin, expiry in the future, a known role and
// kind), each error with file:line. [File.Pin] builds the Go
// [pin.Policy]; this is the "pin.LoadPolicy" of the design: it lives here,
// not in package pin, so that pin stays free of YAML and file I/O.
//
// The generators ([NSC], [ATS], [OkHttp], [TrustKitIOS], [TrustKitAndroid],
// [Go]) write the platform artefacts; see docs/policy.md.
package policy

import (
	"time"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/pinreport"
)

// Version is the only policy file version this package reads.
const Version = 1

// Targets of [File.For] and of pinkit gen, also the keys of platforms:.
const (
	TargetNSC             = "nsc"
	TargetATS             = "ats"
	TargetOkHttp          = "okhttp"
	TargetTrustKitIOS     = "trustkit-ios"
	TargetTrustKitAndroid = "trustkit-android"
	TargetGo              = "go"
)

// Targets lists every target in a stable order.
var Targets = []string{TargetNSC, TargetATS, TargetOkHttp, TargetTrustKitIOS, TargetTrustKitAndroid, TargetGo}

// Modes of a policy.
const (
	ModeEnforce    = "enforce"
	ModeReportOnly = "report-only"
)

// Roles of a pin.
const (
	RoleCurrent = "current" // a key the servers serve today
	RoleBackup  = "backup"  // a key held in reserve, not served (RFC 7469 §2.5)
)

// Kinds of a pinned key: which certificate of a chain carries it.
const (
	KindLeaf = "leaf" // the server's own key
	KindCA   = "ca"   // an intermediate or root CA key
)

// File is a loaded pinkit.yaml. Its JSON form (field names below) is the
// policy's canonical JSON; a Domain's name, include-subdomains and pins
// (label, spki) have the shape of a signed pin-set document's hosts.
type File struct {
	Version   int                 `json:"version"`
	App       string              `json:"app,omitempty"`
	Expires   string              `json:"expires,omitempty"` // yyyy-mm-dd, UTC start of day
	Mode      string              `json:"mode,omitempty"`    // enforce (default) or report-only
	ReportURI string              `json:"report-uri,omitempty"`
	Domains   []Domain            `json:"domains"`
	Platforms map[string]Override `json:"platforms,omitempty"`

	// Name is the file name errors cite ("pinkit.yaml" for a reader).
	Name string `json:"-"`
	// Line is the line of the domains: key.
	Line int `json:"-"`
}

// Override replaces top-level settings for one target.
type Override struct {
	Expires   string `json:"expires,omitempty"`
	Mode      string `json:"mode,omitempty"`
	ReportURI string `json:"report-uri,omitempty"`
	Line      int    `json:"-"`
}

// Domain is one pinned host, or a host and its subdomains.
type Domain struct {
	Name              string                    `json:"name"` // normalised: lower-case A-labels, no trailing dot
	IncludeSubdomains bool                      `json:"include-subdomains"`
	Pins              []Pin                     `json:"pins"`
	Platforms         map[string]DomainOverride `json:"platforms,omitempty"`
	Line              int                       `json:"-"`
}

// DomainOverride changes one domain for one target.
type DomainOverride struct {
	// Skip leaves the domain out of the target's artefact.
	Skip bool `json:"skip,omitempty"`
	Line int  `json:"-"`
}

// Pin is one pinned key. Exactly one of SPKI, Cert and Key is written in the
// file; Load computes SPKI from Cert or Key.
type Pin struct {
	Label string `json:"label,omitempty"`
	SPKI  string `json:"spki"` // sha256/<base64>
	Cert  string `json:"cert,omitempty"`
	Key   string `json:"key,omitempty"`
	Role  string `json:"role,omitempty"` // current (default) or backup
	Kind  string `json:"kind,omitempty"` // leaf or ca; "" when unknown
	// Digest is SPKI parsed.
	Digest pin.Pin `json:"-"`
	Line   int     `json:"-"`
}

// IsBackup reports whether the pin is declared a backup.
func (p Pin) IsBackup() bool { return p.Role == RoleBackup }

// ExpiresAt returns the expiry as 00:00 UTC of the expiry day, or the zero
// time when there is none.
func (f *File) ExpiresAt() time.Time {
	t, err := time.Parse(time.DateOnly, f.Expires)
	if err != nil {
		return time.Time{}
	}
	return t
}

// ReportOnly reports whether failures are only reported.
func (f *File) ReportOnly() bool { return f.Mode == ModeReportOnly }

// For returns the policy as target sees it: its platforms: override
// applied to the top-level settings and the domains it skips left out.
func (f *File) For(target string) *File {
	v := *f
	v.Platforms = nil
	if o, ok := f.Platforms[target]; ok {
		if o.Expires != "" {
			v.Expires = o.Expires
		}
		if o.Mode != "" {
			v.Mode = o.Mode
		}
		if o.ReportURI != "" {
			v.ReportURI = o.ReportURI
		}
	}
	v.Domains = nil
	for _, d := range f.Domains {
		if !d.Platforms[target].Skip {
			v.Domains = append(v.Domains, d)
		}
	}
	return &v
}

// Pin builds the Go pin library's policy from the "go" view of f (see
// [File.For]), with opts appended (such as pin.OnEvent or pin.Clock).
// Package pin sends nothing itself: to send failure reports to the
// policy's report-uri, use [File.Reporter] and pass pin.OnEvent(r.Handle).
func (f *File) Pin(opts ...pin.Option) (*pin.Policy, error) {
	return f.For(TargetGo).build(opts...)
}

// Reporter returns a pinreport.Reporter for the "go" view's report-uri,
// or nil when there is none. Close it when done.
func (f *File) Reporter(opts ...pinreport.Option) (*pinreport.Reporter, error) {
	v := f.For(TargetGo)
	if v.ReportURI == "" {
		return nil, nil
	}
	return pinreport.New(v.ReportURI, opts...)
}

// build turns f, as is, into a pin.Policy.
func (f *File) build(opts ...pin.Option) (*pin.Policy, error) {
	var all []pin.Option
	for _, d := range f.Domains {
		all = append(all, d.option())
	}
	all = append(all, f.options()...)
	return pin.NewPolicy(append(all, opts...)...)
}

// options are the policy-wide pin options of f.
func (f *File) options() []pin.Option {
	var out []pin.Option
	if t := f.ExpiresAt(); !t.IsZero() {
		out = append(out, pin.Expires(t))
	}
	if f.ReportOnly() {
		out = append(out, pin.ReportOnly())
	}
	if f.App != "" {
		out = append(out, pin.App(f.App))
	}
	return out
}

// option is the pin.HostPins or pin.DomainPins rule of d.
func (d Domain) option() pin.Option {
	pins := make([]pin.Pin, len(d.Pins))
	for i, p := range d.Pins {
		pins[i] = p.Digest
	}
	if d.IncludeSubdomains {
		return pin.DomainPins(d.Name, pins...)
	}
	return pin.HostPins(d.Name, pins...)
}
