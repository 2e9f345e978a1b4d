package audit

import (
	"fmt"
	"github.com/pinkit/pinkit/audit/hosttable"
	"strconv"
	"strings"
	"time"
)

// Severity ranks findings. The zero value is SeverityInfo.
type Severity int

// Severities, lowest first.
const (
	SeverityInfo Severity = iota
	SeverityLow
	SeverityMedium
	SeverityHigh
	SeverityCritical
)

var severityNames = [...]string{"info", "low", "medium", "high", "critical"}

// String returns the lower-case name ("medium").
func (s Severity) String() string {
	if s >= 0 && int(s) < len(severityNames) {
		return severityNames[s]
	}
	return "severity(" + strconv.Itoa(int(s)) + ")"
}

// ParseSeverity parses a severity name, case-insensitive.
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(s, n) {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q: want one of %s", s, strings.Join(severityNames[:], ", "))
}

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	*s = v
	return err
}

// Status says whether a finding counts.
type Status int

// Finding statuses. The zero value is StatusFail.
const (
	// StatusFail is an active finding.
	StatusFail Status = iota
	// StatusError means the rule could not run (it panicked); it always counts.
	StatusError
	// StatusSuppressed is silenced by Options.Ignore or Options.Suppressions
	// (Finding.Justification says why).
	StatusSuppressed
	// StatusBaseline is listed in the Options.Baseline.
	StatusBaseline
)

var statusNames = [...]string{"fail", "error", "suppressed", "baseline"}

// String returns the lower-case name ("fail").
func (s Status) String() string {
	if s >= 0 && int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "status(" + strconv.Itoa(int(s)) + ")"
}

// MarshalText implements encoding.TextMarshaler.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Active reports whether the finding counts towards the exit code.
func (s Status) Active() bool { return s == StatusFail || s == StatusError }

// Finding is one rule violation.
type Finding struct {
	// RuleID is the rule's ID ("PK105").
	RuleID string
	// Severity defaults to the rule's; a rule may raise or lower it.
	Severity Severity
	Status   Status
	// App is the App.Path of the audited app.
	App string
	// Host is the host the finding is about, "" for app-wide findings.
	Host     string
	Message  string
	Location Location
	// Fingerprint identifies the finding across runs (for baselines): it
	// depends on rule, app ID, host and a rule-chosen key, not on lines.
	Fingerprint string
	// Key distinguishes several findings of one rule for one host (e.g. the
	// pin value); it feeds the Fingerprint.
	Key string
	// Justification says why a StatusSuppressed or StatusBaseline finding
	// does not count: the suppression's reason, or "in baseline".
	Justification string
}

// Metadata describes a rule.
type Metadata struct {
	// ID is "PK" + three digits; never reused.
	ID string
	// Name is a short kebab-case name ("no-backup-pin").
	Name string
	// Description is one sentence saying what fails.
	Description string
	// Help explains why it matters and how to fix it (Markdown).
	Help string
	// MASTG are OWASP MASTG test IDs ("MASTG-TEST-0242").
	MASTG []string
	// MASWE are OWASP MASWE weakness IDs ("MASWE-0047", "MASWE-0028").
	MASWE []string
	// CWE are CWE numbers (295).
	CWE []int
	// Severity is the default severity of the rule's findings.
	Severity Severity
	// Citation is the spec or documentation the rule enforces (a URL).
	Citation string
}

// Rule is one check. Check must not modify the App or the Context.
type Rule interface {
	Metadata() Metadata
	Check(app *App, ctx *Context) []Finding
}

// Applier is implemented by a rule that applies only to some apps (zlint's
// CheckApplies before Execute): the engine calls Applies first and, when
// it returns false, does not call Check and lists the rule's ID in
// [AppResult.NotApplicable] instead, so "passed" and "not applicable" stay
// apart. A rule without Applies applies to every app; Check may assume
// what Applies checked. Applies must not modify the App; a panic in it is
// reported like one in Check.
type Applier interface {
	Applies(app *App) bool
}

// Context is what the engine gives a rule besides the App.
type Context struct {
	// Now is the audit time (Options.Now).
	Now time.Time
	// ExpiryWarn is the window in which a pin-set expiry is reported.
	ExpiryWarn time.Duration
	// Hosts is the app's effective per-host table (see [hosttable.Build]):
	// the one source of per-host policy rules read.
	Hosts []hosttable.Row
	// Default is the policy of a host nothing names (see
	// [hosttable.Default]): what "every host" findings are about.
	Default hosttable.Row
}

// Host returns the table row for host, or nil.
func (c *Context) Host(host string) *hosttable.Row {
	for i := range c.Hosts {
		if c.Hosts[i].Host == host {
			return &c.Hosts[i]
		}
	}
	return nil
}
