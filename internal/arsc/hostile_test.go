package arsc

import (
	"testing"

	"github.com/pinkit/pinkit/internal/android/resbin"
	"github.com/pinkit/pinkit/internal/arsc/arsctest"
)

// emptyChunkFlood returns a table whose string type has empty chunks
// empty type chunks (one per configuration) before the one chunk holding
// its entries string entries, all naming one key and one string.
func emptyChunkFlood(empty, entries int) []byte {
	chunks := make([]arsctest.TypeChunk, 0, empty+1)
	for i := range empty {
		chunks = append(chunks, arsctest.TypeChunk{TypeID: 1, Config: arsctest.Config{SDKVersion: uint16(1 + i%1000)}})
	}
	es := make([]arsctest.Entry, entries)
	for i := range es {
		es[i] = arsctest.Entry{Index: uint16(i), Type: resbin.TypeString}
	}
	chunks = append(chunks, arsctest.TypeChunk{TypeID: 1, Entries: es})
	return (&arsctest.Table{Strings: []string{"https://example.com"}, Packages: []arsctest.Package{{
		ID: 0x7f, Name: "p", Types: []string{"string"}, Keys: []string{"k"}, Chunks: chunks,
	}}}).Encode()
}

// nameEveryString does what internal/apk does with a table: name every
// string resource.
func nameEveryString(t testing.TB, tab *Table) int {
	n := 0
	err := tab.Strings(func(id uint32, _ string) error {
		if name, ok := tab.Name(id); ok && name == "string/k" {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestEmptyChunkFlood: 131,000 empty type chunks before the real one (a
// 12 MB table). Name scanned every chunk of the type for each ID, so
// naming 65,536 strings took 1.7e10 chunk lookups (hours; 117 s for the
// 4,000 strings of the file); it now costs one map lookup.
func TestEmptyChunkFlood(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 12 MB table")
	}
	data := emptyChunkFlood(131_000, 1<<16)
	tab, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if n := nameEveryString(t, tab); n != 1<<16 {
		t.Fatalf("named %d strings, want %d", n, 1<<16)
	}
}

// BenchmarkEmptyChunkFlood names the 1,000 strings of a table whose
// string type has 20,000 empty chunks before the real one.
func BenchmarkEmptyChunkFlood(b *testing.B) {
	tab, err := Decode(emptyChunkFlood(20_000, 1000))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		nameEveryString(b, tab)
	}
}
