package resbin

import "encoding/binary"

// Chunk types (ResChunk_header.type) from AOSP
// frameworks/base/libs/androidfw/include/androidfw/ResourceTypes.h.
const (
	ChunkNull              = 0x0000
	ChunkStringPool        = 0x0001
	ChunkTable             = 0x0002
	ChunkXML               = 0x0003
	ChunkXMLStartNamespace = 0x0100
	ChunkXMLEndNamespace   = 0x0101
	ChunkXMLStartElement   = 0x0102
	ChunkXMLEndElement     = 0x0103
	ChunkXMLCDATA          = 0x0104
	ChunkXMLResourceMap    = 0x0180
	ChunkTablePackage      = 0x0200
	ChunkTableType         = 0x0201
	ChunkTableTypeSpec     = 0x0202
	ChunkTableLibrary      = 0x0203
	ChunkTableOverlayable  = 0x0204
	ChunkTableOverlayPol   = 0x0205
	ChunkTableStagedAlias  = 0x0206
)

// ChunkHeaderSize is the size of a ResChunk_header.
const ChunkHeaderSize = 8

// Chunk is one ResChunk_header-framed structure. Data holds exactly the
// chunk's size bytes, starting at its header; Off is its absolute offset.
type Chunk struct {
	Type       uint16
	HeaderSize int
	Data       []byte
	Off        int
}

// Body returns the chunk after its header.
func (c Chunk) Body() []byte { return c.Data[c.HeaderSize:] }

// ReadChunk reads the chunk starting at b[pos:]; base is the absolute
// offset of b. The header size must be at least 8 and at most the chunk
// size, which must fit in b.
func ReadChunk(b []byte, pos, base int) (Chunk, error) {
	off := int64(base + pos)
	if len(b)-pos < ChunkHeaderSize {
		return Chunk{}, FormatError(off, "truncated chunk header: %d bytes left, need 8", len(b)-pos)
	}
	typ := binary.LittleEndian.Uint16(b[pos:])
	hs := int(binary.LittleEndian.Uint16(b[pos+2:]))
	size := int64(binary.LittleEndian.Uint32(b[pos+4:]))
	if hs < ChunkHeaderSize {
		return Chunk{}, FormatError(off, "chunk type 0x%04x: header size %d smaller than 8", typ, hs)
	}
	if size < int64(hs) {
		return Chunk{}, FormatError(off, "chunk type 0x%04x: size %d smaller than header size %d", typ, size, hs)
	}
	if size > int64(len(b)-pos) {
		return Chunk{}, FormatError(off, "chunk type 0x%04x: size %d exceeds the %d bytes left", typ, size, len(b)-pos)
	}
	return Chunk{Type: typ, HeaderSize: hs, Data: b[pos : pos+int(size)], Off: base + pos}, nil
}
