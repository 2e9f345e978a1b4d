// Package arsctest writes resources.arsc tables for tests.
//
// It exists because the aapt2 available to tests cannot produce
// FLAG_OFFSET16 type chunks or compact entries (newer build tools emit
// them); it also writes dense and sparse chunks and UTF-8 or UTF-16 string
// pools so that decoders can be checked against a known model. It is not a
// general-purpose resource compiler: it writes exactly what it is told,
// including nonsense, so tests can build malformed tables too.
package arsctest

import (
	"encoding/binary"
	"unicode/utf16"
)

// Encoding selects the entry offset layout of a type chunk.
type Encoding int

// Entry offset layouts.
const (
	Dense    Encoding = iota // uint32 offsets, 0xFFFFFFFF for none
	Sparse                   // FLAG_SPARSE: uint16 index + uint16 offset/4 pairs
	Offset16                 // FLAG_OFFSET16: uint16 offset/4, 0xFFFF for none
)

// Table is a resource table to encode.
type Table struct {
	Strings  []string // global string pool
	UTF8     bool     // write the global pool as UTF-8 instead of UTF-16
	Packages []Package
}

// Package is one ResTable_package. Type IDs are 1 + the index in Types.
type Package struct {
	ID     uint8
	Name   string
	Types  []string // type string pool
	Keys   []string // key string pool
	Chunks []TypeChunk
}

// TypeChunk is one ResTable_type (a type in one configuration).
type TypeChunk struct {
	TypeID   uint8
	Encoding Encoding
	Config   Config
	// EntryCount is the length of a dense or offset16 offset array; zero
	// means the highest entry index + 1.
	EntryCount int
	Entries    []Entry
}

// Config is the subset of ResTable_config the encoder can set.
type Config struct {
	Language, Country string // two letters each, or empty
	Density           uint16
	SDKVersion        uint16
}

// Entry is one ResTable_entry.
type Entry struct {
	Index   uint16
	Key     uint32 // index into Package.Keys
	Compact bool   // FLAG_COMPACT: key, type and data in the 8-byte entry
	// Complex writes a map entry with MapItems items instead of a value.
	Complex  bool
	MapItems int
	Type     uint8  // Res_value dataType
	Data     uint32 // Res_value data
}

// Encode returns the table in resources.arsc format.
func (t *Table) Encode() []byte {
	var body []byte
	body = append(body, StringPool(t.Strings, t.UTF8)...)
	for i := range t.Packages {
		body = append(body, t.Packages[i].encode()...)
	}
	return chunk(0x0002, le32(uint32(len(t.Packages))), body)
}

// StringPool encodes a ResStringPool chunk without styles.
func StringPool(strs []string, utf8 bool) []byte {
	var offsets, data []byte
	for _, s := range strs {
		offsets = append(offsets, le32(uint32(len(data)))...)
		if utf8 {
			data = appendLen8(data, len(utf16.Encode([]rune(s))))
			data = appendLen8(data, len(s))
			data = append(append(data, s...), 0)
		} else {
			u := utf16.Encode([]rune(s))
			if len(u) > 0x7fff {
				data = append(data, le16(uint16(len(u)>>16|0x8000))...)
			}
			data = append(data, le16(uint16(len(u)))...)
			for _, c := range u {
				data = append(data, le16(c)...)
			}
			data = append(data, 0, 0)
		}
	}
	data = pad4(data)
	var flags uint32
	if utf8 {
		flags = 0x100
	}
	hdr := cat(le32(uint32(len(strs))), le32(0), le32(flags), le32(uint32(28+len(offsets))), le32(0))
	return chunk(0x0001, hdr, cat(offsets, data))
}

func appendLen8(b []byte, n int) []byte {
	if n > 0x7f {
		return append(b, byte(n>>8)|0x80, byte(n))
	}
	return append(b, byte(n))
}

func (p *Package) encode() []byte {
	types := StringPool(p.Types, false)
	keys := StringPool(p.Keys, true)
	const hdrSize = 288
	name := make([]byte, 256)
	for i, c := range utf16.Encode([]rune(p.Name)) {
		if 2*i+2 <= len(name)-2 {
			binary.LittleEndian.PutUint16(name[2*i:], c)
		}
	}
	hdr := cat(le32(uint32(p.ID)), name, le32(hdrSize), le32(uint32(len(p.Types))),
		le32(uint32(hdrSize+len(types))), le32(uint32(len(p.Keys))), le32(0))
	body := cat(types, keys)
	for id := 1; id <= len(p.Types); id++ {
		body = append(body, p.spec(uint8(id))...)
		for i := range p.Chunks {
			if p.Chunks[i].TypeID == uint8(id) {
				body = append(body, p.Chunks[i].encode()...)
			}
		}
	}
	for i := range p.Chunks { // chunks for types without a name, for malformed tables
		if int(p.Chunks[i].TypeID) > len(p.Types) || p.Chunks[i].TypeID == 0 {
			body = append(body, p.Chunks[i].encode()...)
		}
	}
	return chunk(0x0200, hdr, body)
}

// spec writes the ResTable_typeSpec for type id, sized to its largest chunk.
func (p *Package) spec(id uint8) []byte {
	n := 0
	for i := range p.Chunks {
		if p.Chunks[i].TypeID == id {
			n = max(n, p.Chunks[i].count())
		}
	}
	hdr := cat([]byte{id, 0}, le16(0), le32(uint32(n)))
	return chunk(0x0202, hdr, make([]byte, 4*n))
}

func (c *TypeChunk) count() int {
	if c.EntryCount > 0 {
		return c.EntryCount
	}
	n := 0
	for _, e := range c.Entries {
		n = max(n, int(e.Index)+1)
	}
	return n
}

func (c *TypeChunk) encode() []byte {
	var data []byte
	offs := map[uint16]int{}
	for _, e := range c.Entries {
		offs[e.Index] = len(data)
		data = append(data, e.encode()...)
	}
	offsets := c.offsets(offs)
	const hdrSize = 8 + 12 + 64
	var flags byte
	switch c.Encoding {
	case Sparse:
		flags = 0x01
	case Offset16:
		flags = 0x02
	}
	n := c.count()
	if c.Encoding == Sparse {
		n = len(c.Entries)
	}
	hdr := cat([]byte{c.TypeID, flags}, le16(0), le32(uint32(n)), le32(uint32(hdrSize+len(offsets))), c.Config.encode())
	return chunk(0x0201, hdr, cat(offsets, data))
}

func (c *TypeChunk) offsets(offs map[uint16]int) []byte {
	var b []byte
	switch c.Encoding {
	case Sparse:
		for _, e := range c.Entries {
			b = append(b, cat(le16(e.Index), le16(uint16(offs[e.Index]/4)))...)
		}
	case Offset16:
		for i := range c.count() {
			o, ok := offs[uint16(i)]
			if !ok {
				o = 0xffff * 4
			}
			b = append(b, le16(uint16(o/4))...)
		}
	default:
		for i := range c.count() {
			o, ok := offs[uint16(i)]
			if !ok {
				b = append(b, le32(0xffffffff)...)
				continue
			}
			b = append(b, le32(uint32(o))...)
		}
	}
	return pad4(b)
}

func (c Config) encode() []byte {
	b := make([]byte, 64)
	binary.LittleEndian.PutUint32(b, 64)
	copy(b[8:10], c.Language)
	copy(b[10:12], c.Country)
	binary.LittleEndian.PutUint16(b[14:], c.Density)
	binary.LittleEndian.PutUint16(b[24:], c.SDKVersion)
	return b
}

func (e Entry) encode() []byte {
	switch {
	case e.Compact:
		return cat(le16(uint16(e.Key)), le16(0x0008|uint16(e.Type)<<8), le32(e.Data))
	case e.Complex:
		b := cat(le16(16), le16(0x0001), le32(e.Key), le32(0), le32(uint32(e.MapItems)))
		for i := range e.MapItems {
			b = append(b, cat(le32(0x01010000+uint32(i)), le16(8), []byte{0, 0x10}, le32(uint32(i)))...)
		}
		return b
	default:
		return cat(le16(8), le16(0), le32(e.Key), le16(8), []byte{0, e.Type}, le32(e.Data))
	}
}

func chunk(typ uint16, hdr, body []byte) []byte {
	hs := 8 + len(hdr)
	return cat(le16(typ), le16(uint16(hs)), le32(uint32(hs+len(body))), hdr, body)
}

func cat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

func pad4(b []byte) []byte {
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

func le16(v uint16) []byte { return binary.LittleEndian.AppendUint16(nil, v) }
func le32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }
