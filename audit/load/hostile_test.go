package load

import (
	"archive/zip"
	"encoding/binary"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// writeZip stores (never deflates) each named entry into a new archive.
func writeZip(t *testing.T, name string, entries map[string][]byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for n, data := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return p
}

// A batch holding apps whose Info.plist would overflow the stack (a Go
// stack overflow is fatal, not a panic the guard could recover) gets one
// error per hostile app and every other app loaded. The stack is capped so
// that, without the plist guard, this test dies instead of passing.
func TestAllHostileInputsAreTheirOwnErrors(t *testing.T) {
	defer debug.SetMaxStack(debug.SetMaxStack(64 << 20))
	const n = 200_000
	deepXML := writeZip(t, "deep-xml.ipa", map[string][]byte{
		"Payload/A.app/Info.plist": []byte("<plist><dict><key>a</key>" + strings.Repeat("<array>", n))})
	deepText := writeZip(t, "deep-text.ipa", map[string][]byte{
		"Payload/A.app/Info.plist": []byte("{a=" + strings.Repeat("(", n))})
	chain := []byte("bplist00")
	for i := range n {
		chain = append(chain, 0xa1)
		chain = binary.BigEndian.AppendUint32(chain, uint32(i+1))
	}
	chain = append(chain, 0x09)
	table := len(chain)
	for i := range n + 1 {
		chain = binary.BigEndian.AppendUint32(chain, uint32(8+5*i))
	}
	trailer := make([]byte, 32)
	trailer[6], trailer[7] = 4, 4
	binary.BigEndian.PutUint64(trailer[8:], n+1)
	binary.BigEndian.PutUint64(trailer[24:], uint64(table))
	deepBinary := writeZip(t, "deep-binary.ipa", map[string][]byte{"Payload/A.app/Info.plist": append(chain, trailer...)})

	paths := []string{deepXML, testdata + "/apk/good.apk", deepText, testdata + "/ipa/pinned.ipa", deepBinary}
	apps, errs := All(paths, Options{Jobs: 3})
	if len(apps) != 2 || apps[0].ID != "com.example.good" || apps[1].ID != "com.example.pinned" {
		t.Errorf("apps = %d, want good.apk and pinned.ipa", len(apps))
	}
	if len(errs) != 3 {
		t.Fatalf("errors = %v, want 3", errs)
	}
	for i, want := range []string{"deep-xml.ipa", "deep-text.ipa", "deep-binary.ipa"} {
		if msg := errs[i].Error(); !strings.Contains(msg, want) || !strings.Contains(msg, "refused") {
			t.Errorf("error %d = %q, want a refusal naming %s", i, msg, want)
		}
	}
}
