package audit

import (
	"strings"
	"testing"
)

func TestSuppressionReasonsAndUnknownRules(t *testing.T) {
	t.Parallel()
	r := funcRule{"PK102", func(a *App, _ *Context) []Finding {
		m := Metadata{ID: "PK102", Severity: SeverityMedium}
		return []Finding{m.Finding("cdn.example.com", "", "cdn", Location{}), m.Finding("api.example.com", "", "api", Location{})}
	}}
	app := &App{Path: "a.apk", ID: "com.example"}
	opts := Options{Rules: []Rule{r}, Now: testNow,
		Ignore:       []string{"PK102:api.example.com"},
		Suppressions: []Suppression{{Rule: "PK102", Host: "CDN.example.com.", Reason: "served by the vendor's CDN"}}}
	res, err := Run([]*App{app}, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"cdn.example.com": "served by the vendor's CDN", "api.example.com": "--ignore PK102:api.example.com"}
	for _, f := range res.Apps[0].Findings {
		if f.Status != StatusSuppressed || f.Justification != want[f.Host] {
			t.Errorf("%s: status %v, justification %q, want %q", f.Host, f.Status, f.Justification, want[f.Host])
		}
	}
	for name, o := range map[string]Options{
		"unknown --ignore rule":      {Rules: []Rule{r}, Ignore: []string{"PK999"}},
		"unknown suppression rule":   {Rules: []Rule{r}, Suppressions: []Suppression{{Rule: "PK998", Reason: "x"}}},
		"suppression without reason": {Rules: []Rule{r}, Suppressions: []Suppression{{Rule: "PK102"}}},
	} {
		if _, err := Run(nil, o); err == nil {
			t.Errorf("%s: accepted", name)
		} else if !strings.Contains(err.Error(), "PK99") && !strings.Contains(err.Error(), "reason") {
			t.Errorf("%s: error %q does not say what is wrong", name, err)
		}
	}
}
