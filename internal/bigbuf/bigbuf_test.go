package bigbuf

import (
	"runtime"
	"sync"
	"testing"
	"unsafe"
)

func heapAlloc() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// The point of the package: a big buffer, written in full, does not grow
// the Go heap (so it does not raise the collector's target either).
func TestBigBufferIsOffHeap(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("heap fallback on", runtime.GOOS)
	}
	before := heapAlloc()
	b := Get(64 << 20)
	if b == nil {
		t.Fatal("Get(64 MiB) = nil")
	}
	b = b[:cap(b)]
	for i := range b {
		b[i] = byte(i)
	}
	grew := int64(heapAlloc()) - int64(before)
	if grew > 8<<20 {
		t.Fatalf("a 64 MiB buffer grew the Go heap by %d bytes", grew)
	}
	Put(b)
}

func TestSizesAndReuse(t *testing.T) {
	if b := Get(100); b != nil {
		t.Fatalf("Get(100) = cap %d, want nil (small: the caller's heap)", cap(b))
	}
	if b := Get(2 << 30); b != nil {
		t.Fatalf("Get(2 GiB) = cap %d, want nil", cap(b))
	}
	Put(nil)
	Put(make([]byte, 4<<20)) // a heap slice: ignored

	b := Get(3<<20 + 1)
	if len(b) != 0 || cap(b) != 4<<20 {
		t.Fatalf("Get(3 MiB + 1): len %d cap %d, want 0 and the 4 MiB class", len(b), cap(b))
	}
	b = append(b, "secret"...)
	Put(b[:2]) // a prefix of the buffer gives the whole buffer back
	c := Get(4 << 20)
	if unsafe.SliceData(c) != unsafe.SliceData(b) {
		t.Fatal("a buffer given back was not reused for its size class")
	}
	if runtime.GOOS == "linux" && string(c[:6]) != "\x00\x00\x00\x00\x00\x00" {
		t.Fatalf("a reused buffer still holds %q: its pages were not released", c[:6])
	}
	Put(c)
}

func TestConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 50 {
				b := Get((1 + (w+i)%5) << 20)
				b = append(b, byte(w), byte(i))
				if b[0] != byte(w) || b[1] != byte(i) {
					t.Errorf("buffer shared between goroutines")
				}
				Put(b)
			}
		})
	}
	wg.Wait()
}
