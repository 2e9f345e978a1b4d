package hosttable

import (
	"strings"
	"testing"
	"time"

	"github.com/pinkit/pinkit/audit/model"
	"github.com/pinkit/pinkit/nsc"
)

var testNow = time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)

// tableApp is an Android app with nested NSC domain-configs, hardcoded
// hosts of every kind and OkHttp pins.
func tableApp(t *testing.T) *model.App {
	t.Helper()
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
	return &model.App{Path: "a.apk", Platform: model.PlatformAndroid, PackageName: "net.myapp.android", TargetSDK: 30, NSC: cfg,
		Hosts: []model.HostRef{
			{Host: "API.example.com:443"}, {Host: "localhost"}, {Host: "10.0.2.2"}, {Host: "127.0.0.1"},
			{Host: "cdn.myapp.net"}, {Host: "firebaseinstallations.googleapis.com"}, {Host: "stats.other.io"},
			{Host: "a.b.okhttp.io"}, {Host: "x.okhttp.io"},
		},
		CodePins: []model.CodePin{
			{Library: model.SourceOkHttp, Pattern: "*.okhttp.io", Pin: "sha256/ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs="},
			{Library: model.SourceOkHttp, Pattern: "**.okhttp.io", Pin: "sha256/PiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0="},
		},
	}
}

func TestHostTable(t *testing.T) {
	t.Parallel()
	app := tableApp(t)
	rows := map[string]Row{}
	var order []string
	for _, h := range Build(app, Config{Now: testNow, FirstParty: []string{"other.io"}}) {
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
	app := &model.App{Path: "a.apk", PackageName: "com.example.app", TargetSDK: 23, UsesCleartext: &yes, Hosts: []model.HostRef{{Host: "api.example.com"}}}
	rows := Build(app, Config{Now: testNow})
	if len(rows) != 1 || !rows[0].UserCA || !rows[0].Cleartext || rows[0].Pinned || !rows[0].FirstParty {
		t.Errorf("rows = %+v", rows)
	}
}

func TestHostTableOtherPlatform(t *testing.T) {
	t.Parallel()
	app := &model.App{Path: "a.ipa", Platform: model.PlatformIOS, ID: "com.example.app", Hosts: []model.HostRef{{Host: "api.example.com"}}}
	rows := Build(app, Config{Now: testNow})
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
	app := &model.App{NSC: main, NSCDebug: dbg}
	if EffectiveNSC(app).DebugOverrides != nil {
		t.Error("release app got the debug companion")
	}
	app.Debuggable = true
	if EffectiveNSC(app).DebugOverrides == nil || main.DebugOverrides != nil {
		t.Error("debug companion not merged, or App.NSC modified")
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
	rows := Build(&model.App{Platform: model.PlatformAndroid, PackageName: "com.example", TargetSDK: 30, NSC: cfg}, Config{Now: testNow})
	if len(rows) != 1 || rows[0].Pinned || !rows[0].ConfigRejected || len(rows[0].Pins) != 2 {
		t.Errorf("rows = %+v", rows)
	}
}
