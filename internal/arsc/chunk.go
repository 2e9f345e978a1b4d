package arsc

import "encoding/binary"

// Chunk types (ResChunk_header.type) from AOSP ResourceTypes.h.
const (
	chunkStringPool   = 0x0001
	chunkTable        = 0x0002
	chunkPackage      = 0x0200
	chunkType         = 0x0201
	chunkTypeSpec     = 0x0202
	chunkLibrary      = 0x0203
	chunkOverlayable  = 0x0204
	chunkOverlayPol   = 0x0205
	chunkStagedAlias  = 0x0206
	chunkHeaderLength = 8
)

// chunk is one ResChunk_header-framed structure. data holds exactly size
// bytes starting at the header; off is its absolute offset in the table.
type chunk struct {
	typ        uint16
	headerSize int
	data       []byte
	off        int
}

func (c chunk) body() []byte { return c.data[c.headerSize:] }

// readChunk reads the chunk starting at b[pos:]; base is the absolute offset of b.
func readChunk(b []byte, pos, base int) (chunk, error) {
	off := base + pos
	if len(b)-pos < chunkHeaderLength {
		return chunk{}, formatErr(off, "truncated chunk header: %d bytes left, need 8", len(b)-pos)
	}
	typ := u16(b, pos)
	hs := int(u16(b, pos+2))
	size := int64(u32(b, pos+4))
	if hs < chunkHeaderLength {
		return chunk{}, formatErr(off, "chunk type 0x%04x: header size %d smaller than 8", typ, hs)
	}
	if size < int64(hs) {
		return chunk{}, formatErr(off, "chunk type 0x%04x: size %d smaller than header size %d", typ, size, hs)
	}
	if size > int64(len(b)-pos) {
		return chunk{}, formatErr(off, "chunk type 0x%04x: size %d exceeds the %d bytes left", typ, size, len(b)-pos)
	}
	return chunk{typ: typ, headerSize: hs, data: b[pos : pos+int(size)], off: off}, nil
}

// eachChild calls fn for every chunk inside c after its header.
func (d *decoder) eachChild(c chunk, fn func(chunk) error) error {
	for pos := c.headerSize; pos < len(c.data); {
		if len(c.data)-pos < chunkHeaderLength && allZero(c.data[pos:]) {
			return nil // trailing padding
		}
		child, err := readChunk(c.data, pos, c.off)
		if err != nil {
			return err
		}
		if d.chunks++; d.chunks > d.lim.MaxChunks {
			return limitErr(child.off, "more than %d chunks", d.lim.MaxChunks)
		}
		if err := fn(child); err != nil {
			return err
		}
		pos += len(child.data)
	}
	return nil
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

func u16(b []byte, i int) uint16 { return binary.LittleEndian.Uint16(b[i:]) }
func u32(b []byte, i int) uint32 { return binary.LittleEndian.Uint32(b[i:]) }
