// Package arsc decodes Android's compiled resource table, resources.arsc.
//
// Most callers need [Decode] and then [Table.Resolve] on a resource ID taken
// from binary XML, e.g. the manifest's android:networkSecurityConfig, which
// yields the path of the XML file inside the APK ("res/xml/nsc.xml", or a
// shortened "res/4u.xml" after `aapt2 optimize --enable-resource-path-shortening`).
//
// # Format coverage
//
// The decoder reads the table header, the global string pool (UTF-8 and
// UTF-16), every package with its type and key string pools, type spec
// chunks and type chunks in all configurations. Type chunks may be dense
// (uint32 offsets), FLAG_SPARSE (index/offset pairs) or FLAG_OFFSET16
// (uint16 offsets); entries may be full, compact (FLAG_COMPACT) or complex
// (maps such as styles and plurals, whose items are bounds-checked and
// skipped). Library, overlayable and unknown chunks are skipped.
//
// # Safety
//
// Chunks and string pools are read by internal/android/resbin. Every
// offset is bounds-checked and [resbin.Limits] caps the table size, chunks,
// strings, string pool size and entries. Malformed chunks make [Decode] fail
// with a [*resbin.Error]; a malformed entry fails only its own lookups,
// since Android too checks entries lazily. Lookups by ID cost the same
// however many configurations a type has. The decoder never panics (see
// FuzzDecode). A decoded [Table] is immutable and safe for concurrent use.
package arsc

import (
	"errors"
	"fmt"
	"slices"

	"github.com/pinkit/pinkit/internal/android/resbin"
)

// maxRefDepth bounds reference chains, like AssetManager2's 20 iterations.
const maxRefDepth = 20

// Value is a resource value: a Res_value, or a complex (map) entry.
type Value struct {
	Type uint8  // one of the resbin.Type* constants
	Data uint32 // raw data: string index, resource ID, integer, color…
	// String is the text of a TypeString value. For file resources (xml,
	// raw, drawable…) it is the path inside the APK, e.g. "res/4u.xml".
	String string
	// Complex marks a map entry (style, plurals, array, attr…); Type and
	// Data are zero because such entries have no single value.
	Complex bool
}

// Table is a decoded resource table.
type Table struct {
	strings   *resbin.StringPool
	poolChunk []byte // the global string pool chunk, for its style spans
	pkgs      []*pkg
}

type pkg struct {
	id           uint8
	name         string
	typeIDOffset uint32
	typeNames    *resbin.StringPool
	keys         *resbin.StringPool
	types        [256]*resType
}

type resType struct {
	id          uint8
	name        string
	specEntries int
	chunks      []*typeChunk    // in file order
	picks       map[uint16]pick // per entry index, the chunks lookups use
}

// pick holds, for one entry index, the chunk (an index into
// resType.chunks, -1 for none) whose entry Resolve uses and the one whose
// key Name uses, so that lookups cost the same however many chunks a type
// has.
type pick struct{ value, name int32 }

func (t *Table) pkg(id uint8) *pkg {
	for _, p := range t.pkgs {
		if p.id == id {
			return p
		}
	}
	return nil
}

// typeOf returns the package and type of a resource ID.
func (t *Table) typeOf(id uint32) (*pkg, *resType) {
	p := t.pkg(uint8(id >> 24))
	if p == nil {
		return nil, nil
	}
	return p, p.types[uint8(id>>16)]
}

// pick returns the entry for id that Resolve uses: the first default-config
// chunk holding it, else the first chunk in file order holding it.
func (t *Table) pick(id uint32) (*typeChunk, *entry, bool) {
	_, rt := t.typeOf(id)
	if rt == nil {
		return nil, nil, false
	}
	pk, ok := rt.picks[uint16(id)]
	if !ok || pk.value < 0 {
		return nil, nil, false
	}
	tc := rt.chunks[pk.value]
	e, ok := tc.find(uint16(id))
	return tc, e, ok
}

func (t *Table) value(id uint32, tc *typeChunk, e *entry) (Value, error) {
	switch e.kind {
	case kindComplex:
		return Value{Complex: true}, nil
	case kindBad:
		return Value{}, badEntryErr(id, tc, tc.bad[e.index])
	}
	v := Value{Type: e.typ, Data: e.data}
	if e.typ == resbin.TypeString {
		v.String, _ = t.strings.String(e.data) // checked by Decode
	}
	return v, nil
}

// badEntryErr names the resource and configuration in the error of a
// malformed entry.
func badEntryErr(id uint32, tc *typeChunk, err error) error {
	var e *resbin.Error
	if !errors.As(err, &e) {
		return err
	}
	return &resbin.Error{Format: "arsc", Offset: e.Offset, What: fmt.Sprintf("resource %#08x (%s): %s", id, tc.config, e.What), Err: e.Err}
}

// Resolve returns the value of id in the default configuration, following
// references (TypeReference and TypeDynamicReference) up to 20 hops.
//
// When no default-config chunk has the entry, Resolve falls back to the
// first configuration in table order that does (aapt2 writes configs
// sorted, so this is deterministic). The platform picks a variant by device
// configuration instead.
//
// A reference to 0 (@null) is returned as is. Errors wrap [ErrNotFound] for
// an ID (or a reference target) the table lacks, e.g. a framework resource,
// and [resbin.ErrFormat] for a reference cycle or an over-long chain.
func (t *Table) Resolve(id uint32) (Value, error) {
	seen := []uint32{}
	cur := id
	for {
		tc, e, ok := t.pick(cur)
		if !ok {
			if cur != id {
				return Value{}, fmt.Errorf("failed to resolve %#08x: reference to %#08x: %w", id, cur, ErrNotFound)
			}
			return Value{}, fmt.Errorf("failed to resolve %#08x: %w", id, ErrNotFound)
		}
		v, err := t.value(cur, tc, e)
		if err != nil {
			return Value{}, fmt.Errorf("failed to resolve %#08x: %w", id, err)
		}
		if !isRef(v) {
			return v, nil
		}
		seen = append(seen, cur)
		if slices.Contains(seen, v.Data) {
			return Value{}, fmt.Errorf("failed to resolve %#08x: reference cycle through %#08x: %w", id, v.Data, resbin.ErrFormat)
		}
		if len(seen) >= maxRefDepth {
			return Value{}, fmt.Errorf("failed to resolve %#08x: reference chain longer than %d: %w", id, maxRefDepth, resbin.ErrFormat)
		}
		cur = v.Data
	}
}

func isRef(v Value) bool {
	return (v.Type == resbin.TypeReference || v.Type == resbin.TypeDynamicReference) && v.Data != 0
}

// Name returns "type/entry" for id, e.g. "xml/network_security_config",
// taking the key from the first well-formed entry in the order Resolve uses.
func (t *Table) Name(id uint32) (string, bool) {
	p, rt := t.typeOf(id)
	if rt == nil {
		return "", false
	}
	pk, ok := rt.picks[uint16(id)]
	if !ok || pk.name < 0 {
		return "", false
	}
	e, _ := rt.chunks[pk.name].find(uint16(id))
	key, err := p.keys.String(e.key) // checked by index
	return rt.name + "/" + key, err == nil
}

// Lookup returns the ID of the resource named typeName/entryName, searching
// packages in table order. It scans the key pool once, then the entries.
func (t *Table) Lookup(typeName, entryName string) (uint32, bool) {
	for _, p := range t.pkgs {
		keys := map[uint32]bool{}
		for _, rt := range p.types {
			if rt == nil || rt.name != typeName {
				continue
			}
			if len(keys) == 0 && !findString(p.keys, entryName, keys) {
				break
			}
			for _, tc := range rt.chunks {
				for _, e := range tc.entries {
					if e.kind != kindBad && keys[e.key] {
						return resID(p, rt, e.index), true
					}
				}
			}
		}
	}
	return 0, false
}

func resID(p *pkg, rt *resType, idx uint16) uint32 {
	return uint32(p.id)<<24 | uint32(rt.id)<<16 | uint32(idx)
}

// Strings calls fn with the ID and text of every string-typed resource as
// Resolve would pick it (default config, else first config), without
// following references. File resources appear too, with their APK path.
// It stops at and returns the first error fn returns.
func (t *Table) Strings(fn func(id uint32, s string) error) error {
	for _, p := range t.pkgs {
		for _, rt := range p.types {
			if rt == nil {
				continue
			}
			if err := t.typeStrings(p, rt, fn); err != nil {
				return err
			}
		}
	}
	return nil
}

// typeStrings visits the string entries of rt in index order, in time
// linear in the number of entries whatever the number of configs.
func (t *Table) typeStrings(p *pkg, rt *resType, fn func(uint32, string) error) error {
	var seen [maxEntriesPerType / 64]uint64
	var picked []*entry         // the chunk does not matter: string entries are never bad
	strs := map[uint32]string{} // many entries may share one long string
	for _, wantDefault := range []bool{true, false} {
		for _, tc := range rt.chunks {
			if tc.config.Default != wantDefault {
				continue
			}
			for i := range tc.entries {
				e := &tc.entries[i]
				if w, bit := e.index/64, uint64(1)<<(e.index%64); seen[w]&bit == 0 {
					seen[w] |= bit
					picked = append(picked, e)
				}
			}
		}
	}
	slices.SortFunc(picked, func(a, b *entry) int { return cmpEntry(*a, *b) })
	for _, e := range picked {
		if e.kind != kindSimple || e.typ != resbin.TypeString {
			continue
		}
		s, ok := strs[e.data]
		if !ok {
			s, _ = t.strings.String(e.data) // checked by Decode
			strs[e.data] = s
		}
		if err := fn(resID(p, rt, e.index), s); err != nil {
			return err
		}
	}
	return nil
}

// findString adds to dst the index of every string in p equal to s and
// reports whether there was one.
func findString(p *resbin.StringPool, s string, dst map[uint32]bool) bool {
	if p == nil {
		return false
	}
	for i := range uint32(p.Len()) {
		if p.Equal(i, s) {
			dst[i] = true
		}
	}
	return len(dst) > 0
}

// index fills rt.picks. keyOK reports whether a key string decodes.
func (rt *resType) index(keyOK func(uint32) bool) {
	rt.picks = map[uint16]pick{}
	for _, wantDefault := range []bool{true, false} {
		for k, tc := range rt.chunks {
			if tc.config.Default != wantDefault {
				continue
			}
			for i := range tc.entries {
				e := &tc.entries[i]
				pk, ok := rt.picks[e.index]
				if !ok {
					pk = pick{value: -1, name: -1}
				}
				if pk.value < 0 {
					pk.value = int32(k)
				}
				if pk.name < 0 && e.kind != kindBad && e.key != noKey && keyOK(e.key) {
					pk.name = int32(k)
				}
				rt.picks[e.index] = pk
			}
		}
	}
}
