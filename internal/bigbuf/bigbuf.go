// Package bigbuf lends large byte buffers that live outside the Go heap.
//
// An audit holds one inflated DEX file per worker, tens of megabytes each.
// On the Go heap those buffers count toward the collector's target, twice
// the live heap by default, so two 23 MB buffers alone raise the peak RSS
// by about 90 MB. Buffers from anonymous memory mappings do not, and a
// mapping's untouched pages cost nothing, so a buffer can be sized from a
// declared (untrusted) length without committing memory to it.
//
// Mappings are never unmapped. [Put] gives a buffer's pages back to the
// system with MADV_DONTNEED (on Linux they read as zeros afterwards) and
// keeps the mapping for the next [Get] of its size class. A slice kept
// past Put by mistake therefore reads stale or zero bytes; it can never
// alias memory that the Go runtime hands out again. The mappings alive at once are bounded by the
// buffers ever lent at once, per size class.
//
// Small requests, huge ones and platforms without mmap get nil: the caller
// allocates as it would have without this package. Put ignores slices it
// did not lend.
package bigbuf

import (
	"math/bits"
	"sync"
	"unsafe"
)

// minMapped is the smallest request served from a mapping.
const minMapped = 1 << 20

// maxMapped is the largest.
const maxMapped = 1 << 30

var pool struct {
	mu     sync.Mutex
	free   map[int][][]byte // by class size, buffers given back
	mapped map[*byte]int    // base address -> class size, of every mapping
}

// Get returns a buffer of length 0 and capacity at least n, or nil when n
// is under 1 MiB or over 1 GiB or no mapping can be made. Give it back
// with Put when done with it and every slice of it.
func Get(n int) []byte {
	if n < minMapped || n > maxMapped {
		return nil
	}
	size := 1 << bits.Len(uint(n-1)) // the power of two >= n
	pool.mu.Lock()
	defer pool.mu.Unlock()
	if l := pool.free[size]; len(l) > 0 {
		b := l[len(l)-1]
		pool.free[size] = l[:len(l)-1]
		return b[:0]
	}
	b, err := mapAnon(size)
	if err != nil {
		return nil
	}
	if pool.mapped == nil {
		pool.mapped, pool.free = map[*byte]int{}, map[int][][]byte{}
	}
	pool.mapped[unsafe.SliceData(b)] = size
	return b[:0]
}

// Put gives back a buffer from Get (or any slice starting at its first
// byte). Heap buffers and nil are ignored.
func Put(b []byte) {
	if cap(b) == 0 {
		return
	}
	base := unsafe.SliceData(b)
	pool.mu.Lock()
	defer pool.mu.Unlock()
	size, ok := pool.mapped[base]
	if !ok {
		return
	}
	full := unsafe.Slice(base, size)
	release(full)
	pool.free[size] = append(pool.free[size], full)
}
