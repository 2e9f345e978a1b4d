package mitm

import (
	"fmt"
	"io"
	"net/url"
	"slices"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
	"github.com/pinkit/pinkit/internal/sariflog"
)

// MASTGURL documents the test the proxy automates.
const MASTGURL = "https://mas.owasp.org/MASTG/tests/android/MASVS-NETWORK/MASTG-TEST-0244/"

// sarifRule is one rule of the SARIF output, one per verdict.
type sarifRule struct {
	id      string
	verdict Verdict
	level   string
	cwe     string
	text    string
}

var sarifRules = []sarifRule{
	{"mitm/intercepted", VerdictIntercepted, "warning", "CWE-295", "The client accepted a certificate forged by a CA it trusts: the host is not pinned (MASTG-TEST-0244, MASWE-0047)."},
	{"mitm/validation-broken", VerdictValidationBroken, "error", "CWE-295", "The client accepted a self-signed or expired certificate: certificate validation is off (MASTG-TEST-0283/0285, CWE-295)."},
	{"mitm/hostname-broken", VerdictHostnameBroken, "error", "CWE-297", "The client accepted a certificate issued for another host name: hostname verification is off (MASTG-TEST-0283, CWE-297)."},
	{"mitm/pinned", VerdictPinned, "none", "CWE-295", "The client refused a certificate forged by a CA it trusts: the host is pinned."},
	{"mitm/unknown", VerdictUnknown, "none", "CWE-295", "Not enough attempts to tell whether the host is pinned."},
}

// SARIFOptions configure [WriteSARIFOptions].
type SARIFOptions struct {
	// ToolVersion is the driver's version (pinkit's).
	ToolVersion string
	// Artifact is the file every result is located at, usually the
	// --events JSON Lines file. When empty, each result is located at a
	// per-host pseudo-file HostArtifact(host), since code-scanning services
	// refuse results without a physical location.
	Artifact string
	// OnlyFailing leaves out the results of pinned and unknown hosts
	// (kinds "pass" and "open"); the run's properties still count them.
	OnlyFailing bool
}

// HostArtifact is the pseudo-file a host's result is located at when no
// artifact is given: "pinkit-mitm/hosts/<host>".
func HostArtifact(host string) string {
	return "pinkit-mitm/hosts/" + url.PathEscape(host)
}

// WriteSARIF writes the verdict matrix as a SARIF 2.1.0 log: one result
// per host, kind "fail" for intercepted, validation-broken and
// hostname-broken, "pass" for pinned, "open" for unknown, each located at
// [HostArtifact]. The run's properties carry the count of evicted hosts.
func WriteSARIF(w io.Writer, s Summary, toolVersion string) error {
	return WriteSARIFOptions(w, s, SARIFOptions{ToolVersion: toolVersion})
}

// WriteSARIFOptions writes the verdict matrix as a SARIF 2.1.0 log.
func WriteSARIFOptions(w io.Writer, s Summary, opts SARIFOptions) error {
	if err := sariflog.Write(w, BuildSARIFOptions(s, opts)); err != nil {
		return fmt.Errorf("failed to write SARIF report: %w", err)
	}
	return nil
}

// BuildSARIFOptions converts s to a SARIF report with one run.
func BuildSARIFOptions(s Summary, opts SARIFOptions) *sarif.Report {
	run := sarif.NewRunWithInformationURI("pinkit mitm", "https://github.com/pinkit/pinkit")
	run.Tool.Driver.WithVersion(opts.ToolVersion)
	for _, r := range sarifRules {
		props := sarif.NewPropertyBag().WithTags([]string{"security", "pinning", r.cwe, "MASTG-TEST-0244"})
		props.Add("mastg", "MASTG-TEST-0244")
		run.AddRule(r.id).
			WithShortDescription(sarif.NewMultiformatMessageString().WithText(string(r.verdict))).
			WithFullDescription(sarif.NewMultiformatMessageString().WithText(r.text)).
			WithHelp(sarif.NewMultiformatMessageString().WithText(r.text + " See " + MASTGURL)).
			WithHelpURI(MASTGURL).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(r.level)).
			WithProperties(props)
	}
	run.WithResults([]*sarif.Result{})
	passing := 0
	for _, hr := range s.Hosts {
		if opts.OnlyFailing && !hr.Verdict.Failing() {
			passing++
			continue
		}
		run.AddResult(sarifResult(run, hr, opts.Artifact))
	}
	props := sarif.NewPropertyBag()
	props.Add("evictedHosts", s.EvictedHosts)
	props.Add("omittedPassingHosts", passing)
	run.WithProperties(props)
	report := sarif.NewReport()
	report.AddRun(run)
	return report
}

func sarifResult(run *sarif.Run, hr HostResult, artifact string) *sarif.Result {
	i := slices.IndexFunc(sarifRules, func(r sarifRule) bool { return r.verdict == hr.Verdict })
	if i < 0 {
		i = len(sarifRules) - 1 // unknown
	}
	r := sarifRules[i]
	kind := "fail"
	switch r.verdict {
	case VerdictPinned:
		kind = "pass"
	case VerdictUnknown:
		kind = "open"
	}
	props := sarif.NewPropertyBag()
	props.Add("host", hr.Host)
	props.Add("verdict", hr.Verdict)
	props.Add("attacks", hr.Attacks)
	props.Add("requests", hr.Requests)
	if artifact == "" {
		artifact = HostArtifact(hr.Host)
	}
	phys := sarif.NewPhysicalLocation().WithArtifactLocation(sarif.NewArtifactLocation().WithURI(artifact))
	loc := sarif.NewLocation().WithPhysicalLocation(phys).
		AddLogicalLocation(sarif.NewLogicalLocation().WithName(hr.Host).WithKind("host"))
	return sarif.NewRuleResult(r.id).
		WithRuleIndex(run.GetRuleIndex(r.id)).
		WithKind(kind).
		WithLevel(r.level).
		WithMessage(sarif.NewTextMessage(fmt.Sprintf("%s: %s (%s)", hr.Host, hr.Verdict, hr.Reason))).
		WithPartialFingerprints(map[string]string{"pinkit-mitm/v1": string(r.verdict) + ":" + hr.Host}).
		AddLocation(loc).
		WithProperties(props)
}
