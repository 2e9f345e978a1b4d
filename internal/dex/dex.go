// Package dex reads the string table and type names of Android DEX files
// (versions 035 to 041) without loading the whole file or every string into
// memory.
//
// Most callers use [Read], which streams every string of every DEX in a
// file (a v041 container may hold several) to a callback, MUTF-8 decoded
// by internal/android/resbin with ART's verifier rules. [Open] and
// [OpenAll] give random access ([File.String]) and [File.TypeNames].
//
// The reader works through an [io.ReaderAt] with small sliding buffers, so
// a 30 MB classes.dex costs a few hundred KiB of memory plus the strings
// of 256 bytes or more, kept by offset so that a string shared by many
// string_ids is decoded once. Every offset is bounds-checked against the
// file size, [resbin.Limits] caps the string count and string length, and
// the strings a File returns may add up to at most 4 times its size (a
// valid DEX returns each string once). Malformed input returns a
// *[resbin.Error] naming the file.
package dex

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/pinkit/pinkit/internal/android/resbin"
)

const (
	// budgetFactor bounds the bytes of strings a File returns, as a multiple
	// of its size: string_ids that all point at one long string would
	// otherwise cost their number times its length.
	budgetFactor = 4
	// memoMin is the encoded size from which a string is kept by offset.
	memoMin = 256

	headerSize    = 0x70
	headerSizeV41 = 0x78
	endianTag     = 0x12345678
)

var le = binary.LittleEndian

// Header holds the header fields this package uses.
type Header struct {
	Version       int    // 35 … 41
	FileSize      uint32 // size of this DEX (v041: up to the next header)
	HeaderSize    uint32
	StringIDsSize uint32
	StringIDsOff  uint32
	TypeIDsSize   uint32
	TypeIDsOff    uint32
	ContainerSize uint32 // v041 only: size of the whole container
	HeaderOffset  uint32 // v041 only: offset of this header in the container
}

// File is one DEX file (or one DEX of a v041 container).
type File struct {
	name     string
	r        io.ReaderAt
	size     int64
	base     int64 // offset of the header in r
	dataBase int64 // offset string_data_off is relative to (the container start)
	hdr      Header
	lim      resbin.Limits
	ids      window           // string_ids and type_ids
	data     window           // string_data
	memo     map[int64]string // long strings by string_data offset
	budget   int64            // bytes of strings String may still return
}

// Open reads the DEX header at the start of r (size bytes).
func Open(name string, r io.ReaderAt, size int64, lim resbin.Limits) (*File, error) {
	return openAt(name, r, size, 0, lim)
}

// OpenAll returns every DEX in r: one for versions 035–040, one per
// contained DEX for a v041 container.
func OpenAll(name string, r io.ReaderAt, size int64, lim resbin.Limits) ([]*File, error) {
	f, err := Open(name, r, size, lim)
	if err != nil {
		return nil, err
	}
	files := []*File{f}
	if f.hdr.Version < 41 {
		return files, nil
	}
	end := min(int64(f.hdr.ContainerSize), size)
	for off := int64(f.hdr.FileSize); off < end; off += int64(files[len(files)-1].hdr.FileSize) {
		g, err := openAt(name, r, size, off, lim)
		if err != nil {
			return nil, err
		}
		files = append(files, g)
	}
	return files, nil
}

// Read streams every string of every DEX in r to fn, in string_ids order,
// with [resbin.DefaultLimits]. An error from fn stops the walk and is returned.
func Read(name string, r io.ReaderAt, size int64, fn func(s string) error) error {
	files, err := OpenAll(name, r, size, resbin.DefaultLimits())
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := f.Strings(func(_ uint32, s string) error { return fn(s) }); err != nil {
			return err
		}
	}
	return nil
}

func openAt(name string, r io.ReaderAt, size, base int64, lim resbin.Limits) (*File, error) {
	f := &File{name: name, r: r, size: size, base: base, dataBase: base, lim: lim, memo: map[int64]string{}}
	f.ids = window{r: r, size: size, chunk: 16 << 10}
	f.data = window{r: r, size: size, chunk: 64 << 10}
	b, err := f.ids.bytes(base, headerSize)
	if err != nil {
		return nil, f.err(base, "failed to read header", err)
	}
	if err := f.parseHeader(b); err != nil {
		return nil, err
	}
	if f.hdr.Version >= 41 {
		b, err := f.ids.bytes(base+headerSize, 8)
		if err != nil || f.hdr.HeaderSize < headerSizeV41 {
			return nil, f.formatErr(base, "v041 header of %d bytes lacks the container fields", f.hdr.HeaderSize)
		}
		f.hdr.ContainerSize, f.hdr.HeaderOffset = le.Uint32(b), le.Uint32(b[4:])
		if int64(f.hdr.HeaderOffset) != base {
			return nil, f.formatErr(base, "v041 header_offset %#x does not match its position", f.hdr.HeaderOffset)
		}
		f.dataBase = 0
	}
	f.budget = budgetFactor * (f.end() - f.base)
	return f, f.checkTables()
}

func (f *File) parseHeader(b []byte) error {
	if !bytes.Equal(b[:4], []byte("dex\n")) || b[7] != 0 {
		return f.formatErr(f.base, "bad magic %q: not a DEX file", b[:8])
	}
	v := 0
	for _, c := range b[4:7] {
		if c < '0' || c > '9' {
			return f.formatErr(f.base, "bad version %q", b[4:7])
		}
		v = v*10 + int(c-'0')
	}
	if v < 35 || v > 41 {
		return f.formatErr(f.base, "unsupported DEX version %03d (want 035 to 041)", v)
	}
	if tag := le.Uint32(b[0x28:]); tag != endianTag {
		return f.formatErr(f.base, "endian tag %#08x: only little-endian DEX files are supported", tag)
	}
	f.hdr = Header{Version: v, FileSize: le.Uint32(b[0x20:]), HeaderSize: le.Uint32(b[0x24:]),
		StringIDsSize: le.Uint32(b[0x38:]), StringIDsOff: le.Uint32(b[0x3c:]),
		TypeIDsSize: le.Uint32(b[0x40:]), TypeIDsOff: le.Uint32(b[0x44:])}
	if f.hdr.HeaderSize < headerSize {
		return f.formatErr(f.base, "header size %d is below %d", f.hdr.HeaderSize, headerSize)
	}
	if f.hdr.FileSize < f.hdr.HeaderSize {
		return f.formatErr(f.base, "file size %d is smaller than the %d byte header", f.hdr.FileSize, f.hdr.HeaderSize)
	}
	if f.base+int64(f.hdr.FileSize) > f.size {
		return f.formatErr(f.base, "header declares %d bytes but only %d remain: truncated", f.hdr.FileSize, f.size-f.base)
	}
	return nil
}

func (f *File) checkTables() error {
	h, lim := f.hdr, f.lim
	if resbin.Over(int64(h.StringIDsSize), int64(lim.MaxStrings)) {
		return f.limitErr(f.base+0x38, "%d strings, limit is %d", h.StringIDsSize, lim.MaxStrings)
	}
	if resbin.Over(int64(h.TypeIDsSize), int64(lim.MaxTypes)) {
		return f.limitErr(f.base+0x40, "%d types, limit is %d", h.TypeIDsSize, lim.MaxTypes)
	}
	if int64(h.StringIDsOff)+4*int64(h.StringIDsSize) > int64(h.FileSize) {
		return f.formatErr(f.base+0x3c, "string_ids (%d at %#x) extend past the %d byte file", h.StringIDsSize, h.StringIDsOff, h.FileSize)
	}
	if int64(h.TypeIDsOff)+4*int64(h.TypeIDsSize) > int64(h.FileSize) {
		return f.formatErr(f.base+0x44, "type_ids (%d at %#x) extend past the %d byte file", h.TypeIDsSize, h.TypeIDsOff, h.FileSize)
	}
	return nil
}

// end returns the offset past which no string data of f may lie: the end
// of the DEX, or of the container for v041.
func (f *File) end() int64 {
	if f.hdr.Version >= 41 {
		return min(int64(f.hdr.ContainerSize), f.size)
	}
	return f.base + int64(f.hdr.FileSize)
}

// Header returns the parsed header.
func (f *File) Header() Header { return f.hdr }

// Strings calls fn with every string in string_ids order. Only the current
// string is held in memory.
func (f *File) Strings(fn func(i uint32, s string) error) error {
	for i := range f.hdr.StringIDsSize {
		s, err := f.String(i)
		if err != nil {
			return err
		}
		if err := fn(i, s); err != nil {
			return err
		}
	}
	return nil
}

// String returns string i.
func (f *File) String(i uint32) (string, error) {
	if i >= f.hdr.StringIDsSize {
		return "", f.formatErr(f.base+0x38, "string index %d out of range (%d strings)", i, f.hdr.StringIDsSize)
	}
	idOff := f.base + int64(f.hdr.StringIDsOff) + 4*int64(i)
	b, err := f.ids.bytes(idOff, 4)
	if err != nil {
		return "", f.err(idOff, fmt.Sprintf("failed to read string_id %d", i), err)
	}
	return f.stringData(i, f.dataBase+int64(le.Uint32(b)))
}

func (f *File) stringData(i uint32, off int64) (string, error) {
	if off >= f.end() {
		return "", f.formatErr(off, "string %d: string_data offset out of bounds", i)
	}
	s, ok := f.memo[off]
	if !ok {
		var err error
		if s, err = f.decodeAt(i, off); err != nil {
			return "", err
		}
	}
	if f.budget -= int64(len(s)); f.budget < 0 {
		return "", f.limitErr(off, "string %d: strings add up to more than %d times the %d-byte file", i, budgetFactor, f.end()-f.base)
	}
	return s, nil
}

// decodeAt decodes the string_data_item at off, keeping long ones.
func (f *File) decodeAt(i uint32, off int64) (string, error) {
	head, err := f.data.bytes(off, int(min(5, f.size-off)))
	if err != nil {
		return "", f.err(off, fmt.Sprintf("failed to read string %d", i), err)
	}
	units, n, ok := uleb128(head)
	if !ok {
		return "", f.formatErr(off, "string %d: bad ULEB128 length", i)
	}
	if resbin.Over(int64(units), int64(f.lim.MaxStringLen)) {
		return "", f.limitErr(off, "string %d: %d UTF-16 units, limit is %d", i, units, f.lim.MaxStringLen)
	}
	want := min(3*int64(units)+1, f.size-off-int64(n))
	body, err := f.data.bytes(off+int64(n), int(want))
	if err != nil {
		return "", f.err(off, fmt.Sprintf("failed to read string %d", i), err)
	}
	s, err := decodeMUTF8(body, int(units))
	if err != nil {
		return "", f.formatErr(off, "string %d: %v", i, err)
	}
	if len(s) >= memoMin {
		f.memo[off] = s
	}
	return s, nil
}

// TypeNames calls fn with every type descriptor in type_ids order.
func (f *File) TypeNames(fn func(i uint32, desc string) error) error {
	for i := range f.hdr.TypeIDsSize {
		off := f.base + int64(f.hdr.TypeIDsOff) + 4*int64(i)
		b, err := f.ids.bytes(off, 4)
		if err != nil {
			return f.err(off, fmt.Sprintf("failed to read type_id %d", i), err)
		}
		s, err := f.String(le.Uint32(b))
		if err != nil {
			return err
		}
		if err := fn(i, s); err != nil {
			return err
		}
	}
	return nil
}

func uleb128(b []byte) (v uint32, n int, ok bool) {
	for i := 0; i < len(b) && i < 5; i++ {
		v |= uint32(b[i]&0x7f) << (7 * i)
		if b[i]&0x80 == 0 {
			return v, i + 1, true
		}
	}
	return 0, 0, false
}

func (f *File) err(off int64, what string, err error) error {
	return &resbin.Error{Format: "dex", File: f.name, Offset: off, What: what, Err: err}
}

func (f *File) formatErr(off int64, format string, args ...any) error {
	return f.err(off, fmt.Sprintf(format, args...), resbin.ErrFormat)
}

func (f *File) limitErr(off int64, format string, args ...any) error {
	return f.err(off, fmt.Sprintf(format, args...), resbin.ErrLimit)
}
