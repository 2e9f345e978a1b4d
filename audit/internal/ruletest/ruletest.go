// Package ruletest runs one audit rule through the engine for the rule
// packages' table tests.
package ruletest

import (
	"strings"
	"testing"
	"time"

	"github.com/pinkit/pinkit/audit"
)

// Check runs rule r through audit.Run on app at now, as a parallel subtest
// called name, and requires one failing finding of r per entry of want, in
// the engine's order, each finding's show text containing that entry.
func Check(t *testing.T, name string, r audit.Rule, app *audit.App, now time.Time, want []string, show func(audit.Finding) string) {
	t.Helper()
	t.Run(name, func(t *testing.T) {
		t.Parallel()
		res, err := audit.Run([]*audit.App{app}, audit.Options{Rules: []audit.Rule{r}, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		got := res.Apps[0].Findings
		if len(got) != len(want) {
			t.Fatalf("got %d findings, want %d:\n%s", len(got), len(want), Dump(got))
		}
		id := r.Metadata().ID
		for i, f := range got {
			if f.RuleID != id || f.Status != audit.StatusFail || !strings.Contains(show(f), want[i]) {
				t.Errorf("finding %d = %s %v %q, want %s %v containing %q", i, f.RuleID, f.Status, show(f), id, audit.StatusFail, want[i])
			}
		}
	})
}

// Message is a show function for Check: the finding's message.
func Message(f audit.Finding) string { return f.Message }

// Dump lists findings one a line for a failure message.
func Dump(fs []audit.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("  " + f.RuleID + " " + f.Severity.String() + " " + f.Host + " " + f.Location.String() + ": " + f.Message + "\n")
	}
	return b.String()
}
