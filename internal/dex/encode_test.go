package dex

import (
	"encoding/binary"
	"fmt"
	"unicode/utf16"
)

// rawString is one string_data_item: its UTF-16 length and MUTF-8 bytes
// (without the NUL, which the encoder adds).
type rawString struct {
	units int
	data  []byte
}

// mutf8 encodes s as MUTF-8 the way dx/d8/smali do.
func mutf8(s string) rawString {
	u := utf16.Encode([]rune(s))
	var b []byte
	for _, c := range u {
		switch {
		case c != 0 && c < 0x80:
			b = append(b, byte(c))
		case c < 0x800:
			b = append(b, byte(0xc0|c>>6), byte(0x80|c&0x3f))
		default:
			b = append(b, byte(0xe0|c>>12), byte(0x80|(c>>6)&0x3f), byte(0x80|c&0x3f))
		}
	}
	return rawString{len(u), b}
}

// dexSpec describes a DEX for encodeDex: strings in string_ids order and
// type_ids as string indexes.
type dexSpec struct {
	version int
	strs    []rawString
	types   []uint32
}

// encodeDex writes a DEX holding only a header, string_ids, type_ids and
// string data. base is where the DEX starts in its container (v041) and
// string_data_off values are relative to the container start.
func encodeDex(spec dexSpec, base int) []byte {
	hs := headerSize
	if spec.version >= 41 {
		hs = headerSizeV41
	}
	idsOff := hs
	typesOff := idsOff + 4*len(spec.strs)
	dataOff := typesOff + 4*len(spec.types)
	out := make([]byte, dataOff)
	copy(out, fmt.Sprintf("dex\n%03d\x00", spec.version))
	var data []byte
	for i, s := range spec.strs {
		binary.LittleEndian.PutUint32(out[idsOff+4*i:], uint32(base+dataOff+len(data)))
		data = binary.AppendUvarint(data, uint64(s.units))
		data = append(append(data, s.data...), 0)
	}
	for i, t := range spec.types {
		binary.LittleEndian.PutUint32(out[typesOff+4*i:], t)
	}
	out = append(out, data...)
	for len(out)%4 != 0 {
		out = append(out, 0)
	}
	le := binary.LittleEndian
	le.PutUint32(out[0x20:], uint32(len(out)))
	le.PutUint32(out[0x24:], uint32(hs))
	le.PutUint32(out[0x28:], endianTag)
	le.PutUint32(out[0x38:], uint32(len(spec.strs)))
	le.PutUint32(out[0x3c:], uint32(idsOff))
	le.PutUint32(out[0x40:], uint32(len(spec.types)))
	le.PutUint32(out[0x44:], uint32(typesOff))
	if spec.version >= 41 {
		le.PutUint32(out[0x74:], uint32(base))
	}
	return out
}

// encodeContainer concatenates v041 DEX files and sets container_size.
func encodeContainer(specs ...dexSpec) []byte {
	var out []byte
	for _, s := range specs {
		s.version = 41
		out = append(out, encodeDex(s, len(out))...)
	}
	for off := 0; off < len(out); off += int(binary.LittleEndian.Uint32(out[off+0x20:])) {
		binary.LittleEndian.PutUint32(out[off+0x70:], uint32(len(out)))
	}
	return out
}

func strs(ss ...string) []rawString {
	out := make([]rawString, len(ss))
	for i, s := range ss {
		out[i] = mutf8(s)
	}
	return out
}
