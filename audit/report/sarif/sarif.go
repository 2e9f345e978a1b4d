// Package sarif writes an audit result as SARIF 2.1.0 for code-scanning
// dashboards (GitHub, GitLab, Azure DevOps). Rules carry help text, MASTG
// test links, MASWE and CWE tags; findings carry a stable partial
// fingerprint, name their app in the message and point at a file
// ([Options] relate APK paths to the repository); suppressed or
// baselined findings are marked as such with their justification, and
// inputs that could not be audited make the invocation unsuccessful with
// one notification each.
package sarif

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/internal/buildinfo"
	"github.com/pinkit/pinkit/internal/sariflog"
)

// InformationURI is the tool's home page in the SARIF driver.
const InformationURI = "https://github.com/pinkit/pinkit"

// Write renders res to w as indented SARIF 2.1.0 with the zero Options.
func Write(w io.Writer, res *audit.Result) error {
	return WriteOptions(w, res, Options{})
}

// WriteOptions renders res to w as indented SARIF 2.1.0.
func WriteOptions(w io.Writer, res *audit.Result, opts Options) error {
	report, err := BuildOptions(res, opts)
	if err != nil {
		return err
	}
	if err := sariflog.Write(w, report); err != nil {
		return fmt.Errorf("failed to write SARIF report: %w", err)
	}
	return nil
}

// BuildOptions converts res to a SARIF report with one run.
func BuildOptions(res *audit.Result, opts Options) (*sarif.Report, error) {
	report := sarif.NewReport()
	run := sarif.NewRunWithInformationURI("pinkit", InformationURI)
	v := buildinfo.Version()
	run.Tool.Driver.WithVersion(v)
	if strings.HasPrefix(v, "v") {
		run.Tool.Driver.WithSemanticVersion(strings.TrimPrefix(v, "v"))
	}
	if opts.SourceRoot != "" {
		uri, err := opts.rootURI()
		if err != nil {
			return nil, err
		}
		run.WithOriginalUriBaseIds(map[string]sarif.ArtifactLocation{SourceRootID: *sarif.NewArtifactLocation().WithURI(uri)})
	}
	for _, m := range res.Rules {
		addRule(run, m)
	}
	run.WithResults([]*sarif.Result{})
	for _, a := range res.Apps {
		for _, f := range a.Findings {
			run.AddResult(result(run, a.App, f, opts))
		}
	}
	run.AddInvocation(invocation(res.Failed, opts))
	report.AddRun(run)
	return report, nil
}

// invocation records whether every input was audited: each one that was
// not is an error notification located at the input, and
// executionSuccessful is false.
func invocation(failed []audit.InputError, opts Options) *sarif.Invocation {
	inv := sarif.NewInvocation().WithExecutionSuccessful(len(failed) == 0)
	for _, f := range failed {
		loc := sarif.NewLocation().WithPhysicalLocation(sarif.NewPhysicalLocation().WithArtifactLocation(opts.artifact(f.Path)))
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarif.NewNotification().
			WithLevel("error").
			WithMessage(sarif.NewTextMessage(fmt.Sprintf("%s could not be audited: %v", f.Path, f.Err))).
			AddLocation(loc))
	}
	return inv
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

func result(run *sarif.Run, app *audit.App, f audit.Finding, opts Options) *sarif.Result {
	loc, placed := location(app, f.Location, opts)
	r := sarif.NewRuleResult(f.RuleID).WithRuleIndex(run.GetRuleIndex(f.RuleID)).
		WithLevel(level(f.Severity)).
		WithMessage(sarif.NewTextMessage(message(app, f, placed))).
		WithPartialFingerprints(map[string]string{"pinkit/v1": f.Fingerprint})
	if f.Status == audit.StatusError {
		r.WithKind("fail").WithLevel("error")
	}
	r.AddLocation(loc)
	props := sarif.NewPropertyBag()
	props.Add("app", app.Path)
	if app.ID != "" {
		props.Add("appId", app.ID)
	}
	props.Add("severity", f.Severity.String())
	if f.Host != "" {
		props.Add("host", f.Host)
	}
	r.WithProperties(props)
	switch f.Status {
	case audit.StatusSuppressed:
		r.AddSuppression(sarif.NewSuppression().WithKind("external").WithStatus("accepted").WithJustification(f.Justification))
	case audit.StatusBaseline:
		r.WithBaselineState("unchanged")
		r.AddSuppression(sarif.NewSuppression().WithKind("external").WithStatus("accepted").WithJustification(f.Justification))
	}
	return r
}

// message names the app first, so that results of several apps that share
// a file can be told apart, and the place inside an archive when the
// location could not point there.
func message(app *audit.App, f audit.Finding, placed bool) string {
	name := app.Path
	if id := app.Name(); id != app.Path {
		name = id + " (" + app.Path + ")"
	}
	msg := name + ": " + f.Message
	if !placed && f.Location.String() != "" {
		msg += " [in " + f.Location.String() + "]"
	}
	return msg
}

// location points at the file of the finding (see Options) and, for code,
// the class or symbol as a logical location. placed is false when it
// points at the app itself instead of the file inside it.
func location(app *audit.App, l audit.Location, opts Options) (*sarif.Location, bool) {
	file, placed := opts.place(app, l.File)
	phys := sarif.NewPhysicalLocation().WithArtifactLocation(opts.artifact(file))
	if l.Line > 0 && placed {
		phys.WithRegion(sarif.NewRegion().WithStartLine(l.Line))
	}
	loc := sarif.NewLocation().WithPhysicalLocation(phys)
	if l.Symbol != "" {
		loc.AddLogicalLocation(sarif.NewLogicalLocation().WithFullyQualifiedName(l.Symbol).WithKind("type"))
	}
	return loc, placed && l.File != ""
}
