package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pinkit/pinkit/pinset"
	"github.com/pinkit/pinkit/policy"
)

// TestCheckSignedPinSet: a signed pin set is checked like a policy once it
// verifies against --pinset-root; without the root, or signed by a key the
// root does not hold, it is refused before any connection.
func TestCheckSignedPinSet(t *testing.T) {
	t.Parallel()
	dir, addr := checkWorld(t)
	pol, err := policy.LoadFile(filepath.Join(dir, "pinkit.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	key, err := pinset.GenerateKey(pinset.Ed25519)
	if err != nil {
		t.Fatal(err)
	}
	other, err := pinset.GenerateKey(pinset.Ed25519)
	if err != nil {
		t.Fatal(err)
	}
	root, err := pinset.SignRoot(1, 1, []pinset.PublicKey{key.Public()}, key)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	content := pinset.Content{Version: 3, Issued: now.Add(-time.Hour), Expires: now.Add(7 * 24 * time.Hour),
		Hosts: pol.PinSetHosts()} // the served intermediate and a backup
	set, err := pinset.SignPinSet(content, key)
	if err != nil {
		t.Fatal(err)
	}
	forged, err := pinset.SignPinSet(content, other)
	if err != nil {
		t.Fatal(err)
	}
	rootFile, setFile, forgedFile := write("root.json", root), write("set.json", set), write("forged.json", forged)
	base := []string{"check", "--roots", filepath.Join(dir, "roots.pem"), "--connect", "api.pinned.test=" + addr, "--now", "2030-01-01"}

	code, out, errs := checkCLI(append(base, "--pinset-root", rootFile, setFile)...)
	if code != 0 || !strings.Contains(out, "api.pinned.test ("+addr+")  OK") || !strings.Contains(out, "<- pinned: pin0") {
		t.Errorf("signed set: exit %d, stderr %q\n%s", code, errs, out)
	}
	if code, _, errs = checkCLI(append(base, setFile)...); code != 2 || !strings.Contains(errs, "--pinset-root") {
		t.Errorf("no root: exit %d, stderr %q", code, errs)
	}
	if code, _, errs = checkCLI(append(base, "--pinset-root", rootFile, forgedFile)...); code != 2 || !strings.Contains(errs, "threshold") {
		t.Errorf("forged set: exit %d, stderr %q", code, errs)
	}
}
