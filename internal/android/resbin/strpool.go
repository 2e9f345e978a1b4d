package resbin

import "encoding/binary"

// String pool header layout (ResStringPool_header).
const (
	poolHeaderSize = 28
	poolFlagUTF8   = 0x100
	maxTruncSteps  = 256
)

// StringPool is a ResStringPool chunk whose strings are decoded on
// demand. It is immutable and safe for concurrent use.
type StringPool struct {
	data    []byte // the whole chunk
	off     int64  // absolute offset of the chunk
	count   int
	utf8    bool
	offsets []byte // count little-endian uint32 offsets
	start   int    // strings start, relative to the chunk
	end     int    // end of the string data, relative to the chunk
	maxLen  int
}

// ParseStringPool checks the header of a string pool chunk as
// ResStringPool::setTo does and returns the pool.
func ParseStringPool(c Chunk, lim Limits) (*StringPool, error) {
	off := int64(c.Off)
	if c.Type != ChunkStringPool {
		return nil, FormatError(off, "expected string pool chunk, found type 0x%04x", c.Type)
	}
	if c.HeaderSize < poolHeaderSize {
		return nil, FormatError(off, "string pool: header size %d smaller than %d", c.HeaderSize, poolHeaderSize)
	}
	if Over(len(c.Data), lim.MaxPoolBytes) {
		return nil, LimitError(off, "string pool of %d bytes, limit is %d", len(c.Data), lim.MaxPoolBytes)
	}
	b := c.Data
	le := binary.LittleEndian
	count, styles := int64(le.Uint32(b[8:])), int64(le.Uint32(b[12:]))
	flags, start, stylesStart := le.Uint32(b[16:]), int64(le.Uint32(b[20:])), int64(le.Uint32(b[24:]))
	if Over(count, int64(lim.MaxStrings)) {
		return nil, LimitError(off, "string pool: %d strings, limit is %d", count, lim.MaxStrings)
	}
	if arr := int64(c.HeaderSize) + 4*(count+styles); arr > int64(len(b)) {
		return nil, FormatError(off, "string pool: offsets of %d strings and %d styles overrun the %d-byte chunk", count, styles, len(b))
	}
	p := &StringPool{data: b, off: off, count: int(count), utf8: flags&poolFlagUTF8 != 0, end: len(b), maxLen: lim.MaxStringLen}
	p.offsets = b[c.HeaderSize : c.HeaderSize+4*int(count)]
	if count == 0 {
		return p, nil
	}
	if start >= int64(len(b))-2 {
		return nil, FormatError(off, "string pool: strings start %#x outside the %d-byte chunk", start, len(b))
	}
	p.start = int(start)
	if styles > 0 {
		if stylesStart <= start || stylesStart >= int64(len(b))-2 {
			return nil, FormatError(off, "string pool: styles start %#x not between strings start %#x and the chunk end", stylesStart, start)
		}
		p.end = int(stylesStart)
	}
	if !p.utf8 {
		p.end = p.start + (p.end-p.start)&^1
	}
	if p.end-p.start < p.charSize() {
		return nil, FormatError(off, "string pool: %d strings but no string data", count)
	}
	if last := p.data[p.end-p.charSize() : p.end]; last[0] != 0 || last[len(last)-1] != 0 {
		return nil, FormatError(off, "string pool: last string is not NUL-terminated")
	}
	return p, nil
}

func (p *StringPool) charSize() int {
	if p.utf8 {
		return 1
	}
	return 2
}

// Len returns the number of strings.
func (p *StringPool) Len() int { return p.count }

// String decodes string i. Index [NoString] gives "". The error is an
// *[Error] (unlabelled: callers set its Format).
func (p *StringPool) String(i uint32) (string, error) {
	if i == NoString {
		return "", nil
	}
	pos, n, err := p.span(i)
	if err != nil {
		return "", err
	}
	if !p.utf8 {
		return DecodeUTF16(p.data[pos : pos+2*n]), nil
	}
	s, _, err := p.decode8(i, pos, n)
	return s, err
}

// Check reports whether string i decodes, without keeping it.
func (p *StringPool) Check(i uint32) error {
	_, err := p.String(i)
	return err
}

// Equal reports whether string i decodes to s. Valid UTF-8 strings are
// compared without allocating.
func (p *StringPool) Equal(i uint32, s string) bool {
	pos, n, err := p.span(i)
	if err != nil {
		return false
	}
	if p.utf8 && n == len(s) {
		if raw := p.data[pos : pos+n]; string(raw) == s {
			_, _, err := p.decode8(i, pos, n) // the length prefix must still agree
			return err == nil
		}
	}
	got, err := p.String(i)
	return err == nil && got == s
}

// decode8 decodes the n bytes at pos of UTF-8 string i and checks them
// against the UTF-16 length prefix, as ResStringPool::stringAt does.
func (p *StringPool) decode8(i uint32, pos, n int) (string, int, error) {
	s, units, err := DecodeMUTF8(p.data[pos:pos+n], Pool)
	if err != nil {
		return "", 0, FormatError(p.off+int64(pos), "string pool: string %d: %v", i, err)
	}
	u16len, _, _ := len8(p.data, p.strPos(i))
	if units&0x7fff != u16len {
		return "", 0, FormatError(p.off+int64(pos), "string pool: string %d decodes to %d UTF-16 units, its length prefix says %d", i, units, u16len)
	}
	return s, units, nil
}

// strPos returns where string i's entry starts, relative to the chunk.
// For UTF-16 pools the offset is rounded down to a whole unit, as the
// platform indexes the pool in units.
func (p *StringPool) strPos(i uint32) int {
	o := int64(binary.LittleEndian.Uint32(p.offsets[4*int(i):]))
	if !p.utf8 {
		o &^= 1
	}
	return int(min(int64(p.start)+o, int64(p.end)))
}

// span bounds-checks string i and returns where its data starts and its
// length: bytes for a UTF-8 pool, 16-bit units for a UTF-16 one.
func (p *StringPool) span(i uint32) (pos, n int, err error) {
	if p == nil {
		return 0, 0, FormatError(0, "string %d referenced but there is no string pool", i)
	}
	if int64(i) >= int64(p.count) {
		return 0, 0, FormatError(p.off, "string pool: index %d out of range (%d strings)", i, p.count)
	}
	at := p.strPos(i)
	if at >= p.end-p.charSize() {
		return 0, 0, FormatError(p.off, "string pool: string %d offset out of bounds", i)
	}
	if p.utf8 {
		return p.span8(i, at)
	}
	return p.span16(i, at)
}

func (p *StringPool) span8(i uint32, at int) (int, int, error) {
	b := p.data[:p.end]
	_, pos, ok := len8(b, at)
	if !ok {
		return 0, 0, FormatError(p.off+int64(at), "string pool: string %d: truncated UTF-8 length", i)
	}
	n, pos, ok := len8(b, pos)
	if !ok {
		return 0, 0, FormatError(p.off+int64(at), "string pool: string %d: truncated UTF-8 length", i)
	}
	if Over(n, p.maxLen) {
		return 0, 0, LimitError(p.off+int64(at), "string pool: string %d of %d bytes, limit is %d", i, n, p.maxLen)
	}
	if n >= len(b)-pos {
		return 0, 0, FormatError(p.off+int64(at), "string pool: UTF-8 string %d of %d bytes runs past the pool", i, n)
	}
	// ResStringPool::stringDecodeAt: aapt1 truncated lengths above 0x7FFF,
	// so the string ends at the first NUL at n, n|1<<15, n|2<<15… The
	// search is capped (strings of up to 8 MiB) to keep a pool of
	// unterminated strings linear.
	for k := n; pos+k < len(b) && k>>15 <= maxTruncSteps; k = (k>>15+1)<<15 | n&0x7fff {
		if Over(k, p.maxLen) {
			return 0, 0, LimitError(p.off+int64(at), "string pool: string %d of %d bytes, limit is %d", i, k, p.maxLen)
		}
		if b[pos+k] == 0 {
			return pos, k, nil
		}
	}
	return 0, 0, FormatError(p.off+int64(at), "string pool: string %d is not NUL-terminated", i)
}

func (p *StringPool) span16(i uint32, at int) (int, int, error) {
	b := p.data[:p.end]
	n, pos, ok := len16(b, at)
	if !ok {
		return 0, 0, FormatError(p.off+int64(at), "string pool: string %d: truncated UTF-16 length", i)
	}
	if Over(n, p.maxLen) {
		return 0, 0, LimitError(p.off+int64(at), "string pool: string %d of %d UTF-16 units, limit is %d", i, n, p.maxLen)
	}
	if n >= (len(b)-pos)/2 {
		return 0, 0, FormatError(p.off+int64(at), "string pool: UTF-16 string %d of %d units runs past the pool", i, n)
	}
	if b[pos+2*n] != 0 || b[pos+2*n+1] != 0 {
		return 0, 0, FormatError(p.off+int64(at), "string pool: string %d is not NUL-terminated", i)
	}
	return pos, n, nil
}

// len8 decodes a UTF-8 pool length at b[pos:]: one byte, or two when the
// high bit is set.
func len8(b []byte, pos int) (n, next int, ok bool) {
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

// len16 decodes a UTF-16 pool length at b[pos:]: one unit, or two when the
// high bit is set.
func len16(b []byte, pos int) (n, next int, ok bool) {
	if pos+2 > len(b) {
		return 0, pos, false
	}
	n = int(binary.LittleEndian.Uint16(b[pos:]))
	if n&0x8000 == 0 {
		return n, pos + 2, true
	}
	if pos+4 > len(b) {
		return 0, pos, false
	}
	return (n&0x7fff)<<16 | int(binary.LittleEndian.Uint16(b[pos+2:])), pos + 4, true
}
