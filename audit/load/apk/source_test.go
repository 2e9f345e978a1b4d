package apk

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pinkit/pinkit/audit"
)

const srcFixture = "../../../testdata/src/pinnedapp"

func TestLoadSourceTree(t *testing.T) {
	t.Parallel()
	app, err := Load(srcFixture, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// targetSdk 34 comes from app/build.gradle.kts, which overrides the manifest's 30.
	if app.ID != "com.example.pinnedapp" || app.Version != "2.1.0" || app.TargetSDK != 34 || app.MinSDK != 24 {
		t.Errorf("manifest: got ID %q version %q target %d min %d", app.ID, app.Version, app.TargetSDK, app.MinSDK)
	}
	// The NSC is the one the manifest names (@xml/net_config), never the
	// decoy called network_security_config.xml.
	if app.NSCFile != "app/src/main/res/xml/net_config.xml" {
		t.Fatalf("NSCFile = %q, want app/src/main/res/xml/net_config.xml", app.NSCFile)
	}
	if app.NSC == nil || len(app.NSC.DomainConfigs) != 1 || len(app.NSC.DomainConfigs[0].PinSet.Pins) != 1 {
		t.Fatalf("NSC = %+v, want one domain-config with one pin", app.NSC)
	}
	if got := app.NSC.DomainConfigs[0].PinSet.Pins[0].Line; got != 7 {
		t.Errorf("pin line = %d, want 7", got)
	}
	patterns := map[string]int{}
	for _, p := range app.CodePins {
		patterns[p.Pattern]++
		if !strings.HasSuffix(p.Location.File, "Network.kt") || p.Location.Line == 0 {
			t.Errorf("code pin location = %+v", p.Location)
		}
	}
	if patterns["api.example.com"] != 2 || patterns["*.cdn.example.com"] != 1 || len(app.CodePins) != 3 {
		t.Errorf("code pins by pattern = %v, want api.example.com:2 *.cdn.example.com:1", patterns)
	}
	if !hasHost(app, "api.example.com") {
		t.Errorf("hosts %+v lack api.example.com", app.Hosts)
	}
}

func hasHost(app *audit.App, host string) bool {
	for _, h := range app.Hosts {
		if h.Host == host {
			return true
		}
	}
	return false
}

func TestLoadSourceErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Load(dir, Options{}); err == nil || !strings.Contains(err.Error(), "no AndroidManifest.xml") {
		t.Errorf("empty dir: err = %v, want no AndroidManifest.xml", err)
	}
	write("AndroidManifest.xml", "<manifest")
	if _, err := Load(dir, Options{}); err == nil || !strings.Contains(err.Error(), "AndroidManifest.xml") {
		t.Errorf("broken manifest: err = %v, want it named", err)
	}
	// A manifest naming a missing config is a load problem (PK112), not an error.
	write("AndroidManifest.xml", `<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="a.b">
<application android:networkSecurityConfig="@xml/gone"/></manifest>`)
	app, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(app.LoadProblems) != 1 || !strings.Contains(app.LoadProblems[0].Message, "res/xml/gone.xml not found") {
		t.Errorf("LoadProblems = %+v, want res/xml/gone.xml not found", app.LoadProblems)
	}
	if _, err := Load(filepath.Join(dir, "nope"), Options{}); err == nil {
		t.Error("missing path: no error")
	}
}
