package plistguard

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// bplist is the trailer of a binary plist and the bytes it describes.
type bplist struct {
	buf             []byte
	offSize         int    // bytes per offset-table entry
	refSize         int    // bytes per object reference
	num, top, table uint64 // object count, root object, offset-table offset
}

// checkBinary walks the object graph reachable from the root without
// recursion. Every object is parsed once; its expanded size (the values
// unmarshalling builds, shared references counted each time) and height
// are kept per object.
func checkBinary(data []byte) error {
	b, err := readTrailer(data)
	if err != nil {
		return refuse("malformed binary property list: %v", err)
	}
	w := walker{b: b, budget: BudgetFactor*uint64(len(data)) + BudgetFloor,
		size: make([]uint32, b.num), height: make([]uint16, b.num), seen: make([]uint64, b.table/64+1)}
	if err := w.run(); err != nil {
		return refuse("binary property list: %v", err)
	}
	return nil
}

func readTrailer(d []byte) (*bplist, error) {
	if len(d) < 40 {
		return nil, errors.New("shorter than header and trailer")
	}
	if v := int((d[6]-'0')*10 + (d[7] - '0')); v > 1 { // byte arithmetic, as the library does
		return nil, fmt.Errorf("unexpected version %d", v)
	}
	t := d[len(d)-32:]
	b := &bplist{buf: d, offSize: int(t[6]), refSize: int(t[7]),
		num: binary.BigEndian.Uint64(t[8:]), top: binary.BigEndian.Uint64(t[16:]), table: binary.BigEndian.Uint64(t[24:])}
	end := uint64(len(d) - 32)
	switch {
	case b.offSize < 1 || b.offSize > 8:
		return nil, fmt.Errorf("offset size %d", b.offSize)
	case b.refSize < 1 || b.refSize > 7: // 8 and 16 fail the library's own object-count check
		return nil, fmt.Errorf("object reference size %d", b.refSize)
	case b.table < 9 || b.table >= end:
		return nil, fmt.Errorf("offset table at %d outside the file", b.table)
	case b.num != (end-b.table)/uint64(b.offSize) || (end-b.table)%uint64(b.offSize) != 0:
		return nil, fmt.Errorf("offset table of %d bytes does not hold %d objects", end-b.table, b.num)
	case b.num > b.table || b.num > 1<<(8*b.refSize):
		return nil, fmt.Errorf("%d objects cannot fit", b.num)
	case b.top >= b.num:
		return nil, fmt.Errorf("root object %d out of range", b.top)
	}
	return b, nil
}

// uint reads an n-byte big-endian unsigned integer at off (n ≤ 8).
func (b *bplist) uint(off uint64, n int) (uint64, error) {
	if off > uint64(len(b.buf)) || uint64(n) > uint64(len(b.buf))-off {
		return 0, fmt.Errorf("integer at %d past the end", off)
	}
	var v uint64
	for _, c := range b.buf[off : off+uint64(n)] {
		v = v<<8 | uint64(c)
	}
	return v, nil
}

// sized reads an integer of the width a tag's low nibble gives (1<<n
// bytes); 16-byte integers keep their low 64 bits, as the library does.
func (b *bplist) sized(off uint64, n int) (uint64, error) {
	switch n {
	case 1, 2, 4, 8:
		return b.uint(off, n)
	case 16:
		return b.uint(off+8, 8)
	}
	return 0, fmt.Errorf("integer of %d bytes at %d", n, off)
}

// object describes the object at an offset: for an array or dictionary,
// n references starting at refs; for a leaf, n is 0.
type object struct {
	refs, n uint64
}

func (b *bplist) offsetOf(idx uint64) (uint64, error) {
	off, err := b.uint(b.table+idx*uint64(b.offSize), b.offSize)
	if err == nil && off >= b.table {
		err = fmt.Errorf("object %d starts at %d, past the object table", idx, off)
	}
	return off, err
}

// parse reads the object at off, checking every length against the object
// table as the library does (overflow-safe where it is not).
func (b *bplist) parse(off uint64) (object, error) {
	tag := b.buf[off]
	need := uint64(0) // bytes after the tag read by a scalar
	switch tag >> 4 {
	case 0x0:
		if tag != 0x08 && tag != 0x09 {
			return object{}, fmt.Errorf("unexpected atom 0x%02x at %d", tag, off)
		}
	case 0x1, 0x2:
		need = 1 << (tag & 0xf)
		if tag>>4 == 0x2 && need != 4 && need != 8 || need > 8 && need != 16 {
			return object{}, fmt.Errorf("number of %d bytes at %d", need, off)
		}
	case 0x3:
		need = 8
	case 0x8:
		need = uint64(tag&0xf) + 1
		if need > 8 && need != 16 || need < 8 && off+1 < 8-need {
			return object{}, fmt.Errorf("UID of %d bytes at %d", need, off)
		}
	case 0x4, 0x5, 0x6, 0xa, 0xd:
		return b.container(tag, off)
	default:
		return object{}, fmt.Errorf("unexpected atom 0x%02x at %d", tag, off)
	}
	if need > uint64(len(b.buf))-off-1 {
		return object{}, fmt.Errorf("value at %d past the end", off)
	}
	return object{}, nil
}

// container reads a counted object: data, strings, arrays, dictionaries.
func (b *bplist) container(tag byte, off uint64) (object, error) {
	cnt, start := uint64(tag&0xf), off+1
	if cnt == 0xf {
		if off+1 >= uint64(len(b.buf)) {
			return object{}, fmt.Errorf("count at %d past the end", off)
		}
		n := 1 << (b.buf[off+1] & 0xf)
		var err error
		if cnt, err = b.sized(off+2, n); err != nil {
			return object{}, err
		}
		start = off + 2 + uint64(n)
	}
	if start > b.table {
		return object{}, fmt.Errorf("object at %d runs into the offset table", off)
	}
	room := b.table - start
	var unit uint64
	switch tag >> 4 {
	case 0x4, 0x5:
		unit = 1
	case 0x6:
		unit = 2
	case 0xa:
		unit = uint64(b.refSize)
	case 0xd:
		unit = 2 * uint64(b.refSize)
	}
	if cnt > room/unit {
		return object{}, fmt.Errorf("object at %d declares %d elements, more than the file holds", off, cnt)
	}
	if tag>>4 == 0xa || tag>>4 == 0xd {
		return object{refs: start, n: cnt * unit / uint64(b.refSize)}, nil
	}
	return object{}, nil
}

// walker is an iterative depth-first walk of the object graph.
type walker struct {
	b      *bplist
	budget uint64
	size   []uint32 // expanded size of a finished object, capped past the budget
	height []uint16 // 0: not visited; inProgress: on the stack; else 1 + height of the tallest child
	seen   []uint64 // bitmap of object offsets already claimed by an object index
	stack  []frame
}

const inProgress = 0xffff

// frame is a container on the walk's stack.
type frame struct {
	idx    uint64
	obj    object
	next   uint64 // references read so far
	size   uint64
	height int
}

func (w *walker) run() error {
	if err := w.enter(w.b.top); err != nil {
		return err
	}
	for len(w.stack) > 0 {
		f := &w.stack[len(w.stack)-1]
		if f.next == f.obj.n {
			w.stack = w.stack[:len(w.stack)-1]
			w.size[f.idx], w.height[f.idx] = uint32(f.size), uint16(f.height)
			if len(w.stack) > 0 {
				if err := w.add(&w.stack[len(w.stack)-1], f.idx); err != nil {
					return err
				}
			}
			continue
		}
		child, err := w.b.uint(f.obj.refs+f.next*uint64(w.b.refSize), w.b.refSize)
		f.next++
		if err != nil {
			return err
		}
		if child >= w.b.num {
			return fmt.Errorf("reference to object %d of %d", child, w.b.num)
		}
		switch w.height[child] {
		case inProgress:
			return fmt.Errorf("object %d contains itself", child)
		case 0:
			if err := w.enter(child); err != nil {
				return err
			}
		default:
			if err := w.add(f, child); err != nil {
				return err
			}
		}
	}
	return nil
}

// enter parses object idx: a leaf is finished at once (and added to the
// container on top of the stack), a container is pushed.
func (w *walker) enter(idx uint64) error {
	off, err := w.b.offsetOf(idx)
	if err != nil {
		return err
	}
	if w.seen[off/64]&(1<<(off%64)) != 0 {
		// Writers store each object once; the library would parse the
		// bytes again for every index naming them.
		return fmt.Errorf("object %d shares its bytes at %d with another object", idx, off)
	}
	w.seen[off/64] |= 1 << (off % 64)
	obj, err := w.b.parse(off)
	if err != nil {
		return err
	}
	if obj.n == 0 {
		w.size[idx], w.height[idx] = 1, 1
		if len(w.stack) == 0 {
			return nil
		}
		return w.add(&w.stack[len(w.stack)-1], idx)
	}
	if len(w.stack) >= MaxDepth {
		return fmt.Errorf("containers nest deeper than %d levels", MaxDepth)
	}
	w.height[idx] = inProgress
	w.stack = append(w.stack, frame{idx: idx, obj: obj, size: 1, height: 1})
	return nil
}

// add counts a finished child into its container.
func (w *walker) add(f *frame, child uint64) error {
	f.size += uint64(w.size[child])
	f.height = max(f.height, int(w.height[child])+1)
	switch {
	case f.size > w.budget:
		return fmt.Errorf("decoding would build more than %d values (shared references are copied each time)", w.budget)
	case f.height > MaxDepth:
		return fmt.Errorf("containers nest deeper than %d levels", MaxDepth)
	}
	return nil
}
