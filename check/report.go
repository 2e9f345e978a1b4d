package check

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
	"github.com/pinkit/pinkit/internal/safetext"
)

// SchemaVersion is the version of the JSON output.
const SchemaVersion = 1

// Report is the JSON document [WriteJSON] writes.
type Report struct {
	SchemaVersion int       `json:"schema_version"`
	Now           time.Time `json:"now"`
	Roots         string    `json:"roots"`
	WarnDays      int       `json:"warn_days"`
	Results       []Result  `json:"results"`
}

// WriteJSON writes results as indented JSON.
func WriteJSON(w io.Writer, results []Result, o Options) error {
	o.defaults()
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(Report{SchemaVersion: SchemaVersion, Now: o.Now.UTC(), Roots: o.RootsName,
		WarnDays: int(o.Warn / (24 * time.Hour)), Results: results})
}

// WriteText writes a human-readable report: one block per host. What a
// server sent (subjects, errors, host names) is escaped by safetext, so a
// hostile certificate cannot rewrite the terminal.
func WriteText(w io.Writer, results []Result, o Options) error {
	o.defaults()
	var b strings.Builder
	fmt.Fprintf(&b, "roots: %s; warning window %d days; now %s\n", safetext.Escape(o.RootsName), int(o.Warn/(24*time.Hour)),
		o.Now.UTC().Format(time.DateOnly))
	for _, r := range results {
		fmt.Fprintf(&b, "\n%s (%s)  %s\n", safetext.Escape(r.Host), safetext.Escape(r.Addr), strings.ToUpper(string(r.Status)))
		if r.Source != "" {
			fmt.Fprintf(&b, "  from         %s\n", safetext.Escape(r.Source))
		}
		if r.Error != "" {
			fmt.Fprintf(&b, "  error        %s\n", safetext.Escape(r.Error))
			continue
		}
		if r.VerifyError != "" {
			fmt.Fprintf(&b, "  not verified %s\n", safetext.Escape(r.VerifyError))
		}
		for _, c := range r.Chain {
			served := ""
			if !c.Served {
				served = " (from the trust store, not served)"
			}
			fmt.Fprintf(&b, "  %-12s %s%s\n", c.Role, safetext.Escape(c.Subject), served)
			fmt.Fprintf(&b, "               not after %s  %s", c.NotAfter.Format(time.DateOnly), c.Pin)
			if len(c.Pinned) > 0 {
				fmt.Fprintf(&b, "  <- pinned: %s", safetext.Escape(strings.Join(c.Pinned, ", ")))
			}
			b.WriteString("\n")
		}
		if len(r.Backups) > 0 {
			fmt.Fprintf(&b, "  backups      %s (not served)\n", safetext.Escape(strings.Join(r.Backups, ", ")))
		}
		if !r.BrickDate.IsZero() {
			fmt.Fprintf(&b, "  bricks       %s: %s\n", r.BrickDate.Format(time.DateOnly), safetext.Escape(r.BrickReason))
		}
		for _, n := range r.Notes {
			fmt.Fprintf(&b, "  note         %s\n", safetext.Escape(n))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// SARIF rules of pinkit check.
var sarifRules = []struct{ id, name, desc, level string }{
	{"CHK001", "bricked", "No pin matches the host's verified chain (or the chain does not verify): the app cannot connect.", "error"},
	{"CHK002", "bricks-soon", "The pins stop matching, or the pin set expires, within the warning window.", "warning"},
	{"CHK003", "no-real-backup", "No backup pin is a key that is held but not served (RFC 7469 §2.5).", "warning"},
	{"CHK004", "unreachable", "The host could not be checked.", "note"},
}

// WriteSARIF writes failing hosts, hosts without a real backup and
// unreachable hosts as SARIF 2.1.0 results.
func WriteSARIF(w io.Writer, results []Result, source string) error {
	report := sarif.NewReport()
	run := sarif.NewRunWithInformationURI("pinkit", "https://github.com/pinkit/pinkit")
	for _, r := range sarifRules {
		run.AddRule(r.id).WithName(r.name).WithDescription(r.desc).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(r.level))
	}
	run.WithResults([]*sarif.Result{})
	for _, r := range results {
		for _, f := range sarifFindings(r) {
			res := sarif.NewRuleResult(f.rule).WithRuleIndex(run.GetRuleIndex(f.rule)).
				WithLevel(f.level).WithMessage(sarif.NewTextMessage(r.Host + ": " + f.msg))
			uri := source
			if uri == "" {
				uri = r.Host
			}
			res.AddLocation(sarif.NewLocation().WithPhysicalLocation(sarif.NewPhysicalLocation().
				WithArtifactLocation(sarif.NewArtifactLocation().WithURI(uri))))
			props := sarif.NewPropertyBag()
			props.Add("host", r.Host)
			props.Add("status", string(r.Status))
			res.WithProperties(props)
			run.AddResult(res)
		}
	}
	report.AddRun(run)
	if err := report.PrettyWrite(w); err != nil {
		return fmt.Errorf("failed to write SARIF report: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

type sarifFinding struct{ rule, level, msg string }

func sarifFindings(r Result) []sarifFinding {
	var out []sarifFinding
	switch r.Status {
	case StatusBricked:
		msg := "no pin matches the verified chain"
		if r.VerifyError != "" {
			msg = "the chain does not verify: " + r.VerifyError
		}
		out = append(out, sarifFinding{"CHK001", "error", msg})
	case StatusWarn:
		msg := "no pin matches (report-only)"
		if !r.BrickDate.IsZero() {
			msg = "bricks on " + r.BrickDate.Format(time.DateOnly) + ": " + r.BrickReason
		}
		out = append(out, sarifFinding{"CHK002", "warning", msg})
	case StatusError:
		out = append(out, sarifFinding{"CHK004", "note", r.Error})
	}
	for _, n := range r.Notes {
		if strings.HasPrefix(n, "no real backup") {
			out = append(out, sarifFinding{"CHK003", "warning", n})
		}
	}
	return out
}
