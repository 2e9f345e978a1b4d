package ipa

import (
	"archive/zip"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
	"github.com/pinkit/pinkit/audit/rules"
	"howett.net/plist"
)

var testNow = time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)

// entry is one file of a test IPA.
type entry struct {
	name  string
	data  []byte
	store bool // zip.Store instead of Deflate
}

// writeIPA writes a zip of entries to a temp file and returns its path.
func writeIPA(t *testing.T, entries ...entry) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "App.ipa")
	if err := os.WriteFile(p, zipBytes(t, entries...), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func zipBytes(t testing.TB, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		method := zip.Deflate
		if e.store {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// infoPlist encodes an Info.plist for bundle "App" with extra keys, in
// binary (format plist.BinaryFormat) or XML form.
func infoPlist(t testing.TB, format int, extra map[string]any) []byte {
	t.Helper()
	d := map[string]any{
		"CFBundleIdentifier":         "com.example.app",
		"CFBundleShortVersionString": "1.2.3",
		"CFBundleExecutable":         "App",
	}
	for k, v := range extra {
		d[k] = v
	}
	data, err := plist.Marshal(d, format)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// machO returns a committed Mach-O fixture (assembled with llvm-mc-14).
func machO(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// basicIPA is an IPA with the given Info.plist keys and the arm64 fixture
// as main executable.
func basicIPA(t *testing.T, format int, extra map[string]any, more ...entry) string {
	t.Helper()
	es := []entry{
		{name: "Payload/App.app/Info.plist", data: infoPlist(t, format, extra)},
		{name: "Payload/App.app/App", data: machO(t, "strings-arm64.o")},
	}
	return writeIPA(t, append(es, more...)...)
}

func load(t *testing.T, path string) *audit.App {
	t.Helper()
	app, err := Load(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return app
}

// audit runs every rule over apps and returns the first app's result.
func runAudit(t *testing.T, apps ...*audit.App) *audit.Result {
	t.Helper()
	res, err := audit.Run(apps, audit.Options{Rules: rules.All(), Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// findings returns "RULE host" for each active finding of an app result.
func findings(ar audit.AppResult) []string {
	var out []string
	for _, f := range ar.Active() {
		out = append(out, f.RuleID+" "+f.Host)
	}
	return out
}

func hasFinding(ar audit.AppResult, rule, msgPart string) bool {
	for _, f := range ar.Active() {
		if f.RuleID == rule && strings.Contains(f.Message, msgPart) {
			return true
		}
	}
	return false
}

func row(ar audit.AppResult, host string) *hosttable.Row {
	for i := range ar.Hosts {
		if ar.Hosts[i].Host == host {
			return &ar.Hosts[i]
		}
	}
	return nil
}

func ecKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func ids(vs ...string) []any {
	out := []any{}
	for _, v := range vs {
		out = append(out, map[string]any{"SPKI-SHA256-BASE64": v})
	}
	return out
}

const (
	b64A = "ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs="
	b64B = "PiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0="
	b64C = "r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E="
	b64D = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
)
