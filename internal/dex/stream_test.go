package dex

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// bigDex builds a DEX with n sorted strings of about 60 bytes each, some
// non-ASCII, like the string table of a large app.
func bigDex(n int) []byte {
	ss := make([]rawString, n)
	for i := range ss {
		s := fmt.Sprintf("https://h%09d.example.com/api/v1/resource?q=%d", i, i)
		if i%7 == 0 {
			s = fmt.Sprintf("https://h%09d.example.com/ünïcödé/日本語/%d", i, i)
		}
		ss[i] = mutf8(s)
	}
	return encodeDex(dexSpec{version: 39, strs: ss}, 0)
}

// recordingReaderAt records the largest single read and the bytes read.
type recordingReaderAt struct {
	r       io.ReaderAt
	mu      sync.Mutex
	maxRead int
	total   int64
}

func (r *recordingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	r.mu.Lock()
	r.maxRead = max(r.maxRead, len(p))
	r.total += int64(len(p))
	r.mu.Unlock()
	return r.r.ReadAt(p, off)
}

// TestStreaming checks that reading a ~6 MB DEX never asks for more than
// one 64 KiB buffer at a time and reads the file about once.
func TestStreaming(t *testing.T) {
	t.Parallel()
	data := bigDex(100_000)
	rec := &recordingReaderAt{r: bytes.NewReader(data)}
	n := 0
	err := Read("classes.dex", rec, int64(len(data)), func(string) error { n++; return nil })
	if err != nil || n != 100_000 {
		t.Fatalf("Read: %d strings, %v", n, err)
	}
	if rec.maxRead > 64<<10 {
		t.Errorf("largest ReadAt was %d bytes, want <= 64 KiB", rec.maxRead)
	}
	if rec.total > int64(len(data))*3/2 {
		t.Errorf("read %d bytes of a %d byte file", rec.total, len(data))
	}
}

// BenchmarkRead measures string-table throughput on a ~30 MB DEX. The
// "raw-read" case (ReadAt of the file in 64 KiB chunks) is the baseline.
func BenchmarkRead(b *testing.B) {
	data := bigDex(500_000)
	path := filepath.Join(b.TempDir(), "classes.dex")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		b.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	b.Logf("DEX size %d bytes", len(data))
	b.Run("raw-read", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		buf := make([]byte, 64<<10)
		for b.Loop() {
			for off := int64(0); off < int64(len(data)); off += int64(len(buf)) {
				f.ReadAt(buf, off)
			}
		}
	})
	for _, src := range []struct {
		name string
		r    io.ReaderAt
	}{{"file", f}, {"memory", bytes.NewReader(data)}} {
		b.Run(src.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if err := Read("classes.dex", src.r, int64(len(data)), func(string) error { return nil }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
