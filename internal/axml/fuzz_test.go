package axml

import (
	"io"
	"testing"

	"github.com/pinkit/pinkit/internal/android/resbin"
)

// smallDoc is a fuzz seed of a few hundred bytes covering namespaces, a
// resource map, typed and string attributes and text. Seeds stay small:
// the fuzzer minimises every new input for up to a minute by default, so
// a full manifest as a seed stalls it for that long.
func smallDoc(utf8 bool) []byte {
	const android = "http://schemas.android.com/apk/res/android"
	e := newTestEncoder(utf8, []string{"debuggable"}, []uint32{AttrDebuggable})
	e.startNS("a", android, 1)
	e.start("", "manifest", 1, encAttr{name: "package", raw: "p", typ: resbin.TypeString},
		encAttr{ns: android, name: "debuggable", id: AttrDebuggable, typ: resbin.TypeIntBoolean, data: 1})
	e.text("é😀")
	e.end("", "manifest")
	return e.bytes()
}

func FuzzDecode(f *testing.F) {
	f.Add(smallDoc(true))
	f.Add(smallDoc(false))
	f.Add(deepDoc(3))
	lim := resbin.Limits{MaxDepth: 64, MaxStrings: 4096, MaxStringLen: 4096, MaxChunks: 4096, MaxAttrs: 256}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := DecodeLimits(data, lim)
		if err != nil {
			return
		}
		dump(io.Discard, doc)
	})
}
