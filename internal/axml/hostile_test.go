package axml

import (
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/pinkit/pinkit/internal/android/resbin"
)

// cdataFlood returns a manifest whose root holds n CDATA nodes that all
// reference one string of size characters (a UTF-16 pool: 2 bytes each).
func cdataFlood(n, size int) []byte {
	e := newTestEncoder(false, nil, nil)
	big := strings.Repeat("x", size)
	e.start("", "manifest", 1)
	for range n {
		e.text(big)
	}
	e.end("", "manifest")
	return e.bytes()
}

// allocated returns the bytes allocated while fn runs.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestCDATAFloodBounded: text nodes referencing one 1 M-character string
// many times must cost memory linear in the document and the text it
// yields. Appending each node to Element.Text copied the text so far
// every time: 20 nodes allocated 210 MB for a 2 MB document.
func TestCDATAFloodBounded(t *testing.T) {
	const size = 1_000_000
	doc := cdataFlood(20, size)
	var got *Document
	var err error
	n := allocated(func() { got, err = Decode(doc) })
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Root.Text) != 20*size {
		t.Fatalf("Text has %d bytes, want %d", len(got.Root.Text), 20*size)
	}
	if limit := uint64(4*len(doc) + 2*len(got.Root.Text)); n > limit {
		t.Errorf("decoding a %d-byte document allocated %d bytes, want at most %d", len(doc), n, limit)
	}
}

// TestCDATAFloodCapped: 3,000 such nodes would make 3 GB of text; the
// decoder stops at 16 times the input plus 1 MiB with ErrLimit.
func TestCDATAFloodCapped(t *testing.T) {
	doc := cdataFlood(3000, 1_000_000)
	var err error
	n := allocated(func() { _, err = Decode(doc) })
	if !errors.Is(err, resbin.ErrLimit) || !strings.Contains(err.Error(), "character data exceeds") {
		t.Fatalf("err = %v, want the character data limit", err)
	}
	if limit := uint64(8 * len(doc)); n > limit {
		t.Errorf("decoding a %d-byte document allocated %d bytes, want at most %d", len(doc), n, limit)
	}
}

// BenchmarkCDATAFlood decodes a 2 MB manifest with 300 CDATA nodes
// referencing its one 1 M-character string.
func BenchmarkCDATAFlood(b *testing.B) {
	doc := cdataFlood(300, 1_000_000)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		_, _ = Decode(doc)
	}
}
