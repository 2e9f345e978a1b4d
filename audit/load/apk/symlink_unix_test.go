//go:build unix

package apk

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const outsideManifest = `<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="com.outside.secret">
  <application android:networkSecurityConfig="@xml/nsc"/>
</manifest>`

// A source tree (a cloned repository) whose AndroidManifest.xml, NSC,
// build.gradle or sources are links out of the tree: none of them is read.
// Before the tree had a root, the manifest outside was loaded as the app's
// and a link to /dev/zero was read until memory ran out.
func TestLoadSourceTreeLinksOut(t *testing.T) {
	t.Parallel()
	outside := t.TempDir()
	write := func(p, data string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, p string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, p); err != nil {
			t.Skipf("no symlinks: %v", err)
		}
	}
	write(filepath.Join(outside, "AndroidManifest.xml"), outsideManifest)
	write(filepath.Join(outside, "Secret.kt"), `val u = "https://secret.outside.example/"`)
	write(filepath.Join(outside, "build.gradle"), "android {\n  defaultConfig {\n    applicationId \"com.outside.gradle\"\n    targetSdk 99\n  }\n}\n")

	for _, target := range []string{filepath.Join(outside, "AndroidManifest.xml"), "/dev/zero"} {
		dir := t.TempDir()
		link(target, filepath.Join(dir, "app/src/main/AndroidManifest.xml"))
		_, err := Load(dir, Options{})
		if err == nil || !strings.Contains(err.Error(), "AndroidManifest.xml") {
			t.Errorf("manifest linked to %s: %v, want an error naming it", target, err)
		}
	}

	// The manifest is real; everything else links out.
	dir := t.TempDir()
	write(filepath.Join(dir, "app/src/main/AndroidManifest.xml"), strings.Replace(outsideManifest, "com.outside.secret", "com.example.tree", 1))
	link(filepath.Join(outside, "AndroidManifest.xml"), filepath.Join(dir, "app/src/main/res/xml/nsc.xml"))
	link(filepath.Join(outside, "build.gradle"), filepath.Join(dir, "app/build.gradle"))
	link(filepath.Join(outside, "Secret.kt"), filepath.Join(dir, "app/src/main/java/Secret.kt"))
	app, err := Load(dir, Options{})
	if err == nil {
		if app.ID != "com.example.tree" || app.TargetSDK == 99 || app.NSC != nil || hasHost(app, "secret.outside.example") {
			t.Errorf("read through links out of the tree: ID %q target %d NSC %v hosts %+v", app.ID, app.TargetSDK, app.NSC, app.Hosts)
		}
	} else if !strings.Contains(err.Error(), "Secret.kt") {
		t.Errorf("err = %v", err)
	}

	// Links that stay inside the tree are followed.
	real := t.TempDir()
	write(filepath.Join(real, "app/src/main/AndroidManifest.xml"), strings.Replace(outsideManifest, "com.outside.secret", "com.example.linked", 1))
	write(filepath.Join(real, "app/build.gradle"), "android {\n  defaultConfig {\n    targetSdk 33\n  }\n}\n")
	link("../../../../shared/Net.kt", filepath.Join(real, "app/src/main/java/Net.kt"))
	write(filepath.Join(real, "shared/Net.kt"), `val u = "https://api.linked.example/"`)
	app, err = Load(real, Options{})
	if err != nil || app.ID != "com.example.linked" || app.TargetSDK != 33 || !hasHost(app, "api.linked.example") {
		t.Errorf("linked tree: %+v, %v", app, err)
	}
}
