package android

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/internal/ruletest"
	"github.com/pinkit/pinkit/nsc"
)

// testNow is the audit time of every rule test.
var testNow = time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)

// nscApp returns a release Android app (targetSdk 30) whose NSC is
// testdata/file ("" for none).
func nscApp(t *testing.T, file string, mods ...func(*audit.App)) *audit.App {
	t.Helper()
	app := &audit.App{Path: "app.apk", Platform: audit.PlatformAndroid, ID: "com.example.app",
		PackageName: "com.example.app", TargetSDK: 30}
	if file != "" {
		app.NSC = loadNSC(t, file)
		app.NSCFile = app.NSC.File
	}
	for _, m := range mods {
		m(app)
	}
	return app
}

func loadNSC(t *testing.T, file string) *nsc.Config {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	c, err := nsc.Parse("res/xml/"+file, data)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

type ruleCase struct {
	name string
	app  *audit.App
	want []string // one substring per expected finding, in sorted order
}

// runCases runs rule r through the engine on each case and compares the
// findings' messages.
func runCases(t *testing.T, r audit.Rule, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		ruletest.Check(t, tc.name, r, tc.app, testNow, tc.want, ruletest.Message)
	}
}

func dumpFindings(fs []audit.Finding) string { return ruletest.Dump(fs) }

func withHosts(hosts ...string) func(*audit.App) {
	return func(a *audit.App) {
		for _, h := range hosts {
			a.Hosts = append(a.Hosts, audit.HostRef{Host: h, Source: audit.SourceCode, Location: audit.Location{File: "classes.dex"}})
		}
	}
}

func debuggable(a *audit.App) { a.Debuggable = true }

func sdk(n int) func(*audit.App) { return func(a *audit.App) { a.TargetSDK = n } }
