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
// Every offset is bounds-checked and [Limits] caps chunks, strings, string
// pool size and entries. Malformed chunks make [Decode] fail with an
// [*Error]; a malformed entry fails only its own lookups and is listed by
// [Table.Problems], since Android too checks entries lazily. The decoder
// never panics (see FuzzDecode). A decoded [Table] is immutable and safe for
// concurrent use.
package arsc

import (
	"fmt"
	"slices"
)

// Res_value data types from AOSP ResourceTypes.h.
const (
	TypeNull             = 0x00
	TypeReference        = 0x01
	TypeAttribute        = 0x02
	TypeString           = 0x03
	TypeFloat            = 0x04
	TypeDimension        = 0x05
	TypeFraction         = 0x06
	TypeDynamicReference = 0x07
	TypeDynamicAttribute = 0x08
	TypeIntDec           = 0x10
	TypeIntHex           = 0x11
	TypeIntBoolean       = 0x12
	TypeIntColorARGB8    = 0x1c
	TypeIntColorRGB8     = 0x1d
	TypeIntColorARGB4    = 0x1e
	TypeIntColorRGB4     = 0x1f
)

// maxRefDepth bounds reference chains, like AssetManager2's 20 iterations.
const maxRefDepth = 20

// Value is a resource value: a Res_value, or a complex (map) entry.
type Value struct {
	Type uint8  // one of the Type* constants
	Data uint32 // raw data: string index, resource ID, integer, color…
	// String is the text of a TypeString value. For file resources (xml,
	// raw, drawable…) it is the path inside the APK, e.g. "res/4u.xml".
	String string
	// Complex marks a map entry (style, plurals, array, attr…); Type and
	// Data are zero because such entries have no single value.
	Complex bool
}

// ConfigValue is the value of a resource in one configuration.
type ConfigValue struct {
	Config Config
	Value  Value
	Err    error // non-nil when this entry is malformed; Value is then zero
}

// Table is a decoded resource table.
type Table struct {
	strings  *stringPool
	pkgs     []*pkg
	problems []error
}

// Problems returns the malformed entries found by Decode (at most 100), each
// an [*Error] naming the resource ID and configuration. Lookups of those
// entries fail; the rest of the table is usable, as on Android.
func (t *Table) Problems() []error { return slices.Clone(t.problems) }

type pkg struct {
	id           uint8
	name         string
	typeIDOffset uint32
	typeNames    *stringPool
	keys         *stringPool
	types        [256]*resType
}

type resType struct {
	id          uint8
	name        string
	specEntries int
	chunks      []*typeChunk // in file order
}

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
	var fbChunk *typeChunk
	var fallback *entry
	for _, tc := range rt.chunks {
		e, ok := tc.find(uint16(id))
		switch {
		case ok && tc.config.Default:
			return tc, e, true
		case ok && fallback == nil:
			fbChunk, fallback = tc, e
		}
	}
	return fbChunk, fallback, fallback != nil
}

func (t *Table) value(tc *typeChunk, e *entry) (Value, error) {
	switch e.kind {
	case kindComplex:
		return Value{Complex: true}, nil
	case kindBad:
		return Value{}, tc.bad[e.index]
	}
	v := Value{Type: e.typ, Data: e.data}
	if e.typ == TypeString {
		v.String, _ = t.strings.get(e.data) // bounds checked by Decode
	}
	return v, nil
}

// Resolve returns the value of id in the default configuration, following
// references (TypeReference and TypeDynamicReference) up to 20 hops.
//
// When no default-config chunk has the entry, Resolve falls back to the
// first configuration in table order that does (aapt2 writes configs
// sorted, so this is deterministic). The platform picks a variant by device
// configuration instead; use [Table.Values] to see every variant.
//
// A reference to 0 (@null) is returned as is. Errors wrap [ErrNotFound] for
// an ID (or a reference target) the table lacks, e.g. a framework resource,
// and [ErrFormat] for a reference cycle or an over-long chain.
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
		v, err := t.value(tc, e)
		if err != nil {
			return Value{}, fmt.Errorf("failed to resolve %#08x: %w", id, err)
		}
		if !isRef(v) {
			return v, nil
		}
		seen = append(seen, cur)
		if slices.Contains(seen, v.Data) {
			return Value{}, fmt.Errorf("failed to resolve %#08x: reference cycle through %#08x: %w", id, v.Data, ErrFormat)
		}
		if len(seen) >= maxRefDepth {
			return Value{}, fmt.Errorf("failed to resolve %#08x: reference chain longer than %d: %w", id, maxRefDepth, ErrFormat)
		}
		cur = v.Data
	}
}

func isRef(v Value) bool {
	return (v.Type == TypeReference || v.Type == TypeDynamicReference) && v.Data != 0
}

// Values returns the value of id in every configuration, in table order,
// without following references. It returns nil for an unknown ID.
func (t *Table) Values(id uint32) []ConfigValue {
	_, rt := t.typeOf(id)
	if rt == nil {
		return nil
	}
	var out []ConfigValue
	for _, tc := range rt.chunks {
		if e, ok := tc.find(uint16(id)); ok {
			v, err := t.value(tc, e)
			out = append(out, ConfigValue{Config: tc.config, Value: v, Err: err})
		}
	}
	return out
}

// Name returns "type/entry" for id, e.g. "xml/network_security_config",
// taking the key from the first well-formed entry in the order Resolve uses.
func (t *Table) Name(id uint32) (string, bool) {
	p, rt := t.typeOf(id)
	if rt == nil {
		return "", false
	}
	for _, wantDefault := range []bool{true, false} {
		for _, tc := range rt.chunks {
			e, ok := tc.find(uint16(id))
			if !ok || tc.config.Default != wantDefault || e.kind == kindBad || e.key == noKey {
				continue
			}
			if key, err := p.keys.get(e.key); err == nil {
				return rt.name + "/" + key, true
			}
		}
	}
	return "", false
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
			if len(keys) == 0 && !p.keys.find(entryName, keys) {
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
	var picked []*entry // the chunk does not matter: string entries are never bad
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
		if e.kind != kindSimple || e.typ != TypeString {
			continue
		}
		s, _ := t.strings.get(e.data) // bounds checked by Decode
		if err := fn(resID(p, rt, e.index), s); err != nil {
			return err
		}
	}
	return nil
}
