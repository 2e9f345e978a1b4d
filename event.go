package pin

import (
	"crypto/x509"
	"slices"
	"time"
)

// EventKind says what an [Event] is about.
type EventKind int

const (
	// EventPinFailure: a pinned host failed validation. In enforce mode the
	// handshake was aborted; in report-only mode it was allowed.
	EventPinFailure EventKind = iota + 1
	// EventPinExpired: a host matched a rule, but the policy has expired,
	// so the connection was checked as if the host were not pinned.
	EventPinExpired
)

// String returns the kind's name, such as "pin-failure".
func (k EventKind) String() string {
	switch k {
	case EventPinFailure:
		return "pin-failure"
	case EventPinExpired:
		return "pin-expired"
	}
	return "unknown"
}

// Mode is how a [Policy] treats a pin failure.
type Mode int

const (
	// ModeEnforce aborts the handshake (HardFail). It is the default.
	ModeEnforce Mode = iota
	// ModeReportOnly emits the failure and allows the connection
	// (TrustKit's enforcePinning=false, HPKP's Report-Only).
	ModeReportOnly
)

// String returns "enforce" or "report-only", the spelling of the "mode"
// field of pinkit's reports.
func (m Mode) String() string {
	if m == ModeReportOnly {
		return "report-only"
	}
	return "enforce"
}

// Event is passed to the [OnEvent] callbacks. It carries everything a
// failure report needs (package pinreport builds one from it). The slices
// are shared with the connection and the policy: read them, do not modify
// them, and copy what you keep beyond the callback.
type Event struct {
	Kind EventKind
	// Host is the normalised host name of the connection.
	Host string
	// Port is the TCP port when it is known (connections made through
	// [Policy.Transport] with a custom TLS dialer), else 0.
	Port int
	// Time comes from the policy's clock.
	Time time.Time
	// Err is the validation error (a *Error) for EventPinFailure.
	Err error

	// NotedHostname is the host or domain of the rule that matched.
	NotedHostname string
	// IncludeSubdomains is true when that rule is a Domain rule.
	IncludeSubdomains bool
	// KnownPins are the rule's pins, sorted.
	KnownPins []Pin
	// Served is the chain the server sent, leaf first.
	Served []*x509.Certificate
	// Verified holds the chains crypto/tls verified (none without one).
	Verified [][]*x509.Certificate

	// Expires is the policy's expiry (00:00 UTC of the day), zero if none.
	Expires time.Time
	// Mode is the policy's mode.
	Mode Mode
	// PolicyHash is [Policy.Hash].
	PolicyHash string
	// App is the application id given with [App].
	App string
}

// emit completes e with rule r's (nil: no rule, the name was not a host
// name) and the policy's fields and passes it to the OnEvent callbacks, if
// any.
func (p *Policy) emit(e Event, r *rule) {
	if len(p.onEvent) == 0 {
		return
	}
	e.Time = p.clock()
	if r != nil {
		e.NotedHostname, e.IncludeSubdomains, e.KnownPins = r.name, r.subdomains, slices.Clone(r.pins)
	}
	e.Expires, e.Mode, e.PolicyHash, e.App = p.expires, p.Mode(), p.hash, p.app
	for _, fn := range p.onEvent {
		fn(e)
	}
}
