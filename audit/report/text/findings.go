package text

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pinkit/pinkit/audit"
)

// groupMin is the number of host findings of one rule and severity from
// which they are printed as one group ("PK102 host-unpinned × 60 hosts");
// fewer are printed one by one.
const groupMin = 6

// groupShown is how many hosts a group names before "and N more".
const groupShown = 5

// writeFindings prints the count line, then the active findings by
// severity, highest first; within a severity, a rule's repeats are grouped.
func writeFindings(ew *errWriter, fs []audit.Finding, names map[string]string) {
	var active []audit.Finding
	var suppressed, baseline int
	for _, f := range fs {
		switch f.Status {
		case audit.StatusSuppressed:
			suppressed++
		case audit.StatusBaseline:
			baseline++
		default:
			active = append(active, f)
		}
	}
	ew.printf("%d finding(s)", len(active))
	if suppressed+baseline > 0 {
		ew.printf(" (%d suppressed, %d in baseline)", suppressed, baseline)
	}
	ew.printf("\n")
	for sev := audit.SeverityCritical; sev >= audit.SeverityInfo; sev-- {
		groups := groupBy(active, sev)
		if len(groups) == 0 {
			continue
		}
		ew.printf("%s\n", strings.ToUpper(sev.String()))
		for _, g := range groups {
			writeGroup(ew, g, names)
		}
	}
}

// groupBy returns the findings of severity sev, one slice per rule in
// rule order (fs is sorted by severity, then rule).
func groupBy(fs []audit.Finding, sev audit.Severity) [][]audit.Finding {
	var out [][]audit.Finding
	for _, f := range fs {
		if f.Severity != sev {
			continue
		}
		if n := len(out); n > 0 && out[n-1][0].RuleID == f.RuleID {
			out[n-1] = append(out[n-1], f)
			continue
		}
		out = append(out, []audit.Finding{f})
	}
	return out
}

// writeGroup prints a rule's findings of one severity: those about hosts
// as one group line when there are at least groupMin of them, each of the
// others (app-wide findings, each at its own place) on its own.
func writeGroup(ew *errWriter, g []audit.Finding, names map[string]string) {
	var hosted, single []audit.Finding
	for _, f := range g {
		if f.Host != "" {
			hosted = append(hosted, f)
		} else {
			single = append(single, f)
		}
	}
	if len(hosted) < groupMin {
		single = g
		hosted = nil
	}
	if len(hosted) > 0 {
		f := hosted[0]
		hosts := groupHosts(hosted)
		ew.printf("  %s %s × %d hosts: %s\n", f.RuleID, names[f.RuleID], len(hosts), listShort(hosts))
		ew.printf("      e.g. %s  %s\n", f.Message, where(f))
	}
	for _, f := range single {
		ew.printf("  %s %s  %s\n", f.RuleID, names[f.RuleID], where(f))
		ew.printf("      %s\n", f.Message)
	}
}

// groupHosts returns the distinct non-empty hosts of g in natural order.
func groupHosts(g []audit.Finding) []string {
	var hosts []string
	for _, f := range g {
		if f.Host != "" && !slices.Contains(hosts, f.Host) {
			hosts = append(hosts, f.Host)
		}
	}
	slices.SortFunc(hosts, NaturalCompare)
	return hosts
}

// listShort joins the first groupShown items and counts the rest.
func listShort(items []string) string {
	if len(items) <= groupShown {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:groupShown], ", "), len(items)-groupShown)
}

func where(f audit.Finding) string {
	s := f.Location.String()
	if f.Status == audit.StatusError {
		s = strings.TrimSpace(s + " [rule error]")
	}
	return dash(s)
}
