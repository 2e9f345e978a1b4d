package mitm

import (
	"fmt"
	"io"
	"slices"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
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

// WriteSARIF writes the verdict matrix as a SARIF 2.1.0 log: one result
// per host, kind "fail" for intercepted, validation-broken and
// hostname-broken, "pass" for pinned, "open" for unknown. The run's
// properties carry the count of evicted hosts.
func WriteSARIF(w io.Writer, s Summary, toolVersion string) error {
	if err := BuildSARIF(s, toolVersion).PrettyWrite(w); err != nil {
		return fmt.Errorf("failed to write SARIF report: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// BuildSARIF converts s to a SARIF report with one run.
func BuildSARIF(s Summary, toolVersion string) *sarif.Report {
	run := sarif.NewRunWithInformationURI("pinkit mitm", "https://github.com/pinkit/pinkit")
	run.Tool.Driver.WithVersion(toolVersion)
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
	for _, hr := range s.Hosts {
		run.AddResult(sarifResult(run, hr))
	}
	props := sarif.NewPropertyBag()
	props.Add("evictedHosts", s.EvictedHosts)
	run.WithProperties(props)
	report := sarif.NewReport()
	report.AddRun(run)
	return report
}

func sarifResult(run *sarif.Run, hr HostResult) *sarif.Result {
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
	loc := sarif.NewLocation().AddLogicalLocation(sarif.NewLogicalLocation().WithName(hr.Host).WithKind("host"))
	return sarif.NewRuleResult(r.id).
		WithRuleIndex(run.GetRuleIndex(r.id)).
		WithKind(kind).
		WithLevel(r.level).
		WithMessage(sarif.NewTextMessage(fmt.Sprintf("%s: %s (%s)", hr.Host, hr.Verdict, hr.Reason))).
		AddLocation(loc).
		WithProperties(props)
}
