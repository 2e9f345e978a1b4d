package ipa

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/pinkit/pinkit/internal/zipx"
)

const pinnedIPA = "../../../testdata/ipa/pinned.ipa"

// TestFixtureUpToDate checks the committed testdata/ipa/pinned.ipa against
// its sources (run testdata/ipa/build.sh after editing them).
func TestFixtureUpToDate(t *testing.T) {
	t.Parallel()
	zr, err := zipx.Open(pinnedIPA, zipx.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	src := "../../../testdata/ipa/src"
	n := 0
	err = filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		name := rel(src, p)
		f, ok := zr.Find(name)
		if !ok {
			t.Errorf("%s: %s missing: run testdata/ipa/build.sh", pinnedIPA, name)
			return nil
		}
		got, err := f.ReadAll()
		if err != nil {
			return err
		}
		want, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: %s differs from its source: run testdata/ipa/build.sh", pinnedIPA, name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 || n != countFiles(zr) {
		t.Errorf("%d source files, %d files in the IPA", n, countFiles(zr))
	}
}

func countFiles(zr *zipx.Reader) int {
	n := 0
	for _, f := range zr.Files() {
		if !f.IsDir() {
			n++
		}
	}
	return n
}

func TestLoadPinnedFixture(t *testing.T) {
	t.Parallel()
	app := load(t, pinnedIPA)
	if app.ID != "com.example.pinned" || app.ATS == nil || len(app.TrustKit) != 1 || len(app.BundledCerts) != 1 {
		t.Fatalf("app = %+v", app)
	}
	if c := app.BundledCerts[0]; c.IsCA || c.File != "Payload/Pinned.app/api.cer" || c.Subject != "CN=api.example.com" {
		t.Errorf("bundled cert = %+v", c)
	}
	hosts := map[string]int{}
	for _, h := range app.Hosts {
		hosts[h.Host]++
	}
	// the fat binary has two slices with the same strings: reported once
	if hosts["api.example.com"] != 1 || hosts["cdn.example.com"] != 1 {
		t.Errorf("hosts = %v", hosts)
	}
}
