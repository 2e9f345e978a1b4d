package arsc

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

const (
	poolHeaderSize = 28
	poolFlagUTF8   = 0x100
)

// stringPool is a ResStringPool whose strings are decoded on demand.
type stringPool struct {
	data    []byte // the whole chunk
	off     int    // absolute offset of the chunk
	count   int
	utf8    bool
	offsets []byte // count little-endian uint32 offsets
	start   int    // strings start, relative to the chunk
	end     int    // end of the string data, relative to the chunk
}

func (d *decoder) parseStringPool(c chunk) (*stringPool, error) {
	if c.typ != chunkStringPool {
		return nil, formatErr(c.off, "expected string pool chunk, found type 0x%04x", c.typ)
	}
	if c.headerSize < poolHeaderSize {
		return nil, formatErr(c.off, "string pool header size %d smaller than %d", c.headerSize, poolHeaderSize)
	}
	if len(c.data) > d.lim.MaxStringPoolBytes {
		return nil, limitErr(c.off, "string pool of %d bytes exceeds the limit of %d", len(c.data), d.lim.MaxStringPoolBytes)
	}
	b := c.data
	count, styles := int64(u32(b, 8)), int64(u32(b, 12))
	flags, start, stylesStart := u32(b, 16), int64(u32(b, 20)), int64(u32(b, 24))
	if count > int64(d.lim.MaxStrings) {
		return nil, limitErr(c.off, "string pool has %d strings, more than the limit of %d", count, d.lim.MaxStrings)
	}
	if arr := int64(c.headerSize) + 4*(count+styles); arr > int64(len(b)) {
		return nil, formatErr(c.off, "string pool offsets for %d strings and %d styles overrun the %d-byte chunk", count, styles, len(b))
	}
	p := &stringPool{data: b, off: c.off, count: int(count), utf8: flags&poolFlagUTF8 != 0, end: len(b)}
	p.offsets = b[c.headerSize : c.headerSize+4*int(count)]
	if count == 0 {
		return p, nil
	}
	if start < int64(c.headerSize) || start >= int64(len(b)) {
		return nil, formatErr(c.off, "string pool strings start %#x outside the %d-byte chunk", start, len(b))
	}
	p.start = int(start)
	if styles > 0 && stylesStart > start && stylesStart <= int64(len(b)) {
		p.end = int(stylesStart)
	}
	return p, nil
}

// get decodes string i.
func (p *stringPool) get(i uint32) (string, error) {
	pos, n, err := p.span(i)
	if err != nil {
		return "", err
	}
	if p.utf8 {
		return cesu8(p.data[pos : pos+n]), nil
	}
	units := make([]uint16, n)
	for k := range units {
		units[k] = u16(p.data, pos+2*k)
	}
	return string(utf16.Decode(units)), nil
}

// span bounds-checks string i and returns where its data starts and its
// length: bytes for a UTF-8 pool, 16-bit units for a UTF-16 one.
func (p *stringPool) span(i uint32) (pos, n int, err error) {
	if p == nil {
		return 0, 0, formatErr(0, "string %d referenced but the string pool is missing", i)
	}
	if int64(i) >= int64(p.count) {
		return 0, 0, formatErr(p.off, "string index %d out of range: pool has %d strings", i, p.count)
	}
	at := int64(p.start) + int64(u32(p.offsets, 4*int(i)))
	if at >= int64(p.end) {
		return 0, 0, formatErr(p.off, "string %d offset %#x beyond string data end %#x", i, at, p.end)
	}
	if p.utf8 {
		return p.span8(i, int(at))
	}
	return p.span16(i, int(at))
}

func (p *stringPool) span8(i uint32, pos int) (int, int, error) {
	b := p.data[:p.end]
	_, pos, ok := utf8Len(b, pos) // length in UTF-16 units, unused
	if !ok {
		return 0, 0, formatErr(p.off+pos, "string %d: truncated UTF-8 length", i)
	}
	n, pos, ok := utf8Len(b, pos)
	if !ok || n > len(b)-pos {
		return 0, 0, formatErr(p.off+pos, "string %d: UTF-8 length %d overruns the string pool", i, n)
	}
	return pos, n, nil
}

func (p *stringPool) span16(i uint32, pos int) (int, int, error) {
	b := p.data[:p.end]
	if pos+2 > len(b) {
		return 0, 0, formatErr(p.off+pos, "string %d: truncated UTF-16 length", i)
	}
	n := int(u16(b, pos))
	pos += 2
	if n&0x8000 != 0 {
		if pos+2 > len(b) {
			return 0, 0, formatErr(p.off+pos, "string %d: truncated UTF-16 length", i)
		}
		n = (n&0x7fff)<<16 | int(u16(b, pos))
		pos += 2
	}
	if n > (len(b)-pos)/2 {
		return 0, 0, formatErr(p.off+pos, "string %d: UTF-16 length %d overruns the string pool", i, n)
	}
	return pos, n, nil
}

// utf8Len reads a 1- or 2-byte length prefix of a UTF-8 pool string.
func utf8Len(b []byte, pos int) (n, next int, ok bool) {
	if pos >= len(b) {
		return 0, pos, false
	}
	n = int(b[pos])
	if n&0x80 == 0 {
		return n, pos + 1, true
	}
	if pos+1 >= len(b) {
		return 0, pos, false
	}
	return (n&0x7f)<<8 | int(b[pos+1]), pos + 2, true
}

// find adds to dst the index of every string in p equal to s and reports
// whether there was one. UTF-8 strings are compared without allocating.
func (p *stringPool) find(s string, dst map[uint32]bool) bool {
	for i := range uint32(p.count) {
		if p.equal(i, s) {
			dst[i] = true
		}
	}
	return len(dst) > 0
}

func (p *stringPool) equal(i uint32, s string) bool {
	if pos, n, err := p.span(i); err == nil && p.utf8 && utf8.Valid(p.data[pos:pos+n]) {
		return string(p.data[pos:pos+n]) == s
	}
	got, err := p.get(i)
	return err == nil && got == s
}

// cesu8 decodes UTF-8 in which aapt2 may have written a supplementary
// character as two 3-byte surrogates (CESU-8), as Android's runtime accepts.
// Other invalid bytes become U+FFFD.
func cesu8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	for len(b) > 0 {
		if hi, lo, ok := surrogatePair(b); ok {
			sb.WriteRune(utf16.DecodeRune(hi, lo))
			b = b[6:]
			continue
		}
		r, n := utf8.DecodeRune(b)
		sb.WriteRune(r)
		b = b[n:]
	}
	return sb.String()
}

// surrogatePair decodes two 3-byte encoded UTF-16 surrogates at the start of b.
func surrogatePair(b []byte) (hi, lo rune, ok bool) {
	if len(b) < 6 || b[0] != 0xed || b[3] != 0xed || b[1]&0xf0 != 0xa0 || b[4]&0xf0 != 0xb0 {
		return 0, 0, false
	}
	dec := func(c []byte) rune { return rune(c[0]&0x0f)<<12 | rune(c[1]&0x3f)<<6 | rune(c[2]&0x3f) }
	return dec(b[0:3]), dec(b[3:6]), b[2]&0xc0 == 0x80 && b[5]&0xc0 == 0x80
}
