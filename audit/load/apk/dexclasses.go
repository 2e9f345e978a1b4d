package apk

import (
	"encoding/binary"
)

// dexFile gives random access to the parts of one DEX that the TLS code
// analysis (dextls.go) reads: class definitions with their superclass and
// interfaces, method references with name and shorty, and code items.
// Every read is bounds-checked; a malformed table yields empty values,
// never a panic.
type dexFile struct {
	d                                 []byte
	strs, types, protos, methods, cls table
}

// maxIdentLen caps the bytes read for one descriptor or method name.
const maxIdentLen = 1024

func newDexFile(d []byte) (*dexFile, bool) {
	if len(d) < 0x70 {
		return nil, false
	}
	le := binary.LittleEndian
	t := func(at int) table { return table{le.Uint32(d[at:]), le.Uint32(d[at+4:])} }
	f := &dexFile{d: d, strs: t(0x38), types: t(0x40), protos: t(0x48), methods: t(0x58), cls: t(0x60)}
	if uint64(f.cls.size) > maxDexClasses {
		return nil, false
	}
	return f, true
}

func (f *dexFile) u16(off uint64) (uint32, bool) {
	if off+2 > uint64(len(f.d)) {
		return 0, false
	}
	return uint32(binary.LittleEndian.Uint16(f.d[off:])), true
}

func (f *dexFile) u32(off uint64) (uint32, bool) {
	if off+4 > uint64(len(f.d)) {
		return 0, false
	}
	return binary.LittleEndian.Uint32(f.d[off:]), true
}

// str returns string i, read as raw bytes (identifiers are ASCII; other
// MUTF-8 is kept byte for byte), at most maxIdentLen bytes.
func (f *dexFile) str(i uint32) string {
	if i >= f.strs.size {
		return ""
	}
	p, ok := f.u32(uint64(f.strs.off) + uint64(i)*4)
	if !ok {
		return ""
	}
	r := ulebReader{d: f.d, off: uint64(p)}
	r.next()
	if r.err != nil {
		return ""
	}
	end := r.off
	for end < uint64(len(f.d)) && f.d[end] != 0 && end-r.off < maxIdentLen {
		end++
	}
	return string(f.d[r.off:end])
}

// typeName returns the descriptor of type i ("Ljava/lang/String;").
func (f *dexFile) typeName(i uint32) string {
	if i >= f.types.size {
		return ""
	}
	s, ok := f.u32(uint64(f.types.off) + uint64(i)*4)
	if !ok {
		return ""
	}
	return f.str(s)
}

// methodRef is a method_id_item resolved to names.
type methodRef struct {
	class, name, shorty string
}

// method resolves method reference i.
func (f *dexFile) method(i uint32) methodRef {
	if i >= f.methods.size {
		return methodRef{}
	}
	off := uint64(f.methods.off) + uint64(i)*8
	cls, ok1 := f.u16(off)
	proto, ok2 := f.u16(off + 2)
	name, ok3 := f.u32(off + 4)
	if !ok1 || !ok2 || !ok3 {
		return methodRef{}
	}
	m := methodRef{class: f.typeName(cls), name: f.str(name)}
	if proto < f.protos.size {
		if s, ok := f.u32(uint64(f.protos.off) + uint64(proto)*12); ok {
			m.shorty = f.str(s)
		}
	}
	return m
}

// dexClass is a class_def_item with the methods that have code.
type dexClass struct {
	name       string
	super      string
	interfaces []string
	methods    []dexMethod
}

// dexMethod is one method with code: its method index and code_item offset.
type dexMethod struct {
	idx  uint32
	code uint32
}

// classes returns every class definition; the pass stops at the first
// malformed one. Work is bounded by the file size (class data is read
// once per class definition and refused when it would exceed the file).
func (f *dexFile) classes() []dexClass {
	var out []dexClass
	budget := uint64(len(f.d))
	for i := uint32(0); i < f.cls.size; i++ {
		off := uint64(f.cls.off) + uint64(i)*32
		if off+32 > uint64(len(f.d)) {
			break
		}
		le := binary.LittleEndian
		c := dexClass{name: f.typeName(le.Uint32(f.d[off:])), super: f.typeName(le.Uint32(f.d[off+8:]))}
		c.interfaces = f.typeList(le.Uint32(f.d[off+12:]))
		if dataOff := le.Uint32(f.d[off+24:]); dataOff != 0 {
			ms, used, ok := f.classMethods(dataOff)
			if !ok || used > budget {
				break
			}
			budget -= used
			c.methods = ms
		}
		out = append(out, c)
	}
	return out
}

// typeList reads a type_list (interfaces), at most 64 entries.
func (f *dexFile) typeList(off uint32) []string {
	if off == 0 {
		return nil
	}
	n, ok := f.u32(uint64(off))
	if !ok {
		return nil
	}
	var out []string
	for j := uint32(0); j < n && j < 64; j++ {
		t, ok := f.u16(uint64(off) + 4 + uint64(j)*2)
		if !ok {
			break
		}
		out = append(out, f.typeName(t))
	}
	return out
}

// classMethods parses class_data_item: the direct and virtual methods
// that have code, with absolute method indices.
func (f *dexFile) classMethods(off uint32) ([]dexMethod, uint64, bool) {
	r := ulebReader{d: f.d, off: uint64(off)}
	sf, inf, dm, vm := r.next(), r.next(), r.next(), r.next()
	for i := uint64(0); i < uint64(sf)+uint64(inf) && r.err == nil; i++ {
		r.next()
		r.next()
	}
	var out []dexMethod
	for _, count := range []uint32{dm, vm} {
		var idx uint32
		for i := uint64(0); i < uint64(count) && r.err == nil; i++ {
			idx += r.next()
			r.next()
			if co := r.next(); co != 0 && r.err == nil {
				out = append(out, dexMethod{idx: idx, code: co})
			}
		}
	}
	return out, r.off - uint64(off), r.err == nil
}

// codeItem is a decoded code_item header: its instructions and try ranges.
type codeItem struct {
	insns []uint16
	tries []tryRange
}

// tryRange is a try_item: instructions [start, end) in code units.
type tryRange struct{ start, end uint32 }

// maxInsns caps the code units of one analysed method.
const maxInsns = 1 << 16

// code reads the code_item at off, charging its code units (plus one) to
// budget before copying anything: code items shared by many methods cost
// their size each time, and the budget (the file size) caps the total.
func (f *dexFile) code(off uint32, budget *int) (codeItem, bool) {
	o := uint64(off)
	triesN, ok1 := f.u16(o + 6)
	n, ok2 := f.u32(o + 12)
	if !ok1 || !ok2 || n > maxInsns || o+16+uint64(n)*2 > uint64(len(f.d)) || int(n) >= *budget {
		return codeItem{}, false
	}
	*budget -= int(n) + 1
	var c codeItem
	c.insns = make([]uint16, n)
	for i := range c.insns {
		c.insns[i] = binary.LittleEndian.Uint16(f.d[o+16+uint64(i)*2:])
	}
	t := o + 16 + uint64(n)*2
	if n%2 == 1 && triesN > 0 {
		t += 2
	}
	for i := uint64(0); i < uint64(triesN); i++ {
		start, ok1 := f.u32(t + i*8)
		count, ok2 := f.u16(t + i*8 + 4)
		if !ok1 || !ok2 {
			return c, false
		}
		c.tries = append(c.tries, tryRange{start, start + count})
	}
	return c, true
}

// referencesMethod reports whether a method_id names method name of one of
// classes.
func (f *dexFile) referencesMethod(name string, classes ...string) bool {
	for i := uint32(0); i < f.methods.size && uint64(i)*8 < uint64(len(f.d)); i++ {
		nameIdx, ok := f.u32(uint64(f.methods.off) + uint64(i)*8 + 4)
		if !ok {
			return false
		}
		if f.str(nameIdx) != name {
			continue
		}
		cls := f.method(i).class
		for _, c := range classes {
			if cls == c {
				return true
			}
		}
	}
	return false
}
