package zipx

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"runtime"
	"strings"
	"testing"
)

// rawZip writes zip records by hand, for archives no writer produces.
type rawZip struct {
	buf bytes.Buffer
	cd  bytes.Buffer
	n   int
}

type rawEntry struct {
	name         string
	method       uint16
	crc          uint32
	csize, usize uint32
}

// local writes a local header and data, returning the header's offset.
func (z *rawZip) local(e rawEntry, data []byte) uint32 {
	off := uint32(z.buf.Len())
	le := func(v ...any) {
		for _, x := range v {
			binary.Write(&z.buf, binary.LittleEndian, x)
		}
	}
	le(uint32(0x04034b50), uint16(20), uint16(0), e.method, uint16(0), uint16(0x21), e.crc, e.csize, e.usize, uint16(len(e.name)), uint16(0))
	z.buf.WriteString(e.name)
	z.buf.Write(data)
	return off
}

// central adds a central-directory header for e at local offset off.
func (z *rawZip) central(e rawEntry, off uint32) {
	le := func(v ...any) {
		for _, x := range v {
			binary.Write(&z.cd, binary.LittleEndian, x)
		}
	}
	le(uint32(0x02014b50), uint16(20), uint16(20), uint16(0), e.method, uint16(0), uint16(0x21), e.crc, e.csize, e.usize,
		uint16(len(e.name)), uint16(0), uint16(0), uint16(0), uint16(0), uint32(0), off)
	z.cd.WriteString(e.name)
	z.n++
}

// bytes appends the directory and an end record stating count entries.
func (z *rawZip) bytes(count uint16) []byte {
	cdOff := uint32(z.buf.Len())
	cdLen := uint32(z.cd.Len())
	z.buf.Write(z.cd.Bytes())
	for _, v := range []any{uint32(0x06054b50), uint16(0), uint16(0), count, count, cdLen, cdOff, uint16(0)} {
		binary.Write(&z.buf, binary.LittleEndian, v)
	}
	return z.buf.Bytes()
}

func deflate(t testing.TB, data []byte) []byte {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression)
	w.Write(data)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Nine directory entries naming one deflated DEX: each read would inflate
// it again. Refused at open, before anything is decompressed.
func TestOverlappingEntries(t *testing.T) {
	t.Parallel()
	dex := bytes.Repeat([]byte("dex\n035\x00 some code "), 4096)
	comp := deflate(t, dex)
	e := rawEntry{name: "classes.dex", method: 8, crc: crc32.ChecksumIEEE(dex), csize: uint32(len(comp)), usize: uint32(len(dex))}
	var z rawZip
	off := z.local(e, comp)
	for i := range 9 {
		e := e
		if i > 0 {
			e.name = fmt.Sprintf("classes%d.dex", i+1)
		}
		z.central(e, off)
	}
	data := z.bytes(9)
	_, err := NewReader("bomb.apk", bytes.NewReader(data), int64(len(data)), DefaultLimits())
	if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "overlaps") {
		t.Errorf("shared local header: %v, want an overlap error", err)
	}

	// An entry whose declared data runs over the next entry.
	var o rawZip
	b := []byte("second entry")
	first := rawEntry{name: "a", method: 0, crc: 0, usize: 0, csize: 0}
	second := rawEntry{name: "b", method: 0, crc: crc32.ChecksumIEEE(b), csize: uint32(len(b)), usize: uint32(len(b))}
	offA := o.local(first, nil)
	offB := o.local(second, b)
	first.csize, first.usize = uint32(o.buf.Len())-offA-31, uint32(o.buf.Len())-offA-31
	o.central(first, offA)
	o.central(second, offB)
	data = o.bytes(2)
	if _, err := NewReader("overlap.apk", bytes.NewReader(data), int64(len(data)), DefaultLimits()); !errors.Is(err, ErrFormat) {
		t.Errorf("data over the next entry: %v, want ErrFormat", err)
	}
}

// An end record stating the entry count modulo 65536 must not make
// archive/zip materialise every header before the count is checked.
func TestEntryCountModulo65536(t *testing.T) {
	const n = 65536 + 5
	var z rawZip
	for i := range n {
		e := rawEntry{name: fmt.Sprintf("f%05d", i)}
		z.central(e, z.local(e, nil))
	}
	data := z.bytes(uint16(n % 65536))
	lim := DefaultLimits()
	lim.MaxEntries = 1000
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := NewReader("many.apk", bytes.NewReader(data), int64(len(data)), lim)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrLimit) {
		t.Fatalf("err = %v, want ErrLimit", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Errorf("refusing %d entries allocated %d bytes, want < 1 MiB (streamed, nothing kept per entry)", n, alloc)
	}
}

// Many entries each under the per-entry ratio floor add up to far more
// than the archive: the total stops at 10 times its size (past 32 MiB).
func TestTotalRatio(t *testing.T) {
	t.Parallel()
	zeros := make([]byte, 1<<20)
	comp := deflate(t, zeros)
	var z rawZip
	for i := range 40 {
		e := rawEntry{name: fmt.Sprintf("classes%d.dex", i+2), method: 8, crc: crc32.ChecksumIEEE(zeros), csize: uint32(len(comp)), usize: 1 << 20}
		z.central(e, z.local(e, comp))
	}
	data := z.bytes(40)
	r, err := NewReader("ratio.apk", bytes.NewReader(data), int64(len(data)), DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range r.Files() {
		if _, err = f.ReadAll(); err != nil {
			break
		}
	}
	if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "times its") {
		t.Errorf("err = %v, want the total ratio limit", err)
	}
	if r.TotalRead() > 33<<20 {
		t.Errorf("read %d bytes before stopping", r.TotalRead())
	}
}
