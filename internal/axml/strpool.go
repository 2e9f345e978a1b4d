package axml

import (
	"encoding/binary"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

const (
	poolFlagUTF8   = 0x100
	poolHeaderSize = 28
	noString       = 0xffffffff
)

// stringPool is a ResStringPool chunk whose strings are decoded on first use.
type stringPool struct {
	data    []byte // the whole chunk
	base    int    // offset of the chunk in the document, for errors
	count   int
	start   int // stringsStart, relative to the chunk
	utf8    bool
	maxLen  int
	cache   []string
	decoded []bool
}

func parseStringPool(chunk []byte, base int, lim Limits) (*stringPool, error) {
	if len(chunk) < poolHeaderSize {
		return nil, formatErr(base, "string pool: chunk of %d bytes is shorter than its header", len(chunk))
	}
	le := binary.LittleEndian
	hdrSize := int(le.Uint16(chunk[2:]))
	count := int(le.Uint32(chunk[8:]))
	flags := le.Uint32(chunk[16:])
	start := int(le.Uint32(chunk[20:]))
	if hdrSize < poolHeaderSize || hdrSize > len(chunk) {
		return nil, formatErr(base, "string pool: header size %d out of bounds", hdrSize)
	}
	if lim.MaxStrings > 0 && count > lim.MaxStrings {
		return nil, limitErr(base, "string pool: %d strings, limit is %d", count, lim.MaxStrings)
	}
	if count > (len(chunk)-hdrSize)/4 {
		return nil, formatErr(base, "string pool: %d string offsets do not fit in a %d byte chunk", count, len(chunk))
	}
	if count > 0 && (start < hdrSize+4*count || start > len(chunk)) {
		return nil, formatErr(base, "string pool: strings start %d out of bounds", start)
	}
	p := &stringPool{data: chunk, base: base, count: count, start: start, utf8: flags&poolFlagUTF8 != 0,
		maxLen: lim.MaxStringLen, cache: make([]string, count), decoded: make([]bool, count)}
	return p, nil
}

// get returns string i; i == noString gives "".
func (p *stringPool) get(i uint32) (string, error) {
	if p == nil || i == noString {
		if i == noString {
			return "", nil
		}
		return "", formatErr(0, "string %d referenced but the document has no string pool", i)
	}
	if int64(i) >= int64(p.count) {
		return "", formatErr(p.base, "string pool: index %d out of range (%d strings)", i, p.count)
	}
	if p.decoded[i] {
		return p.cache[i], nil
	}
	hdr := binary.LittleEndian.Uint16(p.data[2:])
	off := p.start + int(binary.LittleEndian.Uint32(p.data[int(hdr)+4*int(i):]))
	if off < p.start || off >= len(p.data) {
		return "", formatErr(p.base, "string pool: string %d offset out of bounds", i)
	}
	var s string
	var err error
	if p.utf8 {
		s, err = p.decodeUTF8(off)
	} else {
		s, err = p.decodeUTF16(off)
	}
	if err != nil {
		return "", err
	}
	p.cache[i], p.decoded[i] = s, true
	return s, nil
}

// decodeUTF8 reads a UTF-8 entry: UTF-16 length (1 or 2 bytes), byte length
// (1 or 2 bytes), bytes, NUL.
func (p *stringPool) decodeUTF8(off int) (string, error) {
	b := p.data[off:]
	_, n1, ok := len8(b)
	if !ok {
		return "", formatErr(p.base+off, "string pool: truncated UTF-8 length")
	}
	n, n2, ok := len8(b[n1:])
	if !ok {
		return "", formatErr(p.base+off, "string pool: truncated UTF-8 length")
	}
	if p.maxLen > 0 && n > p.maxLen {
		return "", limitErr(p.base+off, "string pool: string of %d bytes, limit is %d", n, p.maxLen)
	}
	b = b[n1+n2:]
	if n > len(b) {
		return "", formatErr(p.base+off, "string pool: UTF-8 string of %d bytes runs past the chunk", n)
	}
	if s := b[:n]; utf8.Valid(s) {
		return string(s), nil
	}
	return decodeCESU8(b[:n]), nil
}

// decodeCESU8 decodes UTF-8 in which aapt2 writes supplementary characters
// as two 3-byte surrogate sequences (CESU-8). Invalid bytes and unpaired
// surrogates become U+FFFD.
func decodeCESU8(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b))
	for len(b) > 0 {
		if hi, ok := surrogate(b, 0xd800); ok {
			if lo, ok := surrogate(b[3:], 0xdc00); ok {
				sb.WriteRune(utf16.DecodeRune(hi, lo))
				b = b[6:]
				continue
			}
		}
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 && len(b) >= 3 && b[0] == 0xed {
			size = 3 // an unpaired surrogate: one replacement character
		}
		sb.WriteRune(r)
		b = b[size:]
	}
	return sb.String()
}

// surrogate decodes a 3-byte encoded surrogate in [base, base+0x400).
func surrogate(b []byte, base rune) (rune, bool) {
	if len(b) < 3 || b[0] != 0xed || b[1]&0xc0 != 0x80 || b[2]&0xc0 != 0x80 {
		return 0, false
	}
	r := rune(b[0]&0x0f)<<12 | rune(b[1]&0x3f)<<6 | rune(b[2]&0x3f)
	return r, r >= base && r < base+0x400
}

// decodeUTF16 reads a UTF-16 entry: length in units (1 or 2 units), units, NUL.
func (p *stringPool) decodeUTF16(off int) (string, error) {
	b := p.data[off:]
	n, hl, ok := len16(b)
	if !ok {
		return "", formatErr(p.base+off, "string pool: truncated UTF-16 length")
	}
	if p.maxLen > 0 && n > p.maxLen {
		return "", limitErr(p.base+off, "string pool: string of %d UTF-16 units, limit is %d", n, p.maxLen)
	}
	b = b[hl:]
	if n > len(b)/2 {
		return "", formatErr(p.base+off, "string pool: UTF-16 string of %d units runs past the chunk", n)
	}
	u := make([]uint16, n)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u)), nil
}

// len8 decodes a UTF-8 pool length: one byte, or two when the high bit is set.
func len8(b []byte) (n, size int, ok bool) {
	if len(b) < 1 {
		return 0, 0, false
	}
	if b[0]&0x80 == 0 {
		return int(b[0]), 1, true
	}
	if len(b) < 2 {
		return 0, 0, false
	}
	return int(b[0]&0x7f)<<8 | int(b[1]), 2, true
}

// len16 decodes a UTF-16 pool length: one unit, or two when the high bit is set.
func len16(b []byte) (n, size int, ok bool) {
	if len(b) < 2 {
		return 0, 0, false
	}
	u0 := int(binary.LittleEndian.Uint16(b))
	if u0&0x8000 == 0 {
		return u0, 2, true
	}
	if len(b) < 4 {
		return 0, 0, false
	}
	return (u0&0x7fff)<<16 | int(binary.LittleEndian.Uint16(b[2:])), 4, true
}
