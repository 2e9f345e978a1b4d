package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const apkFixtures = "../../testdata/apk"

// auditJSON is the part of the JSON report the end-to-end tests read.
type auditJSON struct {
	Apps []struct {
		Path      string `json:"path"`
		Error     string `json:"error"`
		ID        string `json:"id"`
		TargetSDK int    `json:"target_sdk"`
		NSCFile   string `json:"nsc_file"`
		Hosts     []struct {
			Host   string `json:"host"`
			Pinned bool   `json:"pinned"`
		} `json:"hosts"`
		Findings []struct {
			RuleID string `json:"rule_id"`
			Status string `json:"status"`
			Host   string `json:"host"`
		} `json:"findings"`
	} `json:"apps"`
}

// runAuditJSON runs "pinkit audit --format json" and decodes the report.
func runAuditJSON(t *testing.T, args ...string) (auditJSON, int, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"audit", "--format", "json", "--now", "2026-06-01"}, args...), strings.NewReader(""), &stdout, &stderr)
	var rep auditJSON
	if stdout.Len() > 0 {
		if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
			t.Fatalf("bad JSON report: %v\n%s", err, stdout.String())
		}
	}
	return rep, code, stderr.String()
}

// TestAuditFixtures audits every committed fixture APK end to end and
// checks the active rule IDs it reports: each case names the weakness its
// sources were built to have, and clean cases must report nothing.
func TestAuditFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		apk string
		// want are the rule IDs that must be reported (exactly, as a set).
		want []string
		// nsc is the NSC path the loader must have found ("" = none).
		nsc string
	}{
		{"good", nil, "res/xml/network_security_config.xml"},
		{"no-nsc", []string{"PK101", "PK102"}, ""},
		{"shortened", nil, "res/4u.xml"}, // the decoys would add PK108 and PK110
		{"sparse", nil, "res/xml/network_security_config.xml"},
		{"nested", []string{"PK102", "PK110", "PK111"}, "res/xml/network_security_config.xml"},
		{"expired", []string{"PK102", "PK103"}, "res/xml/network_security_config.xml"},
		{"single-pin", []string{"PK105"}, "res/xml/network_security_config.xml"},
		{"placeholder", []string{"PK105", "PK106"}, "res/xml/network_security_config.xml"},
		{"malformed", []string{"PK105", "PK106", "PK112"}, "res/xml/network_security_config.xml"},
		{"override-pins", []string{"PK102", "PK107", "PK108"}, "res/xml/network_security_config.xml"},
		{"user-ca", []string{"PK108"}, "res/xml/network_security_config.xml"},
		{"debug-overrides", []string{"PK102", "PK109"}, "res/xml/network_security_config.xml"},
		{"debug-companion", []string{"PK102", "PK109"}, "res/xml/network_security_config.xml"},
		{"cleartext", []string{"PK110"}, "res/xml/network_security_config.xml"},
		{"target23", []string{"PK108", "PK110"}, "res/xml/network_security_config.xml"},
		{"target28", nil, "res/xml/network_security_config.xml"},
		{"okhttp", []string{"PK101", "PK301", "PK303"}, ""},
		{"multidex", []string{"PK301"}, "res/xml/network_security_config.xml"},
		{"flutter", []string{"PK304"}, "res/xml/network_security_config.xml"},
		// TLS callbacks judged from bytecode (PK308-PK312): positive and negative.
		{"tls-trustall", []string{"PK101", "PK308"}, ""},
		{"tls-trustall-safe", []string{"PK101"}, ""},
		{"tls-verifier", []string{"PK101", "PK309"}, ""},
		{"tls-verifier-safe", []string{"PK101", "PK102"}, ""}, // names api.example.com, unpinned
		{"tls-sslsocket", []string{"PK101", "PK310"}, ""},
		{"tls-sslsocket-safe", []string{"PK101"}, ""},
		{"tls-webview", []string{"PK101", "PK311"}, ""},
		{"tls-webview-safe", []string{"PK101"}, ""},
		{"tls-pinning-flawed", []string{"PK101", "PK312"}, ""},
		{"tls-pinning-right", []string{"PK101"}, ""},   // PK101 is info: it pins in code
		{"junk-hosts", []string{"PK101", "PK102"}, ""}, // only api.example.com is a first-party host
	}
	apks, _ := filepath.Glob(filepath.Join(apkFixtures, "*.apk"))
	if len(apks) != len(tests) {
		t.Errorf("%d fixture APKs but %d test cases: give every fixture its expected findings", len(apks), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.apk, func(t *testing.T) {
			t.Parallel()
			rep, code, stderr := runAuditJSON(t, filepath.Join(apkFixtures, tt.apk+".apk"))
			if len(rep.Apps) != 1 {
				t.Fatalf("exit %d, %d apps, stderr: %s", code, len(rep.Apps), stderr)
			}
			app := rep.Apps[0]
			if app.NSCFile != tt.nsc {
				t.Errorf("nsc_file = %q, want %q", app.NSCFile, tt.nsc)
			}
			var got []string
			for _, f := range app.Findings {
				if (f.Status == "fail" || f.Status == "error") && !slices.Contains(got, f.RuleID) {
					got = append(got, f.RuleID)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("rules = %v, want %v\nfindings: %+v", got, tt.want, app.Findings)
			}
			wantCode := exitOK
			if len(tt.want) > 0 && tt.apk != "tls-pinning-right" { // its only finding is info
				wantCode = exitFindings
			}
			if code != wantCode {
				t.Errorf("exit code = %d, want %d (stderr %s)", code, wantCode, stderr)
			}
		})
	}
}

// TestAuditOkHttpPatterns checks that pins found in DEX bytecode are tied
// to the CertificatePinner host pattern they were added with.
func TestAuditOkHttpPatterns(t *testing.T) {
	t.Parallel()
	rep, _, stderr := runAuditJSON(t, filepath.Join(apkFixtures, "okhttp.apk"), filepath.Join(apkFixtures, "multidex.apk"))
	if len(rep.Apps) != 2 {
		t.Fatalf("%d apps, stderr: %s", len(rep.Apps), stderr)
	}
	for _, app := range rep.Apps {
		pinned := map[string]bool{}
		for _, h := range app.Hosts {
			pinned[h.Host] = h.Pinned
		}
		if !pinned["api.example.com"] || !pinned["*.cdn.example.com"] {
			t.Errorf("%s: pinned hosts %v, want api.example.com and *.cdn.example.com pinned", app.Path, pinned)
		}
	}
}

func TestAuditSourceTree(t *testing.T) {
	t.Parallel()
	rep, code, stderr := runAuditJSON(t, "../../testdata/src/pinnedapp")
	if len(rep.Apps) != 1 || code != exitFindings {
		t.Fatalf("exit %d, %d apps, stderr: %s", code, len(rep.Apps), stderr)
	}
	app := rep.Apps[0]
	if app.ID != "com.example.pinnedapp" || app.NSCFile != "app/src/main/res/xml/net_config.xml" {
		t.Errorf("id %q nsc %q", app.ID, app.NSCFile)
	}
	var rules []string
	for _, f := range app.Findings {
		rules = append(rules, f.RuleID)
	}
	// One pin in the NSC (PK105) and one OkHttp pattern with one pin (PK301).
	if !slices.Contains(rules, "PK105") || !slices.Contains(rules, "PK301") {
		t.Errorf("rules %v, want PK105 and PK301", rules)
	}
}

// TestAuditBadInputs: a broken input is an error naming the file (exit 2),
// and the good inputs next to it are still reported.
func TestAuditBadInputs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good, err := os.ReadFile(filepath.Join(apkFixtures, "good.apk"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"notzip.apk":     []byte("this is not a zip file at all, just text\n"),
		"truncated.apk":  good[:len(good)/2],
		"empty.apk":      nil,
		"nomanifest.apk": zipOf(t, map[string]string{"classes.dex": "dex\n035\x00", "res/a.xml": "<a/>"}),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name := range files {
		p := filepath.Join(dir, name)
		rep, code, stderr := runAuditJSON(t, p, filepath.Join(apkFixtures, "good.apk"))
		if code != exitError {
			t.Errorf("%s: exit %d, want %d", name, code, exitError)
		}
		if !strings.Contains(stderr, "pinkit: error:") || !strings.Contains(stderr, name) {
			t.Errorf("%s: stderr %q does not name the file", name, stderr)
		}
		// the good app is audited; the bad input is an entry with an error
		// (issue 17: failures are visible in machine output)
		if len(rep.Apps) != 2 || rep.Apps[0].Error != "" || rep.Apps[0].ID == "" ||
			rep.Apps[1].Path != p || rep.Apps[1].Error == "" {
			t.Errorf("%s: apps = %+v, want the good one and an error entry", name, rep.Apps)
		}
	}
}

// zipOf builds a zip archive holding files.
func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
