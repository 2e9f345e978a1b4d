package axml

import (
	"encoding/binary"
	"strings"

	"github.com/pinkit/pinkit/internal/android/resbin"
)

const nodeHeaderSize = 16

// textFactor and textSlack cap the character data a document may expand
// to: CDATA nodes may reference one long string many times, so the
// concatenated Element.Text is capped at textFactor×input+textSlack bytes.
const (
	textFactor = 16
	textSlack  = 1 << 20
)

var le = binary.LittleEndian

// Decode decodes a binary XML document with [resbin.DefaultLimits].
func Decode(data []byte) (*Document, error) {
	return DecodeLimits(data, resbin.DefaultLimits())
}

// DecodeLimits decodes a binary XML document with the given limits.
func DecodeLimits(data []byte, lim resbin.Limits) (*Document, error) {
	if resbin.Over(int64(len(data)), lim.MaxFileBytes) {
		return nil, limitErr(0, "document of %d bytes, limit is %d", len(data), lim.MaxFileBytes)
	}
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
	d := &decoder{data: data[:size], lim: lim, textCap: textFactor*len(data) + textSlack}
	if err := d.run(hdr); err != nil {
		return nil, err
	}
	if err := d.parsePool(); err != nil { // a document without nodes
		return nil, err
	}
	d.joinText()
	return &Document{Root: d.root}, nil
}

type decoder struct {
	data     []byte
	lim      resbin.Limits
	pool     *resbin.StringPool
	poolRaw  resbin.Chunk // the string pool chunk in effect, parsed at the first node
	havePool bool
	inNodes  bool // a node chunk has been seen: later pools and maps are ignored
	cache    map[uint32]string
	resIDs   []uint32
	root     *Element
	stack    []*Element
	texts    []*Element // elements with character data, for joinText
	pending  []Namespace
	chunks   int
	text     int // bytes of character data so far
	textCap  int
}

func (d *decoder) run(off int) error {
	for off < len(d.data) {
		c, err := resbin.ReadChunk(d.data, off, 0)
		if err != nil {
			return resbin.Label(err, "axml")
		}
		if d.chunks++; resbin.Over(d.chunks, d.lim.MaxChunks) {
			return limitErr(off, "more than %d chunks", d.lim.MaxChunks)
		}
		if err := d.chunk(c); err != nil {
			return err
		}
		off += len(c.Data)
	}
	return nil
}

func (d *decoder) chunk(c resbin.Chunk) error {
	switch c.Type {
	case resbin.ChunkStringPool:
		if !d.inNodes { // like ResXMLTree::setTo, the last pool before the first node wins
			d.poolRaw, d.havePool = c, true
		}
		return nil
	case resbin.ChunkXMLResourceMap:
		if !d.inNodes {
			body := c.Body()
			d.resIDs = make([]uint32, len(body)/4)
			for i := range d.resIDs {
				d.resIDs[i] = le.Uint32(body[4*i:])
			}
		}
		return nil
	case resbin.ChunkXMLStartNamespace, resbin.ChunkXMLEndNamespace, resbin.ChunkXMLStartElement,
		resbin.ChunkXMLEndElement, resbin.ChunkXMLCDATA:
		if c.HeaderSize < nodeHeaderSize {
			return formatErr(c.Off, "node chunk %#04x: header size %d, want at least %d", c.Type, c.HeaderSize, nodeHeaderSize)
		}
		if !d.inNodes {
			d.inNodes = true
			if err := d.parsePool(); err != nil {
				return err
			}
		}
		return d.node(c.Type, c.Off, int(le.Uint32(c.Data[8:])), c.Body())
	}
	return nil // unknown chunks are skipped, as the platform does
}

func (d *decoder) parsePool() error {
	if d.pool != nil || !d.havePool {
		return nil
	}
	p, err := resbin.ParseStringPool(d.poolRaw, d.lim)
	d.pool, d.cache = p, map[uint32]string{}
	return resbin.Label(err, "axml")
}

func (d *decoder) node(typ uint16, off, line int, ext []byte) error {
	switch typ {
	case resbin.ChunkXMLStartNamespace:
		return d.startNS(off, line, ext)
	case resbin.ChunkXMLEndNamespace:
		return nil
	case resbin.ChunkXMLStartElement:
		return d.startElement(off, line, ext)
	case resbin.ChunkXMLEndElement:
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

// cdata records a text node. Element.Text is joined once at the end
// (joinText): appending to it here would copy the text so far on every
// node, quadratic in the number of CDATA nodes.
func (d *decoder) cdata(off int, ext []byte) error {
	if len(ext) < 4 {
		return formatErr(off, "CDATA node: extension of %d bytes, want at least 4", len(ext))
	}
	s, err := d.str(le.Uint32(ext))
	if err != nil || len(d.stack) == 0 {
		return err
	}
	if d.text += len(s); d.text > d.textCap {
		return limitErr(off, "character data exceeds %d bytes (%d times the document size plus 1 MiB)", d.textCap, textFactor)
	}
	e := d.stack[len(d.stack)-1]
	if !e.hasText {
		e.hasText = true
		d.texts = append(d.texts, e)
	}
	e.content = append(e.content, node{text: s})
	return nil
}

// joinText sets Element.Text from the text nodes, in time linear in the
// text (which cdata capped).
func (d *decoder) joinText() {
	for _, e := range d.texts {
		n, size := 0, 0
		for _, c := range e.content {
			if c.elem == nil {
				n, size, e.Text = n+1, size+len(c.text), c.text
			}
		}
		if n == 1 {
			continue // one node: no copy
		}
		var sb strings.Builder
		sb.Grow(size)
		for _, c := range e.content {
			if c.elem == nil {
				sb.WriteString(c.text)
			}
		}
		e.Text = sb.String()
	}
}

func (d *decoder) startElement(off, line int, ext []byte) error {
	if len(ext) < 20 {
		return formatErr(off, "element node: extension of %d bytes, want at least 20", len(ext))
	}
	if resbin.Over(len(d.stack)+1, d.lim.MaxDepth) {
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
	if resbin.Over(count, d.lim.MaxAttrs) {
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
	if a.Type == resbin.TypeString {
		if a.str, err = d.str(a.Data); err != nil {
			return a, err
		}
	}
	return a, nil
}

// str returns string i, decoding each index once: nodes may reference
// one long string many times.
func (d *decoder) str(i uint32) (string, error) {
	if i == resbin.NoString {
		return "", nil
	}
	if d.pool == nil {
		return "", formatErr(0, "string %d referenced but the document has no string pool", i)
	}
	if s, ok := d.cache[i]; ok {
		return s, nil
	}
	s, err := d.pool.String(i)
	if err != nil {
		return "", resbin.Label(err, "axml")
	}
	d.cache[i] = s
	return s, nil
}
