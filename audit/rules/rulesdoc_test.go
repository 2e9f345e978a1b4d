package rules

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/pinkit/pinkit/audit"
)

var update = flag.Bool("update", false, "rewrite docs/RULES.md")

const rulesDoc = "../../docs/RULES.md"

// reserved are catalogue IDs (DESIGN.md §3) not implemented in this
// registry yet; IDs are never reused.
var reserved = [][2]string{
	{"PK201", "ats-no-pinned-domains"}, {"PK202", "ats-host-unpinned"}, {"PK203", "ats-malformed-pin"},
	{"PK204", "ats-no-backup-pin"}, {"PK205", "ats-arbitrary-loads"}, {"PK206", "ats-weak-exception"},
	{"PK302", "trustkit-not-enforced"}, {"PK305", "pins-over-cleartext"}, {"PK401", "platform-parity"},
}

// TestRulesDoc keeps docs/RULES.md in sync with the registry.
func TestRulesDoc(t *testing.T) {
	got := renderRulesDoc(All())
	if *update {
		if err := os.WriteFile(rulesDoc, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(rulesDoc)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != got {
		t.Errorf("%s is out of date: run go test ./audit/rules -run TestRulesDoc -update", rulesDoc)
	}
}

func renderRulesDoc(all []audit.Rule) string {
	var b strings.Builder
	b.WriteString("# pinkit audit rules\n\n")
	b.WriteString("<!-- Generated from audit/rules by `go test ./audit/rules -run TestRulesDoc -update`. Do not edit. -->\n\n")
	b.WriteString("IDs are grouped by hundreds (1xx Android config, 2xx iOS ATS, 3xx code and libraries, 4xx cross-platform)\n")
	b.WriteString("and are never reused. Suppress one finding with `--ignore PKxxx:host`, a whole rule with `--ignore PKxxx`,\n")
	b.WriteString("or known findings with `--baseline FILE`.\n\n")
	b.WriteString("| ID | name | severity | MASTG | MASWE | CWE | what fails |\n|---|---|---|---|---|---|---|\n")
	implemented := map[string]bool{}
	for _, r := range all {
		m := r.Metadata()
		implemented[m.ID] = true
		fmt.Fprintf(&b, "| [%s](#%s) | %s | %s | %s | %s | %s | %s |\n", m.ID, strings.ToLower(m.ID+"-"+m.Name), m.Name,
			m.Severity, dashJoin(m.MASTG), dashJoin(m.MASWE), cwes(m.CWE), strings.ReplaceAll(escape(m.Description), "|", "\\|"))
	}
	for _, r := range reserved {
		if !implemented[r[0]] {
			fmt.Fprintf(&b, "| %s | %s | | | | | reserved: not implemented yet |\n", r[0], r[1])
		}
	}
	for _, r := range all {
		m := r.Metadata()
		fmt.Fprintf(&b, "\n## %s %s\n\n%s\n\n%s\n\n", m.ID, m.Name, escape(m.Description), m.Help)
		fmt.Fprintf(&b, "- Default severity: %s\n", m.Severity)
		if len(m.MASTG) > 0 {
			fmt.Fprintf(&b, "- MASTG: %s\n", strings.Join(m.MASTG, ", "))
		}
		fmt.Fprintf(&b, "- MASWE: %s\n- CWE: %s\n- Reference: <%s>\n", dashJoin(m.MASWE), cwes(m.CWE), m.Citation)
	}
	return b.String()
}

func dashJoin(s []string) string {
	if len(s) == 0 {
		return "–"
	}
	return strings.Join(s, ", ")
}

func cwes(c []int) string {
	var s []string
	for _, n := range c {
		s = append(s, fmt.Sprintf("CWE-%d", n))
	}
	return dashJoin(s)
}

// escape keeps XML element names in plain text visible in Markdown.
func escape(s string) string { return strings.ReplaceAll(s, "<", "&lt;") }
