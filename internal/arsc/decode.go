package arsc

import "unicode/utf16"

// Limits caps the resources a decoded table may use. Real tables stay far
// below the defaults: Android's own framework-res.apk holds a 31 MB table
// with about 1,800 chunks.
type Limits struct {
	MaxTableBytes      int // size of resources.arsc
	MaxChunks          int // chunks of any kind, nested ones included
	MaxStrings         int // strings in any one string pool
	MaxStringPoolBytes int // bytes of any one string pool chunk
	MaxEntries         int // entries present across all type chunks
}

// DefaultLimits returns limits that admit every real table seen so far
// (framework-res.apk included) while bounding memory for hostile input.
func DefaultLimits() Limits {
	return Limits{
		MaxTableBytes:      256 << 20,
		MaxChunks:          1 << 17,
		MaxStrings:         1 << 21,
		MaxStringPoolBytes: 64 << 20,
		MaxEntries:         1 << 22,
	}
}

const (
	tableHeaderSize    = 12
	packageHeaderMin   = 284 // without typeIdOffset
	typeSpecHeaderSize = 16
	typeHeaderMin      = 20 + 4 // fixed part plus ResTable_config.size
	maxEntriesPerType  = 0x10000

	typeFlagSparse   = 0x01
	typeFlagOffset16 = 0x02

	entryFlagComplex = 0x0001
	entryFlagCompact = 0x0008

	noEntry32 = 0xffffffff
	noEntry16 = 0xffff
)

type decoder struct {
	lim      Limits
	problems []error
	chunks   int
	entries  int
	strings  *stringPool
}

// Decode parses a resources.arsc with [DefaultLimits].
func Decode(data []byte) (*Table, error) {
	return DecodeLimits(data, DefaultLimits())
}

// DecodeLimits parses a resources.arsc, failing with an [*Error] wrapping
// [ErrLimit] when the table exceeds lim and [ErrFormat] when its chunks are
// malformed. A malformed entry (bad offset, size or string reference) does
// not fail the table, as on Android, which checks entries when they are
// looked up: lookups of that entry fail and [Table.Problems] lists it.
// Strings referenced by values are bounds-checked here.
func DecodeLimits(data []byte, lim Limits) (*Table, error) {
	if len(data) > lim.MaxTableBytes {
		return nil, limitErr(0, "table of %d bytes exceeds the limit of %d", len(data), lim.MaxTableBytes)
	}
	c, err := readChunk(data, 0, 0)
	if err != nil {
		return nil, err
	}
	if c.typ != chunkTable {
		return nil, formatErr(0, "not a resource table: chunk type 0x%04x, want 0x%04x", c.typ, chunkTable)
	}
	if c.headerSize < tableHeaderSize {
		return nil, formatErr(0, "table header size %d smaller than %d", c.headerSize, tableHeaderSize)
	}
	d := &decoder{lim: lim}
	t := &Table{}
	err = d.eachChild(c, func(ch chunk) error {
		switch ch.typ {
		case chunkStringPool:
			if d.strings != nil {
				return formatErr(ch.off, "second global string pool")
			}
			d.strings, err = d.parseStringPool(ch)
			return err
		case chunkPackage:
			p, err := d.parsePackage(ch)
			if err != nil {
				return err
			}
			if t.pkg(p.id) != nil {
				return formatErr(ch.off, "duplicate package id 0x%02x", p.id)
			}
			t.pkgs = append(t.pkgs, p)
		}
		return nil // unknown chunks are skipped, as Android does
	})
	if err != nil {
		return nil, err
	}
	t.strings = d.strings
	t.problems = d.problems
	return t, nil
}

func (d *decoder) parsePackage(c chunk) (*pkg, error) {
	if c.headerSize < packageHeaderMin {
		return nil, formatErr(c.off, "package header size %d smaller than %d", c.headerSize, packageHeaderMin)
	}
	b := c.data
	id := u32(b, 8)
	if id > 0xff {
		return nil, formatErr(c.off, "package id %#x larger than 0xff", id)
	}
	p := &pkg{id: uint8(id), name: utf16z(b[12:268])}
	typeStrings, keyStrings := int64(u32(b, 268)), int64(u32(b, 276))
	if c.headerSize >= packageHeaderMin+4 {
		p.typeIDOffset = u32(b, 284)
	}
	err := d.eachChild(c, func(ch chunk) error {
		rel := int64(ch.off - c.off)
		switch {
		case ch.typ == chunkStringPool && rel == typeStrings:
			return d.setPool(&p.typeNames, ch, "type")
		case ch.typ == chunkStringPool && rel == keyStrings:
			return d.setPool(&p.keys, ch, "key")
		case ch.typ == chunkTypeSpec:
			return d.parseTypeSpec(p, ch)
		case ch.typ == chunkType:
			return d.parseType(p, ch)
		}
		return nil // library, overlayable, staged alias: not needed
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

func (d *decoder) setPool(dst **stringPool, c chunk, what string) error {
	if *dst != nil {
		return formatErr(c.off, "second package %s string pool", what)
	}
	sp, err := d.parseStringPool(c)
	*dst = sp
	return err
}

// resType looks up or creates the type with the given id, naming it from the
// package's type string pool.
func (p *pkg) resType(id uint8, off int) (*resType, error) {
	if id == 0 {
		return nil, formatErr(off, "type id 0 is invalid")
	}
	if t := p.types[id]; t != nil {
		return t, nil
	}
	if p.typeNames == nil {
		return nil, formatErr(off, "type 0x%02x appears before the type string pool", id)
	}
	idx := int64(id) - 1 - int64(p.typeIDOffset)
	if idx < 0 || idx >= int64(p.typeNames.count) {
		return nil, formatErr(off, "type 0x%02x has no name: type string pool has %d entries", id, p.typeNames.count)
	}
	name, err := p.typeNames.get(uint32(idx))
	if err != nil {
		return nil, err
	}
	t := &resType{id: id, name: name}
	p.types[id] = t
	return t, nil
}

func (d *decoder) parseTypeSpec(p *pkg, c chunk) error {
	if c.headerSize < typeSpecHeaderSize {
		return formatErr(c.off, "type spec header size %d smaller than %d", c.headerSize, typeSpecHeaderSize)
	}
	n := int64(u32(c.data, 12))
	if n > maxEntriesPerType {
		return limitErr(c.off, "type spec 0x%02x declares %d entries, more than %d", c.data[8], n, maxEntriesPerType)
	}
	if 4*n > int64(len(c.body())) {
		return formatErr(c.off, "type spec 0x%02x: %d entry flags overrun the chunk", c.data[8], n)
	}
	t, err := p.resType(c.data[8], c.off)
	if err != nil {
		return err
	}
	t.specEntries = max(t.specEntries, int(n))
	return nil
}

func utf16z(b []byte) string {
	var u []uint16
	for i := 0; i+1 < len(b); i += 2 {
		c := u16(b, i)
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	return string(utf16.Decode(u))
}
