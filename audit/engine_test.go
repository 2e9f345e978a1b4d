package audit

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/pinkit/pinkit/nsc"
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
	if len(res.Hosts) != 3 || res.Hosts[0].App != "a.apk" || res.Hosts[2].App != "b.apk" || res.Apps[1].Hosts[0].App != "b.apk" {
		t.Errorf("Result.Hosts = %+v", res.Hosts)
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

func TestHostTable(t *testing.T) {
	t.Parallel()
	cfg, err := nsc.Parse("res/xml/nsc.xml", []byte(`<network-security-config>
	<domain-config><domain includeSubdomains="true">example.com</domain>
		<pin-set expiration="2027-01-01"><pin digest="SHA-256">ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs=</pin></pin-set>
		<domain-config><domain>open.example.com</domain><pin-set/></domain-config>
	</domain-config>
	<domain-config><domain>parent.example.org</domain><trust-anchors><certificates src="system"/></trust-anchors>
		<domain-config><domain>child.parent.example.org</domain>
			<pin-set><pin digest="SHA-256">ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs=</pin><pin digest="SHA-256">PiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0=</pin></pin-set>
		</domain-config>
	</domain-config>
</network-security-config>`))
	if err != nil || !cfg.Valid() {
		t.Fatal(err, cfg.Problems)
	}
	app := &App{Path: "a.apk", Platform: PlatformAndroid, PackageName: "net.myapp.android", TargetSDK: 30, NSC: cfg,
		Hosts: []HostRef{
			{Host: "API.example.com:443"}, {Host: "localhost"}, {Host: "10.0.2.2"}, {Host: "127.0.0.1"},
			{Host: "cdn.myapp.net"}, {Host: "firebaseinstallations.googleapis.com"}, {Host: "stats.other.io"},
			{Host: "a.b.okhttp.io"}, {Host: "x.okhttp.io"},
		},
		CodePins: []CodePin{
			{Library: SourceOkHttp, Pattern: "*.okhttp.io", Pin: "sha256/ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs="},
			{Library: SourceOkHttp, Pattern: "**.okhttp.io", Pin: "sha256/PiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0="},
		},
	}
	rows := map[string]HostPolicy{}
	var order []string
	for _, h := range HostTable(app, testNow, []string{"other.io"}) {
		rows[h.Host] = h
		order = append(order, h.Host)
	}
	tests := []struct {
		host                       string
		firstParty, pinned, backup bool
		pins                       int
		sources                    string
	}{
		{"example.com", true, true, false, 1, "NSC"},
		{"api.example.com", true, true, false, 1, "code"},
		{"open.example.com", true, false, false, 0, "NSC"},
		// trust-anchors without pins are not pinning; the parent never gets the child's pins
		{"parent.example.org", true, false, false, 0, "NSC"},
		{"child.parent.example.org", true, true, true, 2, "NSC"},
		{"localhost", false, false, false, 0, "code"},
		{"10.0.2.2", false, false, false, 0, "code"},
		{"127.0.0.1", false, false, false, 0, "code"},
		{"cdn.myapp.net", true, false, false, 0, "code"}, // reversed package name
		{"firebaseinstallations.googleapis.com", false, false, false, 0, "code"},
		{"stats.other.io", true, false, false, 0, "code"}, // Options.FirstParty
		{"x.okhttp.io", true, true, true, 2, "code"},      // union of *. and **.; pinned in code = first-party
		{"a.b.okhttp.io", true, true, false, 1, "code"},   // *. is one label
		{"*.okhttp.io", true, true, false, 1, "OkHttp"},
		{"**.okhttp.io", true, true, false, 1, "OkHttp"},
	}
	for _, tt := range tests {
		r, ok := rows[tt.host]
		if !ok {
			t.Errorf("%s missing from table %v", tt.host, order)
			continue
		}
		if r.FirstParty != tt.firstParty || r.Pinned != tt.pinned || r.Backup != tt.backup || len(r.Pins) != tt.pins || strings.Join(r.Sources, ",") != tt.sources {
			t.Errorf("%s = first %v pinned %v backup %v pins %d sources %v; want %v %v %v %d %s",
				tt.host, r.FirstParty, r.Pinned, r.Backup, len(r.Pins), r.Sources, tt.firstParty, tt.pinned, tt.backup, tt.pins, tt.sources)
		}
	}
	if len(rows) != len(tests) {
		t.Errorf("table has %d rows, want %d: %v", len(rows), len(tests), order)
	}
	if e := rows["example.com"]; e.Expires != "2027-01-01" || !e.IncludeSubdomains || e.Cleartext || e.UserCA || e.Location.Line != 2 {
		t.Errorf("example.com row = %+v", e)
	}
	if a := rows["api.example.com"]; a.IncludeSubdomains || a.Expires != "2027-01-01" {
		t.Errorf("hardcoded host row = %+v", a)
	}
	for i := 1; i < len(order); i++ {
		if order[i-1] >= order[i] {
			t.Errorf("table not sorted: %v", order)
		}
	}
}

func TestHostTableNoNSC(t *testing.T) {
	t.Parallel()
	yes := true
	app := &App{Path: "a.apk", PackageName: "com.example.app", TargetSDK: 23, UsesCleartext: &yes, Hosts: []HostRef{{Host: "api.example.com"}}}
	rows := HostTable(app, testNow, nil)
	if len(rows) != 1 || !rows[0].UserCA || !rows[0].Cleartext || rows[0].Pinned || !rows[0].FirstParty {
		t.Errorf("rows = %+v", rows)
	}
}

func TestHostTableOtherPlatform(t *testing.T) {
	t.Parallel()
	app := &App{Path: "a.ipa", Platform: PlatformIOS, ID: "com.example.app", Hosts: []HostRef{{Host: "api.example.com"}}}
	rows := HostTable(app, testNow, nil)
	if len(rows) != 1 || rows[0].UserCA || rows[0].Cleartext || rows[0].Pinned || !rows[0].FirstParty {
		t.Errorf("iOS rows got Android defaults: %+v", rows)
	}
}

func TestMatchOkHttpPattern(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		pattern, host string
		want          bool
	}{
		{"example.com", "example.com", true},
		{"example.com", "www.example.com", false},
		{"*.example.com", "www.example.com", true},
		{"*.example.com", "example.com", false},
		{"*.example.com", "a.b.example.com", false},
		{"*.example.com", "notexample.com", false},
		{"**.example.com", "example.com", true},
		{"**.example.com", "a.b.example.com", true},
		{"**.example.com", "badexample.com", false},
		{"*.Example.com", "WWW.example.COM", true},
	} {
		if got := MatchOkHttpPattern(tt.pattern, tt.host); got != tt.want {
			t.Errorf("MatchOkHttpPattern(%q, %q) = %v", tt.pattern, tt.host, got)
		}
	}
}

func TestNormalizeHostAndLocal(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"Example.COM.": "example.com", "a.com:8443": "a.com", "[::1]:80": "::1", "a/b": "", "": ""} {
		if got := normalizeHost(in); got != want {
			t.Errorf("normalizeHost(%q) = %q, want %q", in, got, want)
		}
	}
	for h, want := range map[string]bool{"localhost": true, "10.0.2.2": true, "127.0.0.1": true, "::1": true, "192.168.1.5": true,
		"printer.local": true, "8.8.8.8": false, "example.com": false} {
		if IsLocalHost(h) != want {
			t.Errorf("IsLocalHost(%q) != %v", h, want)
		}
	}
}

func TestEffectiveNSCDebugCompanion(t *testing.T) {
	t.Parallel()
	main, _ := nsc.Parse("main.xml", []byte(`<network-security-config/>`))
	dbg, _ := nsc.Parse("main_debug.xml", []byte(`<network-security-config><debug-overrides><trust-anchors><certificates src="user"/></trust-anchors></debug-overrides></network-security-config>`))
	app := &App{NSC: main, NSCDebug: dbg}
	if EffectiveNSC(app).DebugOverrides != nil {
		t.Error("release app got the debug companion")
	}
	app.Debuggable = true
	if EffectiveNSC(app).DebugOverrides == nil || main.DebugOverrides != nil {
		t.Error("debug companion not merged, or App.NSC modified")
	}
	if (&App{Path: "p"}).Name() != "p" || (&App{PackageName: "x", Path: "p"}).Name() != "x" {
		t.Error("Name()")
	}
	if (Location{File: "f", Line: 3, Symbol: "S"}).String() != "f:3 (S)" {
		t.Error("Location.String")
	}
}

func TestHostTableRejectedConfig(t *testing.T) {
	t.Parallel()
	cfg, err := nsc.Parse("nsc.xml", []byte(`<network-security-config><domain-config><domain>example.com</domain>
		<pin-set><pin digest="SHA-1">ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs=</pin><pin digest="SHA-256">PiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0=</pin></pin-set>
	</domain-config></network-security-config>`))
	if err != nil {
		t.Fatal(err)
	}
	rows := HostTable(&App{Platform: PlatformAndroid, PackageName: "com.example", TargetSDK: 30, NSC: cfg}, testNow, nil)
	if len(rows) != 1 || rows[0].Pinned || !rows[0].ConfigRejected || len(rows[0].Pins) != 2 {
		t.Errorf("rows = %+v", rows)
	}
}
