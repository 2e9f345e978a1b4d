package axml

import "encoding/binary"

// Chunk types.
const (
	chunkStringPool  = 0x0001
	chunkXML         = 0x0003 // RES_XML_TYPE, written by aapt2 but not checked
	chunkStartNS     = 0x0100
	chunkEndNS       = 0x0101
	chunkStartElem   = 0x0102
	chunkEndElem     = 0x0103
	chunkCDATA       = 0x0104
	chunkResourceMap = 0x0180
	nodeHeaderSize   = 16
)

var le = binary.LittleEndian

// Decode decodes a binary XML document with [DefaultLimits].
func Decode(data []byte) (*Document, error) {
	return DecodeLimits(data, DefaultLimits())
}

// DecodeLimits decodes a binary XML document with the given limits.
func DecodeLimits(data []byte, lim Limits) (*Document, error) {
	if len(data) < 8 {
		return nil, formatErr(0, "file of %d bytes is too short for a chunk header", len(data))
	}
	hdr, size := int(le.Uint16(data[2:])), int64(le.Uint32(data[4:]))
	if data[0] == '<' || (len(data) > 3 && string(data[:3]) == "\xef\xbb\xbf") {
		return nil, formatErr(0, "text XML, not binary XML")
	}
	// The chunk type is not checked: the platform's ResXMLTree ignores it,
	// and tampered manifests rely on that to break other parsers.
	if hdr < 8 || int64(hdr) > size || size > int64(len(data)) {
		return nil, formatErr(0, "XML chunk header size %d / size %d out of bounds (file is %d bytes); not binary XML or truncated", hdr, size, len(data))
	}
	d := &decoder{data: data[:size], lim: lim}
	if err := d.run(hdr); err != nil {
		return nil, err
	}
	if err := d.parsePool(); err != nil { // a document without nodes
		return nil, err
	}
	return &Document{Root: d.root}, nil
}

type decoder struct {
	data    []byte
	lim     Limits
	pool    *stringPool
	poolRaw []byte // the string pool chunk in effect, parsed at the first node
	poolOff int
	inNodes bool // a node chunk has been seen: later pools and maps are ignored
	resIDs  []uint32
	root    *Element
	stack   []*Element
	pending []Namespace
	chunks  int
}

func (d *decoder) run(off int) error {
	for off < len(d.data) {
		if len(d.data)-off < 8 {
			return formatErr(off, "truncated chunk header")
		}
		typ, hdr, size := le.Uint16(d.data[off:]), int(le.Uint16(d.data[off+2:])), int64(le.Uint32(d.data[off+4:]))
		if hdr < 8 || int64(hdr) > size || size > int64(len(d.data)-off) {
			return formatErr(off, "chunk %#04x: header size %d / size %d out of bounds", typ, hdr, size)
		}
		if d.chunks++; d.lim.MaxChunks > 0 && d.chunks > d.lim.MaxChunks {
			return limitErr(off, "more than %d chunks", d.lim.MaxChunks)
		}
		if err := d.chunk(typ, off, hdr, d.data[off:off+int(size)]); err != nil {
			return err
		}
		off += int(size)
	}
	return nil
}

func (d *decoder) chunk(typ uint16, off, hdr int, c []byte) error {
	switch typ {
	case chunkStringPool:
		if !d.inNodes { // like ResXMLTree::setTo, the last pool before the first node wins
			d.poolRaw, d.poolOff = c, off
		}
		return nil
	case chunkResourceMap:
		if !d.inNodes {
			d.resIDs = make([]uint32, (len(c)-hdr)/4)
			for i := range d.resIDs {
				d.resIDs[i] = le.Uint32(c[hdr+4*i:])
			}
		}
		return nil
	case chunkStartNS, chunkEndNS, chunkStartElem, chunkEndElem, chunkCDATA:
		if hdr < nodeHeaderSize {
			return formatErr(off, "node chunk %#04x: header size %d, want at least %d", typ, hdr, nodeHeaderSize)
		}
		if !d.inNodes {
			d.inNodes = true
			if err := d.parsePool(); err != nil {
				return err
			}
		}
		return d.node(typ, off, int(le.Uint32(c[8:])), c[hdr:])
	}
	return nil // unknown chunks are skipped, as the platform does
}

func (d *decoder) parsePool() error {
	if d.pool != nil || d.poolRaw == nil {
		return nil
	}
	p, err := parseStringPool(d.poolRaw, d.poolOff, d.lim)
	d.pool = p
	return err
}

func (d *decoder) node(typ uint16, off, line int, ext []byte) error {
	switch typ {
	case chunkStartNS:
		return d.startNS(off, line, ext)
	case chunkEndNS:
		return nil
	case chunkStartElem:
		return d.startElement(off, line, ext)
	case chunkEndElem:
		if len(d.stack) > 0 {
			d.stack = d.stack[:len(d.stack)-1]
		}
		return nil
	}
	return d.cdata(off, ext)
}

func (d *decoder) startNS(off, line int, ext []byte) error {
	if len(ext) < 8 {
		return formatErr(off, "namespace node: extension of %d bytes, want 8", len(ext))
	}
	prefix, err := d.str(le.Uint32(ext))
	if err != nil {
		return err
	}
	uri, err := d.str(le.Uint32(ext[4:]))
	if err != nil {
		return err
	}
	d.pending = append(d.pending, Namespace{Prefix: prefix, URI: uri, Line: line})
	return nil
}

func (d *decoder) cdata(off int, ext []byte) error {
	if len(ext) < 4 {
		return formatErr(off, "CDATA node: extension of %d bytes, want at least 4", len(ext))
	}
	s, err := d.str(le.Uint32(ext))
	if err != nil || len(d.stack) == 0 {
		return err
	}
	e := d.stack[len(d.stack)-1]
	e.Text += s
	e.content = append(e.content, node{text: s})
	return nil
}

func (d *decoder) startElement(off, line int, ext []byte) error {
	if len(ext) < 20 {
		return formatErr(off, "element node: extension of %d bytes, want at least 20", len(ext))
	}
	if d.lim.MaxDepth > 0 && len(d.stack) >= d.lim.MaxDepth {
		return limitErr(off, "elements nested deeper than %d", d.lim.MaxDepth)
	}
	ns, err := d.str(le.Uint32(ext))
	if err != nil {
		return err
	}
	name, err := d.str(le.Uint32(ext[4:]))
	if err != nil {
		return err
	}
	e := &Element{NS: ns, Name: name, Line: line, NSDecls: d.pending}
	d.pending = nil
	if e.Attrs, err = d.attrs(off, ext); err != nil {
		return err
	}
	d.attach(e)
	return nil
}

func (d *decoder) attach(e *Element) {
	switch {
	case len(d.stack) > 0:
		p := d.stack[len(d.stack)-1]
		p.Children = append(p.Children, e)
		p.content = append(p.content, node{elem: e})
	case d.root == nil:
		d.root = e
	default:
		return // a second top-level element is ignored, like the platform's parser stops at the first
	}
	d.stack = append(d.stack, e)
}

func (d *decoder) attrs(off int, ext []byte) ([]Attr, error) {
	start, size, count := int(le.Uint16(ext[8:])), int(le.Uint16(ext[10:])), int(le.Uint16(ext[12:]))
	if count == 0 {
		return nil, nil
	}
	if d.lim.MaxAttrs > 0 && count > d.lim.MaxAttrs {
		return nil, limitErr(off, "element has %d attributes, limit is %d", count, d.lim.MaxAttrs)
	}
	if size < 20 || start+count*size > len(ext) {
		return nil, formatErr(off, "element node: %d attributes of %d bytes at %d do not fit in %d bytes", count, size, start, len(ext))
	}
	out := make([]Attr, 0, count)
	for i := range count {
		a, err := d.attr(ext[start+i*size:])
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

func (d *decoder) attr(b []byte) (Attr, error) {
	var a Attr
	var err error
	nameIdx := le.Uint32(b[4:])
	if a.NS, err = d.str(le.Uint32(b)); err != nil {
		return a, err
	}
	if a.Name, err = d.str(nameIdx); err != nil {
		return a, err
	}
	if a.Raw, err = d.str(le.Uint32(b[8:])); err != nil {
		return a, err
	}
	if int64(nameIdx) < int64(len(d.resIDs)) {
		a.ResID = d.resIDs[nameIdx]
	}
	a.Type, a.Data = b[15], le.Uint32(b[16:])
	if a.Type == TypeString {
		if a.str, err = d.str(a.Data); err != nil {
			return a, err
		}
	}
	return a, nil
}

func (d *decoder) str(i uint32) (string, error) { return d.pool.get(i) }
