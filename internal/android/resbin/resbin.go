// Package resbin holds what Android's binary formats share: the
// ResChunk_header framing of binary XML and resources.arsc, the
// ResStringPool, Res_value types, the modified UTF-8 of string pools and
// DEX string data, and the error and [Limits] types of the decoders built
// on them (internal/axml, internal/arsc, internal/dex).
//
// # Strings
//
// Every string of an APK is decoded here, by one decoder ([DecodeMUTF8]
// and [StringPool.String]), into the UTF-16 code units Android would hand
// to the app, then into a Go string. The verdicts follow the platform:
//
//   - A UTF-16 surrogate pair, whether stored as UTF-16 or as two 3-byte
//     sequences (CESU-8, which aapt2 and d8 write for emoji), is one
//     supplementary character.
//   - An unpaired surrogate is legal in a Java string but cannot be held by
//     a Go string: each unpaired surrogate code unit becomes exactly one
//     U+FFFD, however it was encoded (the behaviour of [unicode/utf16.Decode]).
//   - Other malformed UTF-8 in a string pool is decoded as libutils'
//     utf8_to_utf16 does for ResStringPool::stringAt (system/core
//     libutils/Unicode.cpp): continuation bytes are not checked, a stray
//     continuation byte 0x80–0xBF is the code unit of the same value, an
//     overlong form decodes to its value (C0 80 is U+0000), and a 4-byte
//     form below U+10000 is one code unit. A sequence cut short by the end
//     of the string, a UTF-16 length prefix that disagrees with the decoded
//     length (modulo 0x8000, as aapt1 truncated it) or a missing NUL
//     terminator make the string unreadable, as stringAt returns an error.
//   - DEX string data is checked as ART's DexFileVerifier::CheckIntraStringDataItem
//     does: bytes 0x80–0xBF and 0xF0–0xFF cannot start a sequence,
//     continuation bytes must be 10xxxxxx, overlong forms other than C0 80
//     are refused, and the ULEB128 length must match.
package resbin

import (
	"errors"
	"fmt"
)

// ErrFormat is wrapped by every error caused by malformed input.
var ErrFormat = errors.New("malformed input")

// ErrLimit is wrapped by errors that report input exceeding a [Limits] cap.
var ErrLimit = errors.New("limit exceeded")

// Error describes what is wrong with a binary file and where.
type Error struct {
	Format string // decoder that failed: "axml", "arsc", "dex"
	File   string // file name when the caller knows it, e.g. "classes2.dex"
	Offset int64  // byte offset of the offending structure
	What   string // what is wrong, e.g. "string pool: string 3 offset out of bounds"
	Err    error  // ErrFormat, ErrLimit or an I/O error
}

// Error implements the error interface: "file: what (at offset 0x10)",
// with the format name when the file is unknown and the cause when it is
// neither ErrFormat nor ErrLimit.
func (e *Error) Error() string {
	name := e.File
	if name == "" {
		name = e.Format
	}
	s := fmt.Sprintf("%s (at offset %#x)", e.What, e.Offset)
	if name != "" {
		s = name + ": " + s
	}
	if e.Err != nil && e.Err != ErrFormat && e.Err != ErrLimit {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// FormatError returns an *Error wrapping ErrFormat.
func FormatError(off int64, format string, args ...any) *Error {
	return &Error{Offset: off, What: fmt.Sprintf(format, args...), Err: ErrFormat}
}

// LimitError returns an *Error wrapping ErrLimit.
func LimitError(off int64, format string, args ...any) *Error {
	return &Error{Offset: off, What: fmt.Sprintf(format, args...), Err: ErrLimit}
}

// Label sets the Format of err (and of the *Error it wraps) when unset,
// and returns err.
func Label(err error, format string) error {
	var e *Error
	if errors.As(err, &e) && e.Format == "" {
		e.Format = format
	}
	return err
}

// Limits caps what one file may cost a decoder. A zero field means no
// limit. Every decoder also stays linear in its input whatever the limits.
type Limits struct {
	MaxFileBytes int64 // size of one file (resources.arsc, binary XML)
	MaxChunks    int   // chunks in one file, nested ones included
	MaxStrings   int   // strings in one string pool, or DEX string_ids
	MaxStringLen int   // UTF-16 units of one string (bytes in a UTF-8 pool)
	MaxPoolBytes int   // bytes of one string pool chunk
	MaxDepth     int   // binary XML element nesting
	MaxAttrs     int   // attributes of one binary XML element
	MaxEntries   int   // resource entries across all type chunks of a table
	MaxTypes     int   // DEX type_ids
}

// DefaultLimits returns limits far above any real app (Android's own
// framework-res.apk holds a 31 MB table with about 1,800 chunks and
// 10,000 resources) while bounding memory for hostile input.
func DefaultLimits() Limits {
	return Limits{
		MaxFileBytes: 256 << 20,
		MaxChunks:    1 << 20,
		MaxStrings:   1 << 24,
		MaxStringLen: 1 << 20,
		MaxPoolBytes: 64 << 20,
		MaxDepth:     512,
		MaxAttrs:     4096,
		MaxEntries:   1 << 22,
		MaxTypes:     1 << 20,
	}
}

// Over reports whether n exceeds the limit max (0: no limit).
func Over[T int | int64](n, max T) bool { return max > 0 && n > max }
