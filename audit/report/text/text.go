// Package text writes an audit result for humans: per app, the findings by
// severity (repeats of a rule grouped), then the effective per-host policy
// table, and one summary line for the whole run.
//
// Every string that comes from an audited app (paths, IDs, hosts,
// messages) is printed through [safetext.Escape], so an app cannot move
// the cursor, clear the screen or forge report lines.
package text

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/internal/safetext"
)

// Hosts says which rows of the per-host table [WriteOptions] prints.
type Hosts int

// Host table choices.
const (
	// HostsAll prints every host (the default).
	HostsAll Hosts = iota
	// HostsUnpinned prints the hosts that are not pinned.
	HostsUnpinned
	// HostsNone prints no host table.
	HostsNone
)

var hostsNames = [...]string{"all", "unpinned", "none"}

// ParseHosts parses "all", "unpinned" or "none".
func ParseHosts(s string) (Hosts, error) {
	for i, n := range hostsNames {
		if s == n {
			return Hosts(i), nil
		}
	}
	return 0, fmt.Errorf("unknown host table %q: want %s", s, strings.Join(hostsNames[:], ", "))
}

// Options configure [WriteOptions]. The zero value prints every host.
type Options struct {
	// Hosts selects the rows of each app's host table.
	Hosts Hosts
}

// Write renders res to w with the default options. A result without apps
// or failures writes nothing.
func Write(w io.Writer, res *audit.Result) error {
	return WriteOptions(w, res, Options{})
}

// WriteOptions renders res to w.
func WriteOptions(w io.Writer, res *audit.Result, opts Options) error {
	if len(res.Apps) == 0 && len(res.Failed) == 0 {
		return nil
	}
	ew := &errWriter{w: w}
	names := map[string]string{}
	for _, m := range res.Rules {
		names[m.ID] = m.Name
	}
	for i, a := range res.Apps {
		if i > 0 {
			ew.printf("\n")
		}
		writeApp(ew, a, names, opts)
	}
	writeFailed(ew, res.Failed, len(res.Apps) > 0)
	writePairs(ew, res)
	writeSummary(ew, res)
	return ew.err
}

func writeApp(ew *errWriter, a audit.AppResult, names map[string]string, opts Options) {
	ew.printf("== %s ==\n", header(a.App))
	writeFindings(ew, a.Findings, names)
	if opts.Hosts == HostsNone {
		return
	}
	ew.printf("\n")
	if len(a.Hosts) == 0 {
		ew.printf("no hosts found\n")
		return
	}
	writeHosts(ew, a.Hosts, opts.Hosts)
}

func writeFailed(ew *errWriter, failed []audit.InputError, after bool) {
	for i, f := range failed {
		if i == 0 && after {
			ew.printf("\n")
		}
		ew.printf("== %s ==\nFAILED: %s\n", f.Path, f.Err)
	}
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

// writeSummary prints one line for the whole run: apps, failures, active
// findings by severity, suppressed and baselined.
func writeSummary(ew *errWriter, res *audit.Result) {
	var active, suppressed, baseline int
	bySev := map[audit.Severity]int{}
	for _, a := range res.Apps {
		for _, f := range a.Findings {
			switch {
			case f.Status == audit.StatusSuppressed:
				suppressed++
			case f.Status == audit.StatusBaseline:
				baseline++
			default:
				active++
				bySev[f.Severity]++
			}
		}
	}
	var sev []string
	for s := audit.SeverityCritical; s >= audit.SeverityInfo; s-- {
		if bySev[s] > 0 {
			sev = append(sev, fmt.Sprintf("%d %s", bySev[s], s))
		}
	}
	line := fmt.Sprintf("summary: %d app(s) audited, %d failed; %d finding(s)", len(res.Apps), len(res.Failed), active)
	if len(sev) > 0 {
		line += " (" + strings.Join(sev, ", ") + ")"
	}
	ew.printf("\n%s; %d suppressed, %d in baseline\n", line, suppressed, baseline)
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

// errWriter remembers the first write error; printf escapes every string
// argument with safetext.Escape.
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
		_, e.err = fmt.Fprintf(e.w, format, escapeArgs(args)...)
	}
}

func (e *errWriter) setErr(err error) {
	if e.err == nil && err != nil {
		e.err = fmt.Errorf("failed to write text report: %w", err)
	}
}

// escapeArgs escapes the strings, errors and Stringers among args.
func escapeArgs(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case string:
			out[i] = safetext.Escape(v)
		case error:
			out[i] = safetext.Escape(v.Error())
		case fmt.Stringer:
			out[i] = safetext.Escape(v.String())
		default:
			out[i] = a
		}
	}
	return out
}

// row writes one tab-separated table row, each cell escaped.
func row(w io.Writer, cells ...string) {
	for i, c := range cells {
		cells[i] = safetext.Escape(c)
	}
	fmt.Fprintln(w, strings.Join(cells, "\t"))
}
