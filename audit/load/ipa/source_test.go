package ipa

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
)

const swiftApp = "../../../testdata/ipa/swiftapp"

func TestLoadSourceTree(t *testing.T) {
	t.Parallel()
	if !IsSourceTree(swiftApp) || IsSourceTree("testdata") {
		t.Fatal("IsSourceTree")
	}
	app := load(t, swiftApp)
	if app.Platform != audit.PlatformIOS || app.ID != "" || app.Version != "2.0" {
		t.Errorf("app = %s %q %q (Xcode variables must not become the ID)", app.Platform, app.ID, app.Version)
	}
	if app.ATS == nil || app.ATS.File != "App/Info.plist" || len(app.ATS.PinnedDomains) != 1 {
		t.Fatalf("ATS = %+v", app.ATS)
	}
	type want struct {
		kind, host, file string
		line             int
	}
	var got []want
	for _, c := range app.CodeChecks {
		got = append(got, want{c.Kind, c.Host, c.Location.File, c.Location.Line})
	}
	for _, w := range []want{
		{hosttable.CheckAlamofirePublicKeys, "api.example.com", "App/Network.swift", 8},
		{hosttable.CheckAlamofireCertificate, "cdn.example.com", "App/Network.swift", 9},
		{hosttable.CheckAlamofireNoChain, "", "App/Network.swift", 9},
		{hosttable.CheckAlamofireNoDefault, "", "App/Network.swift", 10},
		{hosttable.CheckAlamofireNoHost, "", "App/Network.swift", 10},
		{hosttable.CheckChallengeWithoutEvaluation, "", "App/Network.swift", 14},
		{hosttable.CheckAFNetworkingPinning, "", "App/Legacy.m", 5},
		{hosttable.CheckAFAllowInvalid, "", "App/Legacy.m", 6},
		{hosttable.CheckAFNoDomainValidation, "", "App/Legacy.m", 7},
	} {
		if !slices.Contains(got, w) {
			t.Errorf("code checks lack %+v\ngot %+v", w, got)
		}
	}
	// the evaluating handler (line 26), the default-handling ObjC handler and Pods/ are not reported
	n := 0
	for _, c := range app.CodeChecks {
		if c.Kind == hosttable.CheckChallengeWithoutEvaluation {
			n++
		}
		if strings.HasPrefix(c.Location.File, "Pods/") {
			t.Errorf("third-party code scanned: %+v", c)
		}
	}
	if n != 1 {
		t.Errorf("%d challenge findings, want 1", n)
	}
	if len(app.PinListURLs) != 1 || app.PinListURLs[0].Location != (audit.Location{File: "App/Network.swift", Line: 5}) {
		t.Errorf("pin list URLs = %+v", app.PinListURLs)
	}
}

func TestAuditSourceTree(t *testing.T) {
	t.Parallel()
	ar := runAudit(t, load(t, swiftApp)).Apps[0]
	for _, host := range []string{"api.example.com", "cdn.example.com", "login.example.com"} {
		if r := row(ar, host); r == nil || !r.Pinned || !r.FirstParty {
			t.Errorf("%s row = %+v", host, r)
		}
	}
	if r := row(ar, "legacy.example.com"); r == nil || r.Pinned || !r.FirstParty {
		t.Errorf("legacy row = %+v", r)
	}
	for _, w := range []struct{ rule, msg string }{
		{"PK202", "legacy.example.com"}, {"PK305", "http://config.example.com/mobile/pins.json"},
		{"PK306", "allow-invalid"}, {"PK306", "URLCredential(trust:)"}, {"PK306", "validateCertificateChain: false"},
	} {
		if !hasFinding(ar, w.rule, w.msg) {
			t.Errorf("no %s finding with %q:\n%s", w.rule, w.msg, strings.Join(findings(ar), "\n"))
		}
	}
	if hasFinding(ar, "PK202", "api.example.com") {
		t.Error("Alamofire-pinned host reported as unpinned")
	}
}

func TestLoadSourceErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, err := Load(dir, Options{}); err == nil || !strings.Contains(err.Error(), "no Info.plist") {
		t.Errorf("empty dir: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Info.plist"), []byte("<plist><dict><key>x</key>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir, Options{}); err == nil || !strings.Contains(err.Error(), "Info.plist") {
		t.Errorf("bad plist: %v", err)
	}
}
