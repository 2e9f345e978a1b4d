package arsc

import (
	"unicode/utf16"

	"github.com/pinkit/pinkit/internal/android/resbin"
)

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
	lim     resbin.Limits
	chunks  int
	entries int
	strings *resbin.StringPool
	checked map[uint32]error // global strings referenced by values, checked once each
}

// Decode parses a resources.arsc with [resbin.DefaultLimits].
func Decode(data []byte) (*Table, error) {
	return DecodeLimits(data, resbin.DefaultLimits())
}

// DecodeLimits parses a resources.arsc, failing with a [*resbin.Error]
// wrapping [resbin.ErrLimit] when the table exceeds lim and
// [resbin.ErrFormat] when its chunks are malformed. A malformed entry (bad
// offset, size or string reference) does not fail the table, as on
// Android, which checks entries when they are looked up: lookups of that
// entry fail. Strings referenced by values are checked here.
func DecodeLimits(data []byte, lim resbin.Limits) (*Table, error) {
	if resbin.Over(int64(len(data)), lim.MaxFileBytes) {
		return nil, limitErr(0, "table of %d bytes exceeds the limit of %d", len(data), lim.MaxFileBytes)
	}
	c, err := resbin.ReadChunk(data, 0, 0)
	if err != nil {
		return nil, resbin.Label(err, "arsc")
	}
	if c.Type != resbin.ChunkTable {
		return nil, formatErr(0, "not a resource table: chunk type 0x%04x, want 0x%04x", c.Type, resbin.ChunkTable)
	}
	if c.HeaderSize < tableHeaderSize {
		return nil, formatErr(0, "table header size %d smaller than %d", c.HeaderSize, tableHeaderSize)
	}
	d := &decoder{lim: lim, checked: map[uint32]error{}}
	t := &Table{}
	if err := d.eachChild(c, func(ch resbin.Chunk) error { return d.tableChild(t, ch) }); err != nil {
		return nil, err
	}
	t.strings = d.strings
	for _, p := range t.pkgs {
		p.index()
	}
	return t, nil
}

func (d *decoder) tableChild(t *Table, ch resbin.Chunk) error {
	switch ch.Type {
	case resbin.ChunkStringPool:
		if d.strings != nil {
			return formatErr(ch.Off, "second global string pool")
		}
		var err error
		d.strings, err = d.parseStringPool(ch)
		t.poolChunk = ch.Data
		return err
	case resbin.ChunkTablePackage:
		p, err := d.parsePackage(ch)
		if err != nil {
			return err
		}
		if t.pkg(p.id) != nil {
			return formatErr(ch.Off, "duplicate package id 0x%02x", p.id)
		}
		t.pkgs = append(t.pkgs, p)
	}
	return nil // unknown chunks are skipped, as Android does
}

func (d *decoder) parseStringPool(c resbin.Chunk) (*resbin.StringPool, error) {
	p, err := resbin.ParseStringPool(c, d.lim)
	return p, resbin.Label(err, "arsc")
}

// checkString checks global string i once, however many values use it.
func (d *decoder) checkString(i uint32) error {
	if err, ok := d.checked[i]; ok {
		return err
	}
	var err error
	if d.strings == nil {
		err = formatErr(0, "string %d referenced but the string pool is missing", i)
	} else {
		err = resbin.Label(d.strings.Check(i), "arsc")
	}
	d.checked[i] = err
	return err
}

// index prepares the per-type lookup indexes, checking each key once.
func (p *pkg) index() {
	ok := map[uint32]bool{}
	keyOK := func(k uint32) bool {
		v, seen := ok[k]
		if !seen {
			v = p.keys != nil && p.keys.Check(k) == nil
			ok[k] = v
		}
		return v
	}
	for _, rt := range p.types {
		if rt != nil {
			rt.index(keyOK)
		}
	}
}

func (d *decoder) parsePackage(c resbin.Chunk) (*pkg, error) {
	if c.HeaderSize < packageHeaderMin {
		return nil, formatErr(c.Off, "package header size %d smaller than %d", c.HeaderSize, packageHeaderMin)
	}
	b := c.Data
	id := u32(b, 8)
	if id > 0xff {
		return nil, formatErr(c.Off, "package id %#x larger than 0xff", id)
	}
	p := &pkg{id: uint8(id), name: utf16z(b[12:268])}
	typeStrings, keyStrings := int64(u32(b, 268)), int64(u32(b, 276))
	if c.HeaderSize >= packageHeaderMin+4 {
		p.typeIDOffset = u32(b, 284)
	}
	err := d.eachChild(c, func(ch resbin.Chunk) error {
		rel := int64(ch.Off - c.Off)
		switch {
		case ch.Type == resbin.ChunkStringPool && rel == typeStrings:
			return d.setPool(&p.typeNames, ch, "type")
		case ch.Type == resbin.ChunkStringPool && rel == keyStrings:
			return d.setPool(&p.keys, ch, "key")
		case ch.Type == resbin.ChunkTableTypeSpec:
			return d.parseTypeSpec(p, ch)
		case ch.Type == resbin.ChunkTableType:
			return d.parseType(p, ch)
		}
		return nil // library, overlayable, staged alias: not needed
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

func (d *decoder) setPool(dst **resbin.StringPool, c resbin.Chunk, what string) error {
	if *dst != nil {
		return formatErr(c.Off, "second package %s string pool", what)
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
	if idx < 0 || idx >= int64(p.typeNames.Len()) {
		return nil, formatErr(off, "type 0x%02x has no name: type string pool has %d entries", id, p.typeNames.Len())
	}
	name, err := p.typeNames.String(uint32(idx))
	if err != nil {
		return nil, resbin.Label(err, "arsc")
	}
	t := &resType{id: id, name: name}
	p.types[id] = t
	return t, nil
}

func (d *decoder) parseTypeSpec(p *pkg, c resbin.Chunk) error {
	if c.HeaderSize < typeSpecHeaderSize {
		return formatErr(c.Off, "type spec header size %d smaller than %d", c.HeaderSize, typeSpecHeaderSize)
	}
	n := int64(u32(c.Data, 12))
	if n > maxEntriesPerType {
		return limitErr(c.Off, "type spec 0x%02x declares %d entries, more than %d", c.Data[8], n, maxEntriesPerType)
	}
	if 4*n > int64(len(c.Body())) {
		return formatErr(c.Off, "type spec 0x%02x: %d entry flags overrun the chunk", c.Data[8], n)
	}
	t, err := p.resType(c.Data[8], c.Off)
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
