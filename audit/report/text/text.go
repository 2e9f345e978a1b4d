// Package text writes an audit result for humans: per app, the effective
// per-host policy table, then the findings grouped by severity.
package text

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
)

// Write renders res to w. A result without apps writes nothing.
func Write(w io.Writer, res *audit.Result) error {
	ew := &errWriter{w: w}
	names := map[string]string{}
	for _, m := range res.Rules {
		names[m.ID] = m.Name
	}
	for i, a := range res.Apps {
		if i > 0 {
			ew.printf("\n")
		}
		writeApp(ew, a, names)
	}
	writePairs(ew, res)
	return ew.err
}

func writeApp(ew *errWriter, a audit.AppResult, names map[string]string) {
	ew.printf("== %s ==\n", header(a.App))
	if len(a.Hosts) == 0 {
		ew.printf("no hosts found\n")
	} else {
		writeHosts(ew, a.Hosts)
	}
	writeFindings(ew, a.Findings, names)
}

func header(app *audit.App) string {
	parts := []string{app.Path}
	var info []string
	for _, s := range []string{app.ID, app.Version, app.Platform} {
		if s != "" {
			info = append(info, s)
		}
	}
	if app.TargetSDK > 0 {
		info = append(info, "targetSdk "+strconv.Itoa(app.TargetSDK))
	}
	if app.Debuggable {
		info = append(info, "debuggable")
	}
	if app.NSCFile != "" {
		info = append(info, "NSC "+app.NSCFile)
	}
	if len(info) > 0 {
		parts = append(parts, "("+strings.Join(info, ", ")+")")
	}
	return strings.Join(parts, " ")
}

func writeHosts(ew *errWriter, hosts []hosttable.Row) {
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "HOST\tPARTY\tPINNED\tPINS\tSOURCE\tEXPIRES\tBACKUP\tUSER CA\tCLEARTEXT")
	for _, h := range hosts {
		party := "3rd"
		if h.FirstParty {
			party = "1st"
		}
		host := h.Host
		if h.IncludeSubdomains {
			host += " (+subdomains)"
		}
		pinned := yesNo(h.Pinned)
		if h.OverridePins {
			pinned += " (override)"
		}
		if h.Expired {
			pinned += " (expired)"
		}
		if h.ConfigRejected {
			pinned += " (config rejected)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", host, party, pinned, len(h.Pins),
			strings.Join(h.Sources, ","), dash(h.Expires), yesNo(h.Backup), yesNo(h.UserCA), yesNo(h.Cleartext))
	}
	ew.setErr(tw.Flush())
}

func writeFindings(ew *errWriter, fs []audit.Finding, names map[string]string) {
	var active, suppressed, baseline int
	for _, f := range fs {
		switch f.Status {
		case audit.StatusSuppressed:
			suppressed++
		case audit.StatusBaseline:
			baseline++
		default:
			active++
		}
	}
	ew.printf("\n%d finding(s)", active)
	if suppressed+baseline > 0 {
		ew.printf(" (%d suppressed, %d in baseline)", suppressed, baseline)
	}
	ew.printf("\n")
	for sev := audit.SeverityCritical; sev >= audit.SeverityInfo; sev-- {
		first := true
		for _, f := range fs {
			if f.Severity != sev || !f.Status.Active() {
				continue
			}
			if first {
				ew.printf("%s\n", strings.ToUpper(sev.String()))
				first = false
			}
			ew.printf("  %s %s  %s\n", f.RuleID, names[f.RuleID], where(f))
			ew.printf("      %s\n", f.Message)
		}
	}
}

func where(f audit.Finding) string {
	s := f.Location.String()
	if f.Status == audit.StatusError {
		s = strings.TrimSpace(s + " [rule error]")
	}
	return dash(s)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// errWriter remembers the first write error.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.setErr(err)
	return n, err
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

func (e *errWriter) setErr(err error) {
	if e.err == nil && err != nil {
		e.err = fmt.Errorf("failed to write text report: %w", err)
	}
}
