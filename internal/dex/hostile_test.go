package dex

import (
	"bytes"
	"encoding/binary"
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/pinkit/pinkit/internal/android/resbin"
)

// sharedStringDex returns a DEX whose n string_ids all point at one string
// of size ASCII characters.
func sharedStringDex(n, size int) []byte {
	spec := dexSpec{version: 35, strs: []rawString{{size, []byte(strings.Repeat("x", size))}}}
	one := encodeDex(spec, 0)
	dataOff := headerSize + 4
	out := make([]byte, headerSize+4*n)
	copy(out, one[:headerSize])
	data := one[dataOff:]
	for i := range n {
		binary.LittleEndian.PutUint32(out[headerSize+4*i:], uint32(len(out)))
	}
	out = append(out, data...)
	le := binary.LittleEndian
	le.PutUint32(out[0x20:], uint32(len(out)))
	le.PutUint32(out[0x38:], uint32(n))
	le.PutUint32(out[0x40:], 0)
	le.PutUint32(out[0x44:], 0)
	return out
}

func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// readStrings reads every string of data and returns how many it got.
func readStrings(data []byte) (int, error) {
	n := 0
	err := Read("classes.dex", bytes.NewReader(data), int64(len(data)), func(string) error {
		n++
		return nil
	})
	return n, err
}

// TestSharedStringDecodedOnce: three string_ids naming one 1 M-character
// string are decoded once (each id used to decode it afresh).
func TestSharedStringDecodedOnce(t *testing.T) {
	data := sharedStringDex(3, 1_000_000)
	var n int
	var err error
	a := allocated(func() { n, err = readStrings(data) })
	if err != nil || n != 3 {
		t.Fatalf("read %d strings, %v; want 3", n, err)
	}
	if limit := uint64(3 * len(data)); a > limit {
		t.Errorf("reading a %d-byte DEX allocated %d bytes, want at most %d", len(data), a, limit)
	}
}

// TestSharedStringFlood: 100,000 string_ids naming one 1 M-character
// string would be 100 GB of strings (97 s / 2 GB for the file);
// the strings a file yields are capped at 4 times its size.
func TestSharedStringFlood(t *testing.T) {
	data := sharedStringDex(100_000, 1_000_000)
	var n int
	var err error
	a := allocated(func() { n, err = readStrings(data) })
	if !errors.Is(err, resbin.ErrLimit) || !strings.Contains(err.Error(), "times the") || n > 8 {
		t.Fatalf("read %d strings, err = %v; want the 4x limit", n, err)
	}
	if limit := uint64(3 * len(data)); a > limit {
		t.Errorf("reading a %d-byte DEX allocated %d bytes, want at most %d", len(data), a, limit)
	}
}

// BenchmarkSharedString reads a DEX whose 1,000 string_ids all name one
// 1 M-character string.
func BenchmarkSharedString(b *testing.B) {
	data := sharedStringDex(1000, 1_000_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		_, _ = readStrings(data)
	}
}
