// Package json writes an audit result as stable, snake_case JSON for
// machines. The document carries "schema_version"; fields are only ever
// added within a version.
package json

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
	"github.com/pinkit/pinkit/internal/buildinfo"
)

// SchemaVersion is the version of the document layout.
const SchemaVersion = 1

// Report is the JSON document.
type Report struct {
	SchemaVersion int     `json:"schema_version"`
	Tool          string  `json:"tool"`
	ToolVersion   string  `json:"tool_version"`
	AuditedAt     string  `json:"audited_at"`
	Summary       Summary `json:"summary"`
	Rules         []Rule  `json:"rules"`
	Apps          []App   `json:"apps"`
}

// Summary counts apps and active findings. Apps counts the inputs that
// were audited; Failed those that could not be (their entries in
// Report.Apps carry an Error).
type Summary struct {
	Apps       int            `json:"apps"`
	Failed     int            `json:"failed"`
	Findings   int            `json:"findings"`
	Suppressed int            `json:"suppressed"`
	Baseline   int            `json:"baseline"`
	Errors     int            `json:"errors"`
	BySeverity map[string]int `json:"by_severity"`
}

// Rule is a rule's metadata.
type Rule struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Severity    string   `json:"severity"`
	MASTG       []string `json:"mastg"`
	MASWE       []string `json:"maswe"`
	CWE         []int    `json:"cwe"`
	Citation    string   `json:"citation"`
}

// App is one audited app, or an input that could not be audited: then
// Error says why and the other fields are empty.
type App struct {
	Path       string    `json:"path"`
	Error      string    `json:"error,omitempty"`
	Platform   string    `json:"platform"`
	ID         string    `json:"id"`
	Version    string    `json:"version"`
	TargetSDK  int       `json:"target_sdk"`
	MinSDK     int       `json:"min_sdk"`
	Debuggable bool      `json:"debuggable"`
	NSCFile    string    `json:"nsc_file"`
	Frameworks []string  `json:"frameworks"`
	Hosts      []Host    `json:"hosts"`
	Findings   []Finding `json:"findings"`
}

// Host is one row of the effective per-host table.
type Host struct {
	Host              string    `json:"host"`
	FirstParty        bool      `json:"first_party"`
	Pinned            bool      `json:"pinned"`
	ConfigRejected    bool      `json:"config_rejected"`
	Pins              []Pin     `json:"pins"`
	Sources           []string  `json:"sources"`
	Expires           string    `json:"expires"`
	Expired           bool      `json:"expired"`
	IncludeSubdomains bool      `json:"include_subdomains"`
	Backup            bool      `json:"backup"`
	UserCA            bool      `json:"user_ca"`
	OverridePins      bool      `json:"override_pins"`
	Cleartext         bool      `json:"cleartext"`
	Location          *Location `json:"location,omitempty"`
}

// Pin is one pin of a host.
type Pin struct {
	Value     string    `json:"value"`
	Algorithm string    `json:"algorithm"`
	Source    string    `json:"source"`
	Valid     bool      `json:"valid"`
	Location  *Location `json:"location,omitempty"`
}

// Location is where something was found.
type Location struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Symbol string `json:"symbol,omitempty"`
}

// Finding is one rule violation.
type Finding struct {
	RuleID      string    `json:"rule_id"`
	RuleName    string    `json:"rule_name"`
	Severity    string    `json:"severity"`
	Status      string    `json:"status"`
	Host        string    `json:"host"`
	Message     string    `json:"message"`
	Location    *Location `json:"location,omitempty"`
	Fingerprint string    `json:"fingerprint"`
	// Justification says why a suppressed or baselined finding does not
	// count.
	Justification string `json:"justification,omitempty"`
}

// Write renders res to w as indented JSON.
func Write(w io.Writer, res *audit.Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(Build(res)); err != nil {
		return fmt.Errorf("failed to write JSON report: %w", err)
	}
	return nil
}

// Build converts res to the JSON document.
func Build(res *audit.Result) Report {
	r := Report{SchemaVersion: SchemaVersion, Tool: "pinkit", ToolVersion: buildinfo.Version(), AuditedAt: res.Now.UTC().Format(time.RFC3339),
		Rules: []Rule{}, Apps: []App{}, Summary: Summary{Apps: len(res.Apps), BySeverity: map[string]int{}}}
	names := map[string]string{}
	for _, m := range res.Rules {
		names[m.ID] = m.Name
		r.Rules = append(r.Rules, Rule{ID: m.ID, Name: m.Name, Description: m.Description, Severity: m.Severity.String(),
			MASTG: nonNil(m.MASTG), MASWE: nonNil(m.MASWE), CWE: nonNil(m.CWE), Citation: m.Citation})
	}
	for _, a := range res.Apps {
		r.Apps = append(r.Apps, app(a, names, &r.Summary))
	}
	for _, f := range res.Failed {
		r.Summary.Failed++
		r.Apps = append(r.Apps, App{Path: f.Path, Error: f.Err.Error(), Frameworks: []string{}, Hosts: []Host{}, Findings: []Finding{}})
	}
	return r
}

func app(a audit.AppResult, names map[string]string, sum *Summary) App {
	out := App{Path: a.App.Path, Platform: a.App.Platform, ID: a.App.Name(), Version: a.App.Version,
		TargetSDK: a.App.TargetSDK, MinSDK: a.App.MinSDK, Debuggable: a.App.Debuggable, NSCFile: a.App.NSCFile,
		Frameworks: nonNil(a.App.Frameworks), Hosts: []Host{}, Findings: []Finding{}}
	for _, h := range a.Hosts {
		out.Hosts = append(out.Hosts, host(h))
	}
	for _, f := range a.Findings {
		switch f.Status {
		case audit.StatusSuppressed:
			sum.Suppressed++
		case audit.StatusBaseline:
			sum.Baseline++
		case audit.StatusError:
			sum.Errors++
			fallthrough
		default:
			sum.Findings++
			sum.BySeverity[f.Severity.String()]++
		}
		out.Findings = append(out.Findings, Finding{RuleID: f.RuleID, RuleName: names[f.RuleID], Severity: f.Severity.String(),
			Status: f.Status.String(), Host: f.Host, Message: f.Message, Location: loc(f.Location), Fingerprint: f.Fingerprint,
			Justification: f.Justification})
	}
	return out
}

func host(h hosttable.Row) Host {
	out := Host{Host: h.Host, FirstParty: h.FirstParty, Pinned: h.Pinned, ConfigRejected: h.ConfigRejected, Pins: []Pin{}, Sources: nonNil(h.Sources),
		Expires: h.Expires, Expired: h.Expired, IncludeSubdomains: h.IncludeSubdomains, Backup: h.Backup,
		UserCA: h.UserCA, OverridePins: h.OverridePins, Cleartext: h.Cleartext, Location: loc(h.Location)}
	for _, p := range h.Pins {
		out.Pins = append(out.Pins, Pin{Value: p.Value, Algorithm: p.Algorithm, Source: p.Source, Valid: p.Valid, Location: loc(p.Location)})
	}
	return out
}

func loc(l audit.Location) *Location {
	if l == (audit.Location{}) {
		return nil
	}
	return &Location{File: l.File, Line: l.Line, Symbol: l.Symbol}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
