package audit

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/pinkit/pinkit/audit/hosttable"
)

var testNow = time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)

// funcRule is a rule backed by a function, for engine tests.
type funcRule struct {
	id string
	fn func(*App, *Context) []Finding
}

func (r funcRule) Metadata() Metadata {
	return Metadata{ID: r.id, Name: "test-" + strings.ToLower(r.id), Severity: SeverityMedium}
}

func (r funcRule) Check(a *App, c *Context) []Finding { return r.fn(a, c) }

func TestRunPanicBecomesErrorFinding(t *testing.T) {
	t.Parallel()
	boom := funcRule{"PK900", func(*App, *Context) []Finding { panic("boom") }}
	var nilMap map[string]int
	nilWrite := funcRule{"PK901", func(*App, *Context) []Finding { nilMap["x"] = 1; return nil }}
	ok := funcRule{"PK902", func(a *App, _ *Context) []Finding {
		return []Finding{funcRule{id: "PK902"}.Metadata().Finding("h", "", "fine", Location{})}
	}}
	res, err := Run([]*App{{Path: "a.apk"}}, Options{Rules: []Rule{boom, nilWrite, ok}, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	fs := res.Apps[0].Findings
	if len(fs) != 3 {
		t.Fatalf("findings: %+v", fs)
	}
	for _, f := range fs[:2] {
		if f.Status != StatusError || f.Severity != SeverityCritical || !strings.Contains(f.Message, "crashed") {
			t.Errorf("panic finding = %+v", f)
		}
	}
	if !strings.Contains(fs[0].Message, "boom") || fs[2].RuleID != "PK902" {
		t.Errorf("order/messages wrong: %+v", fs)
	}
	if !res.Fails(SeverityCritical) {
		t.Error("a crashed rule must fail the run")
	}
	if len(res.Rules) != 3 || res.Rules[0].ID != "PK900" {
		t.Errorf("Rules = %+v", res.Rules)
	}
}

func TestRunSortSuppressBaseline(t *testing.T) {
	t.Parallel()
	r := funcRule{"PK102", func(a *App, _ *Context) []Finding {
		m := Metadata{ID: "PK102", Severity: SeverityLow}
		hi := m
		hi.Severity = SeverityHigh
		return []Finding{
			m.Finding("b.example.com", "", "b", Location{File: "x", Line: 2}),
			m.Finding("a.example.com", "", "a2", Location{File: "x", Line: 9}),
			hi.Finding("z.example.com", "", "z", Location{}),
			m.Finding("a.example.com", "", "a1", Location{File: "x", Line: 1}),
		}
	}}
	app := &App{Path: "a.apk", ID: "com.example"}
	res, err := Run([]*App{app}, Options{Rules: []Rule{r}, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, f := range res.Apps[0].Findings {
		order = append(order, f.Message)
		if f.App != "a.apk" || len(f.Fingerprint) != 32 {
			t.Errorf("finding not filled: %+v", f)
		}
	}
	if got := strings.Join(order, ","); got != "z,a1,a2,b" {
		t.Errorf("order = %s", got)
	}
	if !res.Fails(SeverityHigh) || res.Fails(SeverityCritical) {
		t.Error("Fails threshold wrong")
	}

	var buf bytes.Buffer
	if err := WriteBaseline(&buf, res); err != nil {
		t.Fatal(err)
	}
	base, err := ReadBaseline(&buf)
	if err != nil {
		t.Fatal(err)
	}
	// a1 and a2 differ only in message and line: one fingerprint
	if base.Len() != 3 {
		t.Errorf("baseline has %d fingerprints, want 3", base.Len())
	}
	res2, err := Run([]*App{app}, Options{Rules: []Rule{r}, Now: testNow, Baseline: base, Ignore: []string{"PK102:b.example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res2.Apps[0].Findings {
		want := StatusBaseline
		if f.Host == "b.example.com" {
			want = StatusSuppressed
		}
		if f.Status != want {
			t.Errorf("%s: status %v, want %v", f.Host, f.Status, want)
		}
	}
	if res2.Fails(SeverityInfo) {
		t.Error("baselined and suppressed findings must not fail the run")
	}
}

func TestRunHostsTaggedWithApp(t *testing.T) {
	t.Parallel()
	a := &App{Path: "a.apk", Platform: PlatformAndroid, Hosts: []HostRef{{Host: "x.example.com"}}}
	b := &App{Path: "b.apk", Platform: PlatformAndroid, Hosts: []HostRef{{Host: "x.example.com"}, {Host: "y.example.com"}}}
	res, err := Run([]*App{a, b}, Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	// (Result.Hosts, the concatenation of the apps' rows, is gone: writers read Apps[i].Hosts.)
	hosts := append(append([]hosttable.Row{}, res.Apps[0].Hosts...), res.Apps[1].Hosts...)
	if len(hosts) != 3 || hosts[0].App != "a.apk" || hosts[2].App != "b.apk" || res.Apps[1].Hosts[0].App != "b.apk" {
		t.Errorf("rows = %+v", hosts)
	}
}

func TestIgnoreSpecs(t *testing.T) {
	t.Parallel()
	if _, err := Run(nil, Options{Ignore: []string{"PK10"}}); err == nil {
		t.Error("bad ignore accepted")
	}
	if _, err := Run([]*App{nil}, Options{}); err == nil {
		t.Error("nil app accepted")
	}
	igs, err := parseIgnores([]string{"PK102", "PK105:API.example.com", "PK106:*"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		f    Finding
		want bool
	}{
		{Finding{RuleID: "PK102", Host: "x"}, true},
		{Finding{RuleID: "PK105", Host: "api.example.com"}, true},
		{Finding{RuleID: "PK105", Host: "example.com"}, false},
		{Finding{RuleID: "PK106"}, true},
		{Finding{RuleID: "PK101"}, false},
	} {
		if got := matchIgnore(igs, &tt.f); got != tt.want {
			t.Errorf("matchIgnore(%+v) = %v", tt.f, got)
		}
	}
}

func TestReadBaselineFormats(t *testing.T) {
	t.Parallel()
	b, err := ReadBaseline(strings.NewReader(`{"schema_version":1,"apps":[{"findings":[{"fingerprint":"abc"}]}]}`))
	if err != nil || !b.Contains("abc") || b.Contains("x") {
		t.Errorf("report as baseline: %v %v", b, err)
	}
	if _, err := ReadBaseline(strings.NewReader("nope")); err == nil {
		t.Error("garbage baseline accepted")
	}
	var nilB *Baseline
	if nilB.Contains("x") || nilB.Len() != 0 {
		t.Error("nil baseline not empty")
	}
}

func TestSeverity(t *testing.T) {
	t.Parallel()
	for s := SeverityInfo; s <= SeverityCritical; s++ {
		got, err := ParseSeverity(strings.ToUpper(s.String()))
		if err != nil || got != s {
			t.Errorf("ParseSeverity(%s) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseSeverity("severe"); err == nil {
		t.Error("ParseSeverity(severe) succeeded")
	}
	if Severity(9).String() != "severity(9)" || Status(9).String() != "status(9)" {
		t.Error("out of range String()")
	}
	var s Severity
	if err := s.UnmarshalText([]byte("high")); err != nil || s != SeverityHigh {
		t.Error("UnmarshalText")
	}
}

// onlyIOS is a rule that applies to iOS apps only.
type onlyIOS struct{ funcRule }

func (onlyIOS) Applies(a *App) bool { return a.Platform == PlatformIOS }

func TestRunNotApplicable(t *testing.T) {
	t.Parallel()
	called := 0
	r := onlyIOS{funcRule{id: "PK901", fn: func(*App, *Context) []Finding {
		called++
		return []Finding{{Message: "x"}}
	}}}
	panics := onlyIOS{funcRule{id: "PK902", fn: func(*App, *Context) []Finding { return nil }}}
	a := &App{Path: "a.apk", Platform: PlatformAndroid}
	i := &App{Path: "i.ipa", Platform: PlatformIOS}
	res, err := Run([]*App{a, i}, Options{Now: testNow, Rules: []Rule{r, panics}})
	if err != nil {
		t.Fatal(err)
	}
	if called != 1 || len(res.Apps[0].Findings) != 0 || len(res.Apps[1].Findings) != 1 {
		t.Errorf("called %d times, findings %v / %v", called, res.Apps[0].Findings, res.Apps[1].Findings)
	}
	if got := res.Apps[0].NotApplicable; len(got) != 2 || got[0] != "PK901" || got[1] != "PK902" {
		t.Errorf("android NotApplicable = %v", got)
	}
	if got := res.Apps[1].NotApplicable; len(got) != 0 {
		t.Errorf("ios NotApplicable = %v", got)
	}
	// a panic in Applies is an error finding, like one in Check
	out, applies := check(boomApplier{onlyIOS{funcRule{id: "PK903"}}}, a, &Context{})
	if !applies || len(out) != 1 || out[0].Status != StatusError {
		t.Errorf("panicking Applies: %v %v", out, applies)
	}
}

type boomApplier struct{ onlyIOS }

func (boomApplier) Applies(*App) bool { panic("boom") }
