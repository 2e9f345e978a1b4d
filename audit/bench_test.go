package audit_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
	"github.com/pinkit/pinkit/audit/rules"
	"github.com/pinkit/pinkit/nsc"
)

// bigApp has 200 nested domain-configs, 2000 hardcoded hosts and 100
// OkHttp pins: far more than real apps.
func bigApp(b *testing.B) *audit.App {
	var x strings.Builder
	x.WriteString("<network-security-config>")
	for i := range 200 {
		fmt.Fprintf(&x, `<domain-config><domain includeSubdomains="true">d%d.example.com</domain><pin-set><pin digest="SHA-256">ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs=</pin></pin-set><domain-config><domain>api.d%d.example.com</domain><pin-set/></domain-config></domain-config>`, i, i)
	}
	x.WriteString("</network-security-config>")
	cfg, err := nsc.Parse("nsc.xml", []byte(x.String()))
	if err != nil {
		b.Fatal(err)
	}
	app := &audit.App{Path: "big.apk", Platform: audit.PlatformAndroid, PackageName: "com.example.big", TargetSDK: 30, NSC: cfg}
	for i := range 2000 {
		app.Hosts = append(app.Hosts, audit.HostRef{Host: fmt.Sprintf("h%d.d%d.example.com", i, i%300), Source: audit.SourceCode})
	}
	for i := range 100 {
		app.CodePins = append(app.CodePins, audit.CodePin{Library: audit.SourceOkHttp, Pattern: fmt.Sprintf("*.d%d.example.com", i),
			Pin: "sha256/PiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0="})
	}
	return app
}

// BenchmarkHostTable is the baseline: the per-host table alone.
func BenchmarkHostTable(b *testing.B) {
	app := bigApp(b)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		hosttable.Build(app, hosttable.Config{Now: now})
	}
}

// BenchmarkRun is the table plus every rule, suppression and sorting.
func BenchmarkRun(b *testing.B) {
	app := bigApp(b)
	opts := audit.Options{Rules: rules.All(), Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	for b.Loop() {
		if _, err := audit.Run([]*audit.App{app}, opts); err != nil {
			b.Fatal(err)
		}
	}
}
