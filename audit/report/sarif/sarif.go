// Package sarif writes an audit result as SARIF 2.1.0 for code-scanning
// dashboards (GitHub, GitLab, Azure DevOps). Rules carry help text, MASTG
// test links, MASWE and CWE tags; findings carry a stable partial
// fingerprint, and suppressed or baselined findings are marked as such.
package sarif

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
	"github.com/pinkit/pinkit/audit"
)

// InformationURI is the tool's home page in the SARIF driver.
const InformationURI = "https://github.com/pinkit/pinkit"

// Write renders res to w as indented SARIF 2.1.0.
func Write(w io.Writer, res *audit.Result) error {
	if err := Build(res).PrettyWrite(w); err != nil {
		return fmt.Errorf("failed to write SARIF report: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// Build converts res to a SARIF report with one run.
func Build(res *audit.Result) *sarif.Report {
	report := sarif.NewReport()
	run := sarif.NewRunWithInformationURI("pinkit", InformationURI)
	run.Tool.Driver.WithSemanticVersion("0.1.0")
	for _, m := range res.Rules {
		addRule(run, m)
	}
	run.WithResults([]*sarif.Result{})
	for _, a := range res.Apps {
		for _, f := range a.Findings {
			run.AddResult(result(run, a.App, f))
		}
	}
	report.AddRun(run)
	return report
}

func addRule(run *sarif.Run, m audit.Metadata) {
	props := sarif.NewPropertyBag().WithTags(tags(m))
	props.Add("security-severity", securitySeverity(m.Severity))
	props.Add("problem.severity", level(m.Severity))
	var links []string
	for _, id := range m.MASTG {
		links = append(links, MASTGLink(id))
	}
	if len(links) > 0 {
		props.Add("mastg", links)
	}
	help := m.Help + "\n\n" + references(m)
	rule := run.AddRule(m.ID).
		WithName(m.Name).
		WithDescription(m.Description).
		WithFullDescription(sarif.NewMultiformatMessageString().WithText(m.Description)).
		WithHelp(sarif.NewMultiformatMessageString().WithText(help).WithMarkdown(help)).
		WithHelpURI(helpURI(m)).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(level(m.Severity))).
		WithProperties(props)
	rule.WithShortDescription(sarif.NewMultiformatMessageString().WithText(m.Description))
}

func tags(m audit.Metadata) []string {
	out := []string{"security", "pinning"}
	out = append(out, m.MASWE...)
	out = append(out, m.MASTG...)
	for _, c := range m.CWE {
		out = append(out, "external/cwe/cwe-"+strconv.Itoa(c), "CWE-"+strconv.Itoa(c))
	}
	return out
}

// references lists the rule's MASTG, MASWE and CWE links in Markdown.
func references(m audit.Metadata) string {
	var b strings.Builder
	b.WriteString("References:\n")
	for _, id := range m.MASTG {
		fmt.Fprintf(&b, "- [%s](%s)\n", id, MASTGLink(id))
	}
	for _, id := range m.MASWE {
		fmt.Fprintf(&b, "- [%s](%s)\n", id, MASWELink(id))
	}
	for _, c := range m.CWE {
		fmt.Fprintf(&b, "- [CWE-%d](https://cwe.mitre.org/data/definitions/%d.html)\n", c, c)
	}
	if m.Citation != "" {
		fmt.Fprintf(&b, "- [Documentation](%s)\n", m.Citation)
	}
	return b.String()
}

func helpURI(m audit.Metadata) string {
	if len(m.MASTG) > 0 {
		return MASTGLink(m.MASTG[0])
	}
	return m.Citation
}

// MASTGLink returns the OWASP MASTG page of a test ID ("MASTG-TEST-0242").
func MASTGLink(id string) string {
	return "https://mas.owasp.org/MASTG/tests/android/MASVS-NETWORK/" + id + "/"
}

// MASWELink returns the OWASP MASWE page of a weakness ID ("MASWE-0047").
func MASWELink(id string) string {
	return "https://mas.owasp.org/MASWE/MASVS-NETWORK/" + id + "/"
}

func level(s audit.Severity) string {
	switch {
	case s >= audit.SeverityHigh:
		return "error"
	case s == audit.SeverityMedium:
		return "warning"
	}
	return "note"
}

// securitySeverity maps to GitHub's 0.0–10.0 scale.
func securitySeverity(s audit.Severity) string {
	return [...]string{"1.0", "3.0", "5.5", "8.0", "9.5"}[min(max(int(s), 0), 4)]
}

func result(run *sarif.Run, app *audit.App, f audit.Finding) *sarif.Result {
	r := sarif.NewRuleResult(f.RuleID).WithRuleIndex(run.GetRuleIndex(f.RuleID)).
		WithLevel(level(f.Severity)).
		WithMessage(sarif.NewTextMessage(f.Message)).
		WithPartialFingerprints(map[string]string{"pinkit/v1": f.Fingerprint})
	if f.Status == audit.StatusError {
		r.WithKind("fail").WithLevel("error")
	}
	r.AddLocation(location(app, f.Location))
	props := sarif.NewPropertyBag()
	props.Add("app", app.Path)
	props.Add("severity", f.Severity.String())
	if f.Host != "" {
		props.Add("host", f.Host)
	}
	r.WithProperties(props)
	switch f.Status {
	case audit.StatusSuppressed:
		r.AddSuppression(sarif.NewSuppression().WithKind("external").WithStatus("accepted").WithJustification("--ignore " + f.RuleID + ":" + f.Host))
	case audit.StatusBaseline:
		r.WithBaselineState("unchanged")
		r.AddSuppression(sarif.NewSuppression().WithKind("external").WithStatus("accepted").WithJustification("in baseline"))
	}
	return r
}

// location points at the file inside the app (or the app itself) and, for
// code, the class or symbol as a logical location.
func location(app *audit.App, l audit.Location) *sarif.Location {
	uri := l.File
	if uri == "" {
		uri = app.Path
	}
	phys := sarif.NewPhysicalLocation().WithArtifactLocation(sarif.NewArtifactLocation().WithURI(uri))
	if l.Line > 0 {
		phys.WithRegion(sarif.NewRegion().WithStartLine(l.Line))
	}
	loc := sarif.NewLocation().WithPhysicalLocation(phys)
	if l.Symbol != "" {
		loc.AddLogicalLocation(sarif.NewLogicalLocation().WithFullyQualifiedName(l.Symbol).WithKind("type"))
	}
	return loc
}
