package main

import (
	"bytes"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/internal/pintest"
	"github.com/xeipuuv/gojsonschema"
)

// checkWorld serves the pintest legit chain for api.pinned.test on
// 127.0.0.1 and writes its roots and a policy pinning its intermediate
// (plus a backup) to a temporary directory.
func checkWorld(t *testing.T, pins ...string) (dir, addr string) {
	t.Helper()
	w := pintest.NewWorld(t)
	srv := pintest.Serve(t, w.Legit(t, "api.pinned.test"), nil)
	dir = t.TempDir()
	roots := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: w.Root.Cert.Raw})
	if err := os.WriteFile(filepath.Join(dir, "roots.pem"), roots, 0o644); err != nil {
		t.Fatal(err)
	}
	if len(pins) == 0 {
		pins = []string{pin.FromCertificate(w.Inter.Cert).String(), pin.FromCertificate(w.BackupKey).String()}
	}
	policy := "version: 1\ndomains:\n  - name: api.pinned.test\n    pins:\n"
	for i, p := range pins {
		policy += "      - {label: pin" + string(rune('0'+i)) + ", spki: \"" + p + "\"}\n"
	}
	if err := os.WriteFile(filepath.Join(dir, "pinkit.yaml"), []byte(policy), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, srv.Addr
}

func checkCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestCheckPolicyLive(t *testing.T) {
	t.Parallel()
	dir, addr := checkWorld(t)
	base := []string{"check", "--roots", filepath.Join(dir, "roots.pem"), "--connect", "api.pinned.test=" + addr}
	code, out, errs := checkCLI(append(base, "--now", "2030-01-01", filepath.Join(dir, "pinkit.yaml"))...)
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q\n%s", code, errs, out)
	}
	for _, want := range []string{"api.pinned.test (" + addr + ")  OK", "<- pinned: pin0", "backups      pin1 (not served)",
		"bricks       2035-01-01: the only matching pin pin0 (intermediate", "only an intermediate is pinned"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Three weeks before the intermediate expires: within --warn 30d.
	code, out, _ = checkCLI(append(base, "--now", "2034-12-10", filepath.Join(dir, "pinkit.yaml"))...)
	if code != 1 || !strings.Contains(out, "  WARN") {
		t.Errorf("exit %d\n%s", code, out)
	}
	code, _, _ = checkCLI(append(base, "--now", "2034-12-10", "--warn", "7d", filepath.Join(dir, "pinkit.yaml"))...)
	if code != 0 {
		t.Errorf("--warn 7d: exit %d", code)
	}
}

func TestCheckBrickedSARIF(t *testing.T) {
	t.Parallel()
	other := "sha256/7gyvriCc221KhOvbk9AUi1dNp1UnQjY413W+19+vgDU="
	dir, addr := checkWorld(t, other, "sha256/nXY/MV4KWsc+hACs+/aCKEe7t+/wxLS0vHuw1CabnT8=")
	code, out, _ := checkCLI("check", "--format", "sarif", "--roots", filepath.Join(dir, "roots.pem"),
		"--connect", "api.pinned.test="+addr, filepath.Join(dir, "pinkit.yaml"))
	if code != 1 || !strings.Contains(out, `"ruleId": "CHK001"`) {
		t.Fatalf("exit %d\n%s", code, out)
	}
	schema, err := os.ReadFile("../../audit/report/sarif/testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Skip("SARIF schema not found")
	}
	res, err := gojsonschema.Validate(gojsonschema.NewBytesLoader(schema), gojsonschema.NewStringLoader(out))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Errors() {
		t.Errorf("SARIF schema violation: %s", e)
	}
}

// TestCheckHostAndApp: a HOST input with --pin, and an APK whose
// effective pins (from its NSC, through the audit's host table) do not
// match the served chain.
func TestCheckHostAndApp(t *testing.T) {
	t.Parallel()
	dir, addr := checkWorld(t)
	w := pintest.NewWorld(t)
	code, out, errs := checkCLI("check", "--roots", filepath.Join(dir, "roots.pem"), "--format", "json",
		"--pin", pin.FromCertificate(w.Root.Cert).String(), "--pin", pin.FromCertificate(w.BackupKey).String(),
		"--connect", "api.pinned.test="+addr, "api.pinned.test")
	if code != 0 || !strings.Contains(out, `"status": "ok"`) || !strings.Contains(out, `"served": false`) {
		t.Errorf("HOST: exit %d %s\n%s", code, errs, out)
	}
	code, out, errs = checkCLI("check", "--roots", filepath.Join(dir, "roots.pem"), "--connect", "example.com="+addr,
		"../../testdata/apk/good.apk")
	if code != 1 || !strings.Contains(out, "example.com ("+addr+")  BRICKED") {
		t.Errorf("APP: exit %d %s\n%s", code, errs, out)
	}
}
