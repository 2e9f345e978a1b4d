package axml

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pinkit/pinkit/internal/zipx"
)

// TestCrossCheckProjectAPKs compares Dump with `aapt2 dump xmltree` for
// every binary XML file in the project's fixture APKs (testdata/apk).
func TestCrossCheckProjectAPKs(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("aapt2"); err != nil {
		t.Skip("aapt2 not installed")
	}
	apks, _ := filepath.Glob("../../testdata/apk/*.apk")
	if len(apks) == 0 {
		t.Skip("no project fixture APKs")
	}
	for _, apk := range apks {
		t.Run(filepath.Base(apk), func(t *testing.T) {
			t.Parallel()
			z, err := zipx.Open(apk, zipx.DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			defer z.Close()
			for _, f := range z.Files() {
				if f.Name() != "AndroidManifest.xml" && !(strings.HasPrefix(f.Name(), "res/") && strings.HasSuffix(f.Name(), ".xml")) {
					continue
				}
				compareDump(t, apk, f)
			}
		})
	}
}

func compareDump(t *testing.T, apk string, f *zipx.File) {
	t.Helper()
	data, err := f.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Decode(data)
	if err != nil {
		t.Fatalf("%s: %v", f.Name(), err)
	}
	want, err := exec.Command("aapt2", "dump", "xmltree", "--file", f.Name(), apk).Output()
	if err != nil {
		t.Fatalf("aapt2 dump xmltree %s: %v", f.Name(), err)
	}
	var got bytes.Buffer
	dump(&got, doc)
	if got.String() != string(want) {
		t.Errorf("%s: Dump differs from aapt2\n--- got\n%s--- aapt2\n%s", f.Name(), got.String(), want)
	}
}
