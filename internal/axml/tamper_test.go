package axml

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/pinkit/pinkit/internal/android/resbin"
)

// TestTamperedHeaderType: the platform does not check the first chunk's
// type, so manifests with a rewritten type still install; they must decode.
func TestTamperedHeaderType(t *testing.T) {
	t.Parallel()
	for _, typ := range []uint16{0x0000, 0x0008, 0xbeef} {
		data := readFixture(t, "manifest.axml")
		binary.LittleEndian.PutUint16(data, typ)
		doc, err := Decode(data)
		if err != nil {
			t.Fatalf("type %#04x: %v", typ, err)
		}
		if a, ok := doc.Root.Find("application")[0].Attr(AttrNetworkSecurityConfig); !ok || a.Value() != "@0x7f030000" {
			t.Fatalf("type %#04x: networkSecurityConfig = %q, %v", typ, a.Value(), ok)
		}
	}
}

// withExtraChunks rebuilds doc (from testEncoder.bytes) with before inserted
// after the XML header and after appended at the end.
func withExtraChunks(doc, before, after []byte) []byte {
	out := append(bytes.Clone(doc[:8]), before...)
	out = append(append(out, doc[8:]...), after...)
	binary.LittleEndian.PutUint32(out[4:], uint32(len(out)))
	return out
}

// TestDecoyStringPools follows ResXMLTree::setTo: of the string pools before
// the first node the last one is used, and pools after the first node are
// ignored.
func TestDecoyStringPools(t *testing.T) {
	t.Parallel()
	e := newTestEncoder(true, nil, nil)
	e.start("", "manifest", 1, encAttr{name: "package", raw: "com.real", typ: resbin.TypeString})
	e.end("", "manifest")
	decoy := newTestEncoder(false, nil, nil)
	for _, s := range []string{"package", "decoy", "com.decoy"} {
		decoy.str(s)
	}
	data := withExtraChunks(e.bytes(), decoy.pool(), decoy.pool())
	doc, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Root.Name != "manifest" {
		t.Fatalf("root = %q, want manifest (decoy pool used?)", doc.Root.Name)
	}
	if a, _ := doc.Root.AttrByName("", "package"); a.Value() != "com.real" {
		t.Fatalf("package = %q, want com.real", a.Value())
	}
	// A broken decoy pool that is later replaced does not matter either.
	broken := decoy.pool()
	binary.LittleEndian.PutUint32(broken[8:], 0x7fffffff) // string count
	if _, err := Decode(withExtraChunks(e.bytes(), broken, nil)); err != nil {
		t.Fatalf("replaced broken pool: %v", err)
	}
}

func TestUnknownChunksSkipped(t *testing.T) {
	t.Parallel()
	e := newTestEncoder(true, nil, nil)
	e.start("", "root", 1)
	e.end("", "root")
	unknown := []byte{0x77, 0x07, 8, 0, 12, 0, 0, 0, 1, 2, 3, 4}
	doc, err := Decode(withExtraChunks(e.bytes(), unknown, unknown))
	if err != nil || doc.Root.Name != "root" {
		t.Fatalf("Decode with unknown chunks: %v", err)
	}
}
