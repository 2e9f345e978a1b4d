package rules

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/load/apk"
)

// auditPath loads an APK or source tree and runs every rule on it.
func auditPath(t *testing.T, path string) audit.AppResult {
	t.Helper()
	app, err := apk.Load(path, apk.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := audit.Run([]*audit.App{app}, audit.Options{Rules: All(), Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	return res.Apps[0]
}

// withoutEntry copies a fixture APK without one zip entry.
func withoutEntry(t *testing.T, src, drop string) string {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	f, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, e := range zr.File {
		if e.Name == drop {
			continue
		}
		r, err := e.Open()
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(e.Name)
		if err == nil {
			_, err = io.Copy(w, r)
		}
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestNoContradictoryNSCMessages: an APK whose manifest names a network
// security config that cannot be resolved (resources.arsc stripped) used
// to get PK101 "android:networkSecurityConfig is not set" next to PK112
// "no resources.arsc to resolve it".
func TestNoContradictoryNSCMessages(t *testing.T) {
	t.Parallel()
	ar := auditPath(t, withoutEntry(t, "../../testdata/apk/good.apk", "resources.arsc"))
	var pk101, pk112 string
	for _, f := range ar.Active() {
		switch f.RuleID {
		case "PK101":
			pk101 = f.Message
		case "PK112":
			pk112 = f.Message
		}
	}
	if !strings.Contains(pk112, "no resources.arsc") {
		t.Errorf("PK112 = %q, want the unresolvable reference", pk112)
	}
	if strings.Contains(pk101, "is not set") || !strings.Contains(pk101, "could not be read") {
		t.Errorf("PK101 = %q contradicts PK112 %q", pk101, pk112)
	}
}

// TestUndeclaredTargetSDK: an app without <uses-sdk> targets API 1 (the
// platform's default minSdkVersion, which targetSdkVersion defaults to);
// the findings used to say "targetSdkVersion 0".
func TestUndeclaredTargetSDK(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	manifest := `<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="com.example.nosdk">
    <application android:label="nosdk"/>
</manifest>
`
	if err := os.WriteFile(filepath.Join(dir, "AndroidManifest.xml"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	ar := auditPath(t, dir)
	if ar.App.TargetSDK != 1 || ar.App.MinSDK != 1 {
		t.Errorf("targetSdk %d minSdk %d, want 1 and 1", ar.App.TargetSDK, ar.App.MinSDK)
	}
	found := false
	for _, f := range ar.Active() {
		if strings.Contains(f.Message, "targetSdkVersion 0") {
			t.Errorf("%s: %s", f.RuleID, f.Message)
		}
		found = found || f.RuleID == "PK108" && strings.Contains(f.Message, "targetSdkVersion 1 ≤ 23")
	}
	if !found {
		t.Error("no PK108 naming targetSdkVersion 1")
	}
}

// TestJunkHostsAPK: a smali-built APK whose DEX and resources hold the
// strings that made about 30 of 36 host rows of a real multi-dex app
// junk. Only real hosts become rows, each saying where it came from.
func TestJunkHostsAPK(t *testing.T) {
	t.Parallel()
	ar := auditPath(t, "../../testdata/apk/junk-hosts.apk")
	var got []string
	for _, h := range ar.Hosts {
		got = append(got, h.Host)
		if len(h.Sources) == 0 || h.Location.File == "" || h.FirstPartyWhy == "" {
			t.Errorf("%s: row without source, location or party reason: %+v", h.Host, h)
		}
	}
	if want := []string{"api.example.com", "www.google.com"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("host rows = %q, want %q", got, want)
	}
}
