package axml

import (
	"io"
	"path/filepath"
	"testing"

	"github.com/pinkit/pinkit/internal/android/resbin"
)

func FuzzDecode(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*.axml")
	for _, p := range paths {
		f.Add(readFixture(f, filepath.Base(p)))
	}
	f.Add(deepDoc(20))
	lim := resbin.Limits{MaxDepth: 64, MaxStrings: 4096, MaxStringLen: 4096, MaxChunks: 4096, MaxAttrs: 256}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := DecodeLimits(data, lim)
		if err != nil {
			return
		}
		dump(io.Discard, doc)
	})
}
