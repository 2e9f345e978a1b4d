package axml

import (
	"encoding/binary"
	"unicode/utf16"

	"github.com/pinkit/pinkit/internal/android/resbin"
)

// testEncoder writes binary XML documents the way aapt2 lays them out, so
// tests can craft what aapt2 will not produce (UTF-8 manifests, 2-unit
// UTF-16 lengths, deep nesting, broken offsets).
type testEncoder struct {
	utf8  bool
	strs  []string
	index map[string]uint32
	ids   []uint32
	nodes []byte
}

type encAttr struct {
	ns, name string
	id       uint32 // 0: no resource ID
	raw      string
	typ      uint8
	data     uint32
}

// newTestEncoder pre-registers the attribute names that have resource IDs,
// since the resource map covers the first strings of the pool.
func newTestEncoder(utf8 bool, idNames []string, ids []uint32) *testEncoder {
	e := &testEncoder{utf8: utf8, index: map[string]uint32{}, ids: ids}
	e.strs = append(e.strs, idNames...) // may repeat a name used as a plain string
	return e
}

func (e *testEncoder) str(s string) uint32 {
	if i, ok := e.index[s]; ok {
		return i
	}
	e.strs = append(e.strs, s)
	e.index[s] = uint32(len(e.strs) - 1)
	return e.index[s]
}

func (e *testEncoder) optStr(s string) uint32 {
	if s == "" {
		return resbin.NoString
	}
	return e.str(s)
}

func (e *testEncoder) node(typ uint16, line int, ext []byte) {
	h := make([]byte, 16)
	binary.LittleEndian.PutUint16(h, typ)
	binary.LittleEndian.PutUint16(h[2:], 16)
	binary.LittleEndian.PutUint32(h[4:], uint32(16+len(ext)))
	binary.LittleEndian.PutUint32(h[8:], uint32(line))
	binary.LittleEndian.PutUint32(h[12:], resbin.NoString)
	e.nodes = append(append(e.nodes, h...), ext...)
}

func u32s(vs ...uint32) []byte {
	b := make([]byte, 4*len(vs))
	for i, v := range vs {
		binary.LittleEndian.PutUint32(b[4*i:], v)
	}
	return b
}

func (e *testEncoder) startNS(prefix, uri string, line int) {
	e.node(resbin.ChunkXMLStartNamespace, line, u32s(e.str(prefix), e.str(uri)))
}

func (e *testEncoder) start(ns, name string, line int, attrs ...encAttr) {
	ext := u32s(e.optStr(ns), e.str(name))
	ext = binary.LittleEndian.AppendUint16(ext, 20)                 // attributeStart
	ext = binary.LittleEndian.AppendUint16(ext, 20)                 // attributeSize
	ext = binary.LittleEndian.AppendUint16(ext, uint16(len(attrs))) // attributeCount
	ext = append(ext, make([]byte, 6)...)                           // id, class, style indexes
	for _, a := range attrs {
		nameIdx := e.str(a.name)
		for i, id := range e.ids {
			if id == a.id && a.id != 0 {
				nameIdx = uint32(i)
			}
		}
		data := a.data
		if a.typ == resbin.TypeString {
			data = e.str(a.raw)
		}
		ext = append(ext, u32s(e.optStr(a.ns), nameIdx, e.optStr(a.raw))...)
		ext = append(ext, 8, 0, 0, a.typ)
		ext = binary.LittleEndian.AppendUint32(ext, data)
	}
	e.node(resbin.ChunkXMLStartElement, line, ext)
}

func (e *testEncoder) end(ns, name string) {
	e.node(resbin.ChunkXMLEndElement, 0, u32s(e.optStr(ns), e.str(name)))
}

func (e *testEncoder) text(s string) {
	e.node(resbin.ChunkXMLCDATA, 0, append(u32s(e.str(s)), 8, 0, 0, 0, 0, 0, 0, 0))
}

func (e *testEncoder) pool() []byte {
	var data []byte
	offs := make([]uint32, len(e.strs))
	for i, s := range e.strs {
		offs[i] = uint32(len(data))
		if e.utf8 {
			data = appendLen8(data, len(utf16.Encode([]rune(s))))
			data = appendLen8(data, len(s))
			data = append(append(data, s...), 0)
			continue
		}
		u := utf16.Encode([]rune(s))
		if len(u) > 0x7fff {
			data = binary.LittleEndian.AppendUint16(data, uint16(0x8000|len(u)>>16))
		}
		data = binary.LittleEndian.AppendUint16(data, uint16(len(u)))
		for _, c := range u {
			data = binary.LittleEndian.AppendUint16(data, c)
		}
		data = append(data, 0, 0)
	}
	for len(data)%4 != 0 {
		data = append(data, 0)
	}
	var flags uint32
	if e.utf8 {
		flags = 0x100
	}
	start := uint32(28 + 4*len(e.strs))
	out := u32s(0, uint32(start)+uint32(len(data)), uint32(len(e.strs)), 0, flags, start, 0)
	binary.LittleEndian.PutUint16(out, resbin.ChunkStringPool)
	binary.LittleEndian.PutUint16(out[2:], 28)
	out = append(out, u32s(offs...)...)
	return append(out, data...)
}

func appendLen8(b []byte, n int) []byte {
	if n > 0x7f {
		b = append(b, byte(0x80|n>>8))
	}
	return append(b, byte(n))
}

func (e *testEncoder) bytes() []byte {
	body := e.pool()
	if len(e.ids) > 0 {
		rm := u32s(0, uint32(8+4*len(e.ids)))
		binary.LittleEndian.PutUint16(rm, resbin.ChunkXMLResourceMap)
		binary.LittleEndian.PutUint16(rm[2:], 8)
		body = append(append(body, rm...), u32s(e.ids...)...)
	}
	body = append(body, e.nodes...)
	h := u32s(0, uint32(8+len(body)))
	binary.LittleEndian.PutUint16(h, resbin.ChunkXML)
	binary.LittleEndian.PutUint16(h[2:], 8)
	return append(h, body...)
}
