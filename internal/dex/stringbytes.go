package dex

import (
	"fmt"
	"io"

	"github.com/pinkit/pinkit/internal/android/resbin"
)

// ReadBytes is [Read] without a string allocation per string: fn gets the
// UTF-8 bytes of each string, valid only until fn returns (they may alias
// a read buffer), and the index of the string in its DEX. Strings are
// checked exactly as Read checks them, and the same errors are returned.
func ReadBytes(name string, r io.ReaderAt, size int64, fn func(dexIndex int, i uint32, b []byte) error) error {
	files, err := OpenAll(name, r, size, resbin.DefaultLimits())
	if err != nil {
		return err
	}
	for k, f := range files {
		if err := f.StringBytes(func(i uint32, b []byte) error { return fn(k, i, b) }); err != nil {
			return err
		}
	}
	return nil
}

// StringBytes calls fn with the UTF-8 bytes of every string in string_ids
// order, like [File.Strings]. b is valid only until fn returns: it may
// alias a read buffer, so fn copies what it keeps. A string of ASCII
// characters (the common case) is handed over without being copied or
// allocated; any other string is decoded as String decodes it.
func (f *File) StringBytes(fn func(i uint32, b []byte) error) error {
	for i := range f.hdr.StringIDsSize {
		b, err := f.stringBytes(i)
		if err != nil {
			return err
		}
		if err := fn(i, b); err != nil {
			return err
		}
	}
	return nil
}

// stringBytes returns string i as bytes, from the read buffer when it is
// plain ASCII, else through [File.String].
func (f *File) stringBytes(i uint32) ([]byte, error) {
	idOff := f.base + int64(f.hdr.StringIDsOff) + 4*int64(i)
	id, err := f.ids.bytes(idOff, 4)
	if err != nil {
		return nil, f.err(idOff, fmt.Sprintf("failed to read string_id %d", i), err)
	}
	off := f.dataBase + int64(le.Uint32(id))
	if b, ok := f.asciiAt(off); ok {
		if f.budget -= int64(len(b)); f.budget < 0 {
			return nil, f.limitErr(off, "string %d: strings add up to more than %d times the %d-byte file", i, budgetFactor, f.end()-f.base)
		}
		return b, nil
	}
	s, err := f.String(i)
	return []byte(s), err
}

// asciiAt returns the string_data_item at off when it is well formed and
// all ASCII (no byte 0x00 or >= 0x80 before its terminating NUL); ok is
// false for anything else, which the caller decodes the slow way.
func (f *File) asciiAt(off int64) (b []byte, ok bool) {
	if off >= f.end() {
		return nil, false
	}
	head, err := f.data.bytes(off, int(min(5, f.size-off)))
	if err != nil {
		return nil, false
	}
	units, n, ok := uleb128(head)
	if !ok || resbin.Over(int64(units), int64(f.lim.MaxStringLen)) || off+int64(n)+int64(units)+1 > f.size {
		return nil, false
	}
	body, err := f.data.bytes(off+int64(n), int(units)+1)
	if err != nil || body[units] != 0 {
		return nil, false
	}
	for _, c := range body[:units] {
		if c == 0 || c >= 0x80 {
			return nil, false
		}
	}
	return body[:units], true
}
