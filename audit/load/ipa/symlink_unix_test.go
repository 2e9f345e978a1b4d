//go:build unix

package ipa

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"howett.net/plist"
)

// An iOS source tree whose Info.plist links out of the tree (to another
// app's plist, to /dev/zero) is refused; sources linking out are not read.
func TestLoadSourceTreeLinksOut(t *testing.T) {
	t.Parallel()
	outside := t.TempDir()
	secret := filepath.Join(outside, "Info.plist")
	if err := os.WriteFile(secret, infoPlist(t, plist.XMLFormat, map[string]any{"CFBundleIdentifier": "com.outside.secret"}), 0o600); err != nil {
		t.Fatal(err)
	}
	swift := filepath.Join(outside, "Secret.swift")
	if err := os.WriteFile(swift, []byte(`let u = "https://secret.outside.example/"`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{secret, "/dev/zero"} {
		dir := t.TempDir()
		if err := os.Symlink(target, filepath.Join(dir, "Info.plist")); err != nil {
			t.Skipf("no symlinks: %v", err)
		}
		app, err := Load(dir, Options{})
		if err == nil || !strings.Contains(err.Error(), "Info.plist") {
			t.Errorf("Info.plist linked to %s: %+v, %v; want an error naming it", target, app, err)
		}
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "Info.plist"), infoPlist(t, plist.XMLFormat, nil), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(swift, filepath.Join(dir, "Secret.swift")); err != nil {
		t.Fatal(err)
	}
	app, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range app.Hosts {
		if strings.Contains(h.Host, "outside") {
			t.Errorf("host %q read through a link out of the tree", h.Host)
		}
	}
	if len(app.LoadProblems) == 0 || !strings.Contains(app.LoadProblems[0].Message, "Secret.swift") {
		t.Errorf("problems %+v, want one naming Secret.swift", app.LoadProblems)
	}
}
