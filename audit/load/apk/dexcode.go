package apk

import (
	"encoding/binary"
	"errors"
)

// dexCode is what a pass over a DEX file's bytecode tells about its
// const-string instructions: which class first loads each string, and the
// order of strings loaded inside each method (to pair an OkHttp
// CertificatePinner host pattern with the pins that follow it).
type dexCode struct {
	// first holds, per string index, 1 + the type index of the first class
	// whose code loads or references it (0: none). See firstClass.
	first []uint32
	// classType holds, per type index of a defined class, 1 + the string
	// index of its descriptor (0: unknown). See classString.
	classType []uint32
	// methods holds, per method with const-strings, the string indices in
	// instruction order (subslices of one shared array).
	methods []methodStrings
}

// classString returns the descriptor string index of class type t, and 0
// (as a map lookup of a missing key did) when it is unknown.
func (c *dexCode) classString(t uint32) (uint32, bool) {
	if t >= uint32(len(c.classType)) || c.classType[t] == 0 {
		return 0, false
	}
	return c.classType[t] - 1, true
}

// setClass records the descriptor string index of class type t.
func (c *dexCode) setClass(t, s uint32) {
	if t < uint32(len(c.classType)) {
		c.classType[t] = s + 1
	}
}

// setFirst records class as the first user of string s unless one is known.
func (c *dexCode) setFirst(s, class uint32) {
	if s < uint32(len(c.first)) && c.first[s] == 0 {
		c.first[s] = class + 1
	}
}

// firstClass returns the type index of the first class using string s.
func (c *dexCode) firstClass(s uint32) (uint32, bool) {
	if s >= uint32(len(c.first)) || c.first[s] == 0 {
		return 0, false
	}
	return c.first[s] - 1, true
}

type methodStrings struct {
	class   uint32 // type index
	strings []uint32
}

var errDexBounds = errors.New("dex: offset out of bounds")

// Limits on the bytecode pass.
const (
	maxDexMethods = 1 << 22
	maxDexClasses = 1 << 20
)

// scanDexCode walks every method's instructions. It is best effort: a
// malformed structure stops the pass with an error, keeping what was found.
func scanDexCode(d []byte) (*dexCode, error) {
	out := &dexCode{}
	if len(d) < 0x70 {
		return out, errDexBounds
	}
	le := binary.LittleEndian
	if n := le.Uint32(d[0x38:]); uint64(n)*4 <= uint64(len(d)) {
		out.first = make([]uint32, n) // string_ids_size, bounded by the file
	}
	typeIDsSize, typeIDsOff := le.Uint32(d[0x40:]), le.Uint32(d[0x44:])
	classDefsSize, classDefsOff := le.Uint32(d[0x60:]), le.Uint32(d[0x64:])
	if classDefsSize > maxDexClasses {
		return out, errDexBounds
	}
	// A recorded type index t satisfies typeIDsOff + 4t + 4 <= len(d).
	out.classType = make([]uint32, min(uint64(typeIDsSize), uint64(len(d))/4))
	w := codeWalker{d: d, out: out, ids: dexIDs{d: d, types: table{typeIDsSize, typeIDsOff},
		fields: table{le.Uint32(d[0x50:]), le.Uint32(d[0x54:])}, methods: table{le.Uint32(d[0x58:]), le.Uint32(d[0x5c:])}},
		budget: uint64(len(d))} // bytes of class data plus code units: a well-formed file fits
	for k, t := range []table{w.ids.types, w.ids.fields, w.ids.methods} {
		w.seen[k] = make(bitset, (min(uint64(t.size), uint64(len(d))/4)+63)/64) // entries are 4 or 8 bytes
	}
	defer w.finish()
	for i := uint32(0); i < classDefsSize; i++ {
		off := uint64(classDefsOff) + uint64(i)*32
		if off+32 > uint64(len(d)) {
			return out, errDexBounds
		}
		classIdx := le.Uint32(d[off:])
		dataOff := le.Uint32(d[off+24:])
		if classIdx < typeIDsSize {
			if t := uint64(typeIDsOff) + uint64(classIdx)*4; t+4 <= uint64(len(d)) {
				out.setClass(classIdx, le.Uint32(d[t:]))
			}
		}
		if dataOff == 0 {
			continue
		}
		if err := w.class(classIdx, dataOff); err != nil {
			return out, err
		}
	}
	return out, nil
}

// codeWalker is the state of one scanDexCode pass.
type codeWalker struct {
	d       []byte
	out     *dexCode
	ids     dexIDs
	budget  uint64
	methods int
	cur     uint32   // type index of the class being walked
	all     []uint32 // every method's const-string indices, back to back
	spans   []int    // per out.methods entry, its end in all
	// seen marks, per reference kind, the indices already resolved: the
	// strings they name have their first class, so later uses change
	// nothing and are skipped.
	seen [3]bitset
}

// bitset is a set of small integers.
type bitset []uint64

// add adds i and reports whether it was absent; an i past the set's size
// is never recorded (always reported absent).
func (b bitset) add(i uint32) bool {
	w := i / 64
	if w >= uint32(len(b)) {
		return true
	}
	m := uint64(1) << (i % 64)
	if b[w]&m != 0 {
		return false
	}
	b[w] |= m
	return true
}

// class walks the methods of one class_data_item.
func (w *codeWalker) class(classIdx, dataOff uint32) error {
	codeOffs, used, err := classCodeOffsets(w.d, dataOff)
	if err != nil || used > w.budget {
		return errDexBounds
	}
	w.budget -= used
	w.cur = classIdx
	for _, co := range codeOffs {
		if w.methods++; w.methods > maxDexMethods {
			return errDexBounds
		}
		start := len(w.all)
		var units uint64
		w.all, units, err = methodConstStrings(w.d, co, w.all, w.ref)
		if units > w.budget {
			w.all = w.all[:start]
			return errDexBounds // code items shared over and over: refuse the quadratic work
		}
		w.budget -= units
		if err != nil {
			w.all = w.all[:start]
			return err
		}
		for _, s := range w.all[start:] {
			w.out.setFirst(s, classIdx)
		}
		if len(w.all) > start {
			w.out.methods = append(w.out.methods, methodStrings{class: classIdx})
			w.spans = append(w.spans, len(w.all))
		}
	}
	return nil
}

// ref records the class being walked as the first user of the strings a
// type, field or method reference names.
func (w *codeWalker) ref(kind byte, idx uint32) {
	if !w.seen[kind].add(idx) {
		return
	}
	a, b, n := w.ids.strings(kind, idx)
	if n > 0 {
		w.out.setFirst(a, w.cur)
	}
	if n > 1 {
		w.out.setFirst(b, w.cur)
	}
}

// finish points each method at its strings in the shared array.
func (w *codeWalker) finish() {
	start := 0
	for i, end := range w.spans {
		w.out.methods[i].strings = w.all[start:end:end]
		start = end
	}
}

// classCodeOffsets parses class_data_item and returns its methods' code_off
// and the bytes it read.
func classCodeOffsets(d []byte, off uint32) ([]uint32, uint64, error) {
	r := ulebReader{d: d, off: uint64(off)}
	sf, inf, dm, vm := r.next(), r.next(), r.next(), r.next()
	for i := uint64(0); i < uint64(sf)+uint64(inf) && r.err == nil; i++ {
		r.next()
		r.next()
	}
	var out []uint32
	for i := uint64(0); i < uint64(dm)+uint64(vm) && r.err == nil; i++ {
		r.next()
		r.next()
		if co := r.next(); co != 0 {
			out = append(out, co)
		}
	}
	return out, r.off - uint64(off), r.err
}

type ulebReader struct {
	d   []byte
	off uint64
	err error
}

func (r *ulebReader) next() uint32 {
	var v uint32
	for shift := 0; shift < 35; shift += 7 {
		if r.err != nil || r.off >= uint64(len(r.d)) {
			r.err = errDexBounds
			return 0
		}
		b := r.d[r.off]
		r.off++
		v |= uint32(b&0x7f) << shift
		if b < 0x80 {
			return v
		}
	}
	r.err = errDexBounds
	return 0
}

// methodConstStrings appends to out the string indices of the
// const-string and const-string/jumbo instructions of the code_item at off,
// in order, and returns the number of code units it holds.
// ref is called with refType, refField or refMethod and the index of each
// type, field or method an instruction references.
func methodConstStrings(d []byte, off uint32, out []uint32, ref func(kind byte, idx uint32)) ([]uint32, uint64, error) {
	le := binary.LittleEndian
	o := uint64(off)
	if o+16 > uint64(len(d)) {
		return out, 0, errDexBounds
	}
	n := uint64(le.Uint32(d[o+12:]))
	start := o + 16
	if start+2*n > uint64(len(d)) {
		return out, 0, errDexBounds
	}
	unit := func(i uint64) uint32 { return uint32(le.Uint16(d[start+2*i:])) }
	for i := uint64(0); i < n; {
		ins := unit(i)
		op := ins & 0xff
		w := uint64(opWidth[op])
		switch {
		case op == 0x00 && ins != 0:
			w = payloadWidth(ins, i, n, unit)
		case op == 0x1a && i+1 < n:
			out = append(out, unit(i+1))
		case op == 0x1b && i+2 < n:
			out = append(out, unit(i+1)|unit(i+2)<<16)
		case i+1 >= n:
		case op == 0x1c || op == 0x1f || op == 0x20 || op >= 0x22 && op <= 0x25:
			ref(refType, unit(i+1))
		case op >= 0x52 && op <= 0x6d:
			ref(refField, unit(i+1))
		case op >= 0x6e && op <= 0x78 && op != 0x73 || op == 0xfa || op == 0xfb:
			ref(refMethod, unit(i+1))
		}
		if w == 0 {
			return out, n, errDexBounds
		}
		i += w
	}
	return out, n, nil
}

// payloadWidth returns the width in code units of a switch or array
// payload pseudo-instruction starting at i (0 when malformed).
func payloadWidth(ins uint32, i, n uint64, unit func(uint64) uint32) uint64 {
	if i+4 > n {
		return 0
	}
	switch ins {
	case 0x0100: // packed-switch-payload
		return 4 + uint64(unit(i+1))*2
	case 0x0200: // sparse-switch-payload
		return 2 + uint64(unit(i+1))*4
	case 0x0300: // fill-array-data-payload
		width, size := uint64(unit(i+1)), uint64(unit(i+2))|uint64(unit(i+3))<<16
		return 4 + (size*width+1)/2
	}
	return 1 // nop with a non-zero high byte: treat as a plain nop
}

// opWidth is each opcode's instruction width in 16-bit code units
// (https://source.android.com/docs/core/runtime/dalvik-bytecode).
var opWidth = func() [256]uint8 {
	var w [256]uint8
	set := func(lo, hi int, n uint8) {
		for op := lo; op <= hi; op++ {
			w[op] = n
		}
	}
	set(0x00, 0xff, 1)
	set(0x02, 0x02, 2)
	set(0x03, 0x03, 3)
	set(0x05, 0x05, 2)
	set(0x06, 0x06, 3)
	set(0x08, 0x08, 2)
	set(0x09, 0x09, 3)
	set(0x13, 0x13, 2)
	set(0x14, 0x14, 3)
	set(0x15, 0x16, 2)
	set(0x17, 0x17, 3)
	set(0x18, 0x18, 5)
	set(0x19, 0x1a, 2)
	set(0x1b, 0x1b, 3)
	set(0x1c, 0x1c, 2)
	set(0x1f, 0x20, 2)
	set(0x22, 0x23, 2)
	set(0x24, 0x26, 3)
	set(0x29, 0x29, 2)
	set(0x2a, 0x2c, 3)
	set(0x2d, 0x3d, 2)
	set(0x44, 0x6d, 2)
	set(0x6e, 0x72, 3)
	set(0x74, 0x78, 3)
	set(0x90, 0xaf, 2)
	set(0xd0, 0xe2, 2)
	set(0xfa, 0xfb, 4)
	set(0xfc, 0xfd, 3)
	set(0xfe, 0xff, 2)
	return w
}()

// Reference kinds passed to methodConstStrings' ref callback.
const (
	refType byte = iota
	refField
	refMethod
)

// table is a DEX id table: its entry count and file offset.
type table struct{ size, off uint32 }

// dexIDs resolves type, field and method references to string indices.
type dexIDs struct {
	d                      []byte
	types, fields, methods table
}

// u32 reads the little-endian uint32 at entry i of t plus delta, if in bounds.
func (x dexIDs) u32(t table, i uint32, width, delta uint64) (uint32, bool) {
	if i >= t.size {
		return 0, false
	}
	off := uint64(t.off) + uint64(i)*width + delta
	if off+4 > uint64(len(x.d)) {
		return 0, false
	}
	return binary.LittleEndian.Uint32(x.d[off:]), true
}

// typeString returns the descriptor string index of type i.
func (x dexIDs) typeString(i uint32) (uint32, bool) { return x.u32(x.types, i, 4, 0) }

// strings returns the (up to two, n of them) string indices a reference
// names: a type's descriptor, or a field's or method's class descriptor and
// name.
func (x dexIDs) strings(kind byte, idx uint32) (a, b uint32, n int) {
	if kind == refType {
		if s, ok := x.typeString(idx); ok {
			return s, 0, 1
		}
		return 0, 0, 0
	}
	t := x.fields
	if kind == refMethod {
		t = x.methods
	}
	var out [2]uint32
	if head, ok := x.u32(t, idx, 8, 0); ok {
		if s, ok := x.typeString(head & 0xffff); ok {
			out[n] = s
			n++
		}
	}
	if name, ok := x.u32(t, idx, 8, 4); ok {
		out[n] = name
		n++
	}
	return out[0], out[1], n
}
