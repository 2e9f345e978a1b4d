package arsc

import (
	"slices"

	"github.com/pinkit/pinkit/internal/android/resbin"
)

// Entry kinds.
const (
	kindSimple  = iota // a Res_value
	kindComplex        // a map entry
	kindBad            // malformed; the error is in typeChunk.bad
)

// noKey marks an entry whose key is outside the key string pool: its value
// is usable (Android only needs the key for names), its name is not.
const noKey = 0xffffffff

// entry is one decoded ResTable_entry with its simple value (if any).
type entry struct {
	index uint16
	kind  uint8
	typ   uint8
	key   uint32
	data  uint32
}

// typeChunk is one ResTable_type: the entries of a type in one config.
type typeChunk struct {
	config  Config
	flags   uint8
	entries []entry          // sorted by index, no duplicates
	bad     map[uint16]error // why each kindBad entry is malformed
}

// find returns the entry with the given index.
func (tc *typeChunk) find(idx uint16) (*entry, bool) {
	if int(idx) < len(tc.entries) && tc.entries[idx].index == idx {
		return &tc.entries[idx], true // dense fast path
	}
	i, ok := slices.BinarySearchFunc(tc.entries, idx, func(e entry, t uint16) int { return int(e.index) - int(t) })
	if !ok {
		return nil, false
	}
	return &tc.entries[i], true
}

// slot is an entry's index and its offset relative to entriesStart.
type slot struct {
	idx uint16
	off int64
}

func (d *decoder) parseType(p *pkg, c resbin.Chunk) error {
	if c.HeaderSize < typeHeaderMin {
		return formatErr(c.Off, "type chunk header size %d smaller than %d", c.HeaderSize, typeHeaderMin)
	}
	b := c.Data
	id, flags := b[8], b[9]
	count, entriesStart := int64(u32(b, 12)), int64(u32(b, 16))
	cfgSize := int64(u32(b, 20))
	if cfgSize < 4 || 20+cfgSize > int64(c.HeaderSize) {
		return formatErr(c.Off, "type 0x%02x: config size %d does not fit header size %d", id, cfgSize, c.HeaderSize)
	}
	t, err := p.resType(id, c.Off)
	if err != nil {
		return err
	}
	slots, err := readSlots(c, flags, count, entriesStart)
	if err != nil {
		return err
	}
	if d.entries += len(slots); d.entries > d.lim.MaxEntries {
		return limitErr(c.Off, "more than %d entries", d.lim.MaxEntries)
	}
	tc := &typeChunk{config: parseConfig(b[20 : 20+cfgSize]), flags: flags, entries: make([]entry, 0, len(slots))}
	for _, s := range slots {
		e, err := d.parseEntry(p, c, entriesStart+s.off)
		if err != nil {
			badEntry(tc, s.idx, err)
			e = entry{kind: kindBad}
		}
		e.index = s.idx
		tc.entries = append(tc.entries, e)
	}
	if err := sortUnique(tc.entries, c.Off, id); err != nil {
		return err
	}
	t.chunks = append(t.chunks, tc)
	return nil
}

// badEntry records a malformed entry. Like Android, which verifies an entry
// only when it is looked up, the table stays usable: only lookups of this
// entry fail (the error names the resource then, see badEntryErr).
func badEntry(tc *typeChunk, idx uint16, err error) {
	if tc.bad == nil {
		tc.bad = map[uint16]error{}
	}
	tc.bad[idx] = err
}

// readSlots decodes the entry offset array in its dense, sparse or offset16 form.
func readSlots(c resbin.Chunk, flags uint8, count, entriesStart int64) ([]slot, error) {
	b := c.Data
	if count > maxEntriesPerType {
		return nil, limitErr(c.Off, "type 0x%02x: %d entries, more than %d", b[8], count, maxEntriesPerType)
	}
	width := int64(4)
	if flags&typeFlagSparse == 0 && flags&typeFlagOffset16 != 0 {
		width = 2
	}
	hs := int64(c.HeaderSize)
	if end := hs + width*count; end > entriesStart || entriesStart > int64(len(b)) || entriesStart%4 != 0 {
		return nil, formatErr(c.Off, "type 0x%02x: entries start %#x invalid for %d offsets ending at %#x in a %d-byte chunk",
			b[8], entriesStart, count, end, len(b))
	}
	var slots []slot
	for i := int64(0); i < count; i++ {
		pos := int(hs + width*i)
		switch {
		case flags&typeFlagSparse != 0:
			slots = append(slots, slot{idx: u16(b, pos), off: 4 * int64(u16(b, pos+2))})
		case width == 2:
			if v := u16(b, pos); v != noEntry16 {
				slots = append(slots, slot{idx: uint16(i), off: 4 * int64(v)})
			}
		default:
			v := u32(b, pos)
			if v == noEntry32 {
				continue
			}
			slots = append(slots, slot{idx: uint16(i), off: int64(v)})
		}
	}
	return slots, nil
}

// parseEntry decodes the ResTable_entry at pos (relative to the chunk).
func (d *decoder) parseEntry(p *pkg, c resbin.Chunk, pos int64) (entry, error) {
	b := c.Data
	where := c.Off + int(min(pos, int64(len(b))))
	if pos+8 > int64(len(b)) {
		return entry{}, formatErr(where, "type 0x%02x: entry at %#x overruns the %d-byte chunk", b[8], pos, len(b))
	}
	if pos%4 != 0 {
		return entry{}, formatErr(where, "type 0x%02x: entry offset %#x not 4-byte aligned", b[8], pos)
	}
	i := int(pos)
	flags := u16(b, i+2)
	var e entry
	switch {
	case flags&entryFlagCompact != 0:
		if flags&entryFlagComplex != 0 {
			return entry{}, formatErr(where, "type 0x%02x: compact entry marked complex", b[8])
		}
		e = entry{key: uint32(u16(b, i)), typ: uint8(flags >> 8), data: u32(b, i+4)}
	case flags&entryFlagComplex != 0:
		if err := checkMap(c, i); err != nil {
			return entry{}, err
		}
		e = entry{key: u32(b, i+4), kind: kindComplex}
	default:
		v, err := simpleValue(c, i)
		if err != nil {
			return entry{}, err
		}
		e = v
	}
	if p.keys == nil || int64(e.key) >= int64(p.keys.Len()) {
		e.key = noKey
	}
	if e.typ == resbin.TypeString && e.kind == kindSimple {
		if err := d.checkString(e.data); err != nil {
			return entry{}, err
		}
	}
	return e, nil
}

func simpleValue(c resbin.Chunk, i int) (entry, error) {
	b := c.Data
	size := int64(u16(b, i))
	vpos := int64(i) + size
	if size < 8 || vpos+8 > int64(len(b)) {
		return entry{}, formatErr(c.Off+i, "type 0x%02x: entry size %d leaves no room for its value", b[8], size)
	}
	if vs := u16(b, int(vpos)); vs < 8 {
		return entry{}, formatErr(c.Off+int(vpos), "type 0x%02x: value size %d smaller than 8", b[8], vs)
	}
	return entry{key: u32(b, i+4), typ: b[vpos+3], data: u32(b, int(vpos)+4)}, nil
}

// checkMap bounds-checks a ResTable_map_entry and its maps without keeping them.
func checkMap(c resbin.Chunk, i int) error {
	b := c.Data
	size := int64(u16(b, i))
	if size < 16 || int64(i)+16 > int64(len(b)) {
		return formatErr(c.Off+i, "type 0x%02x: map entry size %d smaller than 16 or truncated", b[8], size)
	}
	n := int64(u32(b, i+12))
	if int64(i)+size+12*n > int64(len(b)) {
		return formatErr(c.Off+i, "type 0x%02x: map entry with %d items overruns the chunk", b[8], n)
	}
	return nil
}

// sortUnique sorts entries by index (sparse tables are sorted already) and
// rejects duplicate indices.
func sortUnique(es []entry, off int, id uint8) error {
	if !slices.IsSortedFunc(es, cmpEntry) {
		slices.SortFunc(es, cmpEntry)
	}
	for i := 1; i < len(es); i++ {
		if es[i].index == es[i-1].index {
			return formatErr(off, "type 0x%02x: entry %d appears twice", id, es[i].index)
		}
	}
	return nil
}

func cmpEntry(a, b entry) int { return int(a.index) - int(b.index) }
