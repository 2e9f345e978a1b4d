package policy_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/load"
	"github.com/pinkit/pinkit/audit/rules"
	"github.com/pinkit/pinkit/policy"
	"howett.net/plist"
)

// These tests hand the generated artefacts to the tools that consume them
// in the real world: aapt2 (and then pinkit's own APK loader and audit),
// Python's plistlib, the Go toolchain, and javac + OkHttp (okhttp_test.go).

var auditNow = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

func example(t *testing.T) *policy.File {
	t.Helper()
	f, err := policy.LoadFile(filepath.Join("testdata", "pinkit.yaml"), policy.Now(auditNow))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func generate(t *testing.T, f *policy.File, target, lang string) []byte {
	t.Helper()
	out, err := policy.Generate(f, target, policy.GenOptions{Lang: lang})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func need(t *testing.T, tool string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err != nil {
		t.Skipf("%s not on PATH: this test needs it (CI installs it)", tool)
	}
	return p
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func run(t *testing.T, dir, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return out
}

// hostFindings audits the app at path and returns its PK1xx/PK2xx
// findings about the policy's hosts (or subdomains of included ones).
func hostFindings(t *testing.T, path string, f *policy.File) []audit.Finding {
	t.Helper()
	app, err := load.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := audit.Run([]*audit.App{app}, audit.Options{Rules: rules.All(), Now: auditNow})
	if err != nil {
		t.Fatal(err)
	}
	pinned := 0
	for _, h := range res.Apps[0].Hosts {
		if h.Pinned {
			pinned++
		}
	}
	var bad []audit.Finding
	for _, fd := range res.Apps[0].Findings {
		t.Logf("%s %s %s", fd.RuleID, fd.Host, fd.Message)
		if !strings.HasPrefix(fd.RuleID, "PK1") && !strings.HasPrefix(fd.RuleID, "PK2") {
			continue
		}
		for _, d := range f.Domains {
			if fd.Host == d.Name || (d.IncludeSubdomains && strings.HasSuffix(fd.Host, "."+d.Name)) {
				bad = append(bad, fd)
			}
		}
	}
	if pinned == 0 && app.Platform == audit.PlatformAndroid {
		t.Errorf("%s: the audit sees no pinned host", path)
	}
	return bad
}

const manifest = `<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android"
    package="com.example.shop" android:versionCode="1" android:versionName="1.0">
    <uses-sdk android:minSdkVersion="24" android:targetSdkVersion="34"/>
    <application android:label="shop" android:networkSecurityConfig="@xml/network_security_config"/>
</manifest>
`

// TestAAPT2AndAudit compiles the generated NSC (and the TrustKit-Android
// variant) into a real APK with aapt2, then audits it with pinkit's own
// loader (manifest attribute → resources.arsc → binary XML): no PK1xx
// finding for the policy's hosts.
func TestAAPT2AndAudit(t *testing.T) {
	t.Parallel()
	aapt2 := need(t, "aapt2")
	fw := "/usr/share/android-framework-res/framework-res.apk"
	if _, err := os.Stat(fw); err != nil {
		t.Skip("android-framework-res not installed")
	}
	f := example(t)
	for _, target := range []string{policy.TargetNSC, policy.TargetTrustKitAndroid} {
		t.Run(target, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			write(t, filepath.Join(dir, "AndroidManifest.xml"), []byte(manifest))
			write(t, filepath.Join(dir, "res/xml/network_security_config.xml"), generate(t, f, target, ""))
			run(t, dir, aapt2, "compile", "--dir", "res", "-o", "res.zip")
			run(t, dir, aapt2, "link", "-I", fw, "--manifest", "AndroidManifest.xml", "res.zip", "-o", "app.apk")
			for _, fd := range hostFindings(t, filepath.Join(dir, "app.apk"), f.For(target)) {
				t.Errorf("%s: %s %s", fd.RuleID, fd.Host, fd.Message)
			}
		})
	}
}

// TestIOSSourceTreeAudit puts the ATS fragment into an Info.plist and the
// TrustKit Swift code next to it, then audits the source tree: no PK2xx
// finding for the policy's hosts.
func TestIOSSourceTreeAudit(t *testing.T) {
	t.Parallel()
	f := example(t)
	var frag map[string]any
	if _, err := plist.Unmarshal(generate(t, f, policy.TargetATS, ""), &frag); err != nil {
		t.Fatal(err)
	}
	frag["CFBundleIdentifier"] = "com.example.shop"
	frag["CFBundleExecutable"] = "Shop"
	frag["CFBundleShortVersionString"] = "1.0"
	info, err := plist.MarshalIndent(frag, plist.XMLFormat, "\t")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "Shop/Info.plist"), info)
	write(t, filepath.Join(dir, "Shop/Pinning.swift"), generate(t, f, policy.TargetTrustKitIOS, policy.LangSwift))
	write(t, filepath.Join(dir, "Shop/API.swift"), []byte("let api = URL(string: \"https://api.example.com/v1\")!\n"+
		"let cdn = URL(string: \"https://img.example.org/a.png\")!\n"))
	for _, fd := range hostFindings(t, dir, f) {
		t.Errorf("%s: %s %s", fd.RuleID, fd.Host, fd.Message)
	}
}

// TestPlistlib parses the ATS and TrustKit plists with Python's plistlib
// and compares what it read with the policy.
func TestPlistlib(t *testing.T) {
	t.Parallel()
	py := need(t, "python3")
	f := example(t)
	const script = `import json, plistlib, sys
with open(sys.argv[1], "rb") as fp:
    print(json.dumps(plistlib.load(fp), sort_keys=True))`
	for _, tt := range []struct{ target, lang string }{{policy.TargetATS, ""}, {policy.TargetTrustKitIOS, policy.LangPlist}} {
		dir := t.TempDir()
		path := filepath.Join(dir, "frag.plist")
		write(t, path, generate(t, f, tt.target, tt.lang))
		out := run(t, dir, py, "-c", script, path)
		var got map[string]any
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("%s: %v\n%s", tt.target, err, out)
		}
		var want any = policy.TrustKitIOS(f)
		key := "TSKConfiguration"
		if tt.target == policy.TargetATS {
			key = "NSAppTransportSecurity"
			want = map[string]any{"NSPinnedDomains": map[string]any{
				"api.example.com": map[string]any{"NSPinnedCAIdentities": identities(f.Domains[0])},
				"example.org": map[string]any{"NSIncludesSubdomains": true,
					"NSPinnedLeafIdentities": identities(f.Domains[1])},
			}}
		}
		if g, w := canon(t, got[key]), canon(t, want); g != w {
			t.Errorf("%s: plistlib read\n%s\nwant\n%s", tt.target, g, w)
		}
	}
}

func identities(d policy.Domain) []any {
	var out []any
	for _, p := range d.Pins {
		out = append(out, map[string]any{"SPKI-SHA256-BASE64": strings.TrimPrefix(p.SPKI, "sha256/")})
	}
	return out
}

func canon(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestGoToolchain builds and runs the generated Go code against this
// module: the policy it builds has the same hash as File.Pin's.
func TestGoToolchain(t *testing.T) {
	t.Parallel()
	goBin := need(t, "go")
	if testing.Short() {
		t.Skip("builds a module")
	}
	f := example(t)
	repo, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sum, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "go.sum"), sum)
	write(t, filepath.Join(dir, "go.mod"), []byte("module gentest\n\ngo 1.26\n\nrequire github.com/pinkit/pinkit v0.0.0\n\n"+
		"replace github.com/pinkit/pinkit => "+repo+"\n"))
	write(t, filepath.Join(dir, "pins/pins_gen.go"), generate(t, f, policy.TargetGo, ""))
	write(t, filepath.Join(dir, "main.go"), []byte(`package main

import (
	"fmt"

	"gentest/pins"
)

func main() {
	p, err := pins.Policy()
	if err != nil {
		panic(err)
	}
	fmt.Print(p.Hash())
}
`))
	cmd := exec.Command(goBin, "run", "-mod=mod", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run: %v\n%s", err, out)
	}
	want, err := f.Pin()
	if err != nil {
		t.Fatal(err)
	}
	if got := string(bytes.TrimSpace(out)); got != want.Hash() {
		t.Errorf("generated Go builds policy %s, File.Pin builds %s", got, want.Hash())
	}
}
