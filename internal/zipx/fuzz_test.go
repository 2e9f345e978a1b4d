package zipx

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func FuzzNewReader(f *testing.F) {
	f.Add(buildZip(f, entry{"AndroidManifest.xml", []byte("<manifest/>")}, entry{"res/", nil}))
	f.Add(bombZip(f, 1<<20, 1<<20))
	apks, _ := filepath.Glob("../../testdata/apk/*.apk")
	for _, p := range apks[:min(len(apks), 3)] {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	// Small limits keep each execution (and input minimization) fast.
	lim := Limits{MaxEntries: 1000, MaxEntrySize: 64 << 10, MaxTotalSize: 256 << 10, MaxRatio: 100, RatioFloor: 4 << 10, MaxNameLen: 1024}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewReader("fuzz.zip", bytes.NewReader(data), int64(len(data)), lim)
		if err != nil {
			return
		}
		for _, file := range r.Files() {
			rc, err := file.Open()
			if err != nil {
				continue
			}
			n, _ := io.Copy(io.Discard, rc)
			rc.Close()
			if n > lim.MaxEntrySize {
				t.Fatalf("entry %q produced %d bytes past the limit", file.Name(), n)
			}
		}
		if r.TotalRead() > lim.MaxTotalSize+lim.MaxEntrySize {
			t.Fatalf("total %d past the limit", r.TotalRead())
		}
	})
}
