package resbin

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"
	"unicode/utf16"
)

// pool8 builds a UTF-8 string pool chunk holding one string whose bytes
// are raw, with the given UTF-16 and byte length prefixes (one byte each,
// or two when above 0x7f), NUL-terminated unless noNUL.
func pool8(raw []byte, u16len, u8len int, noNUL bool) Chunk {
	var body []byte
	body = appendLen8(body, u16len)
	body = appendLen8(body, u8len)
	body = append(body, raw...)
	if !noNUL {
		body = append(body, 0)
	}
	return poolChunk(body, true)
}

func appendLen8(b []byte, n int) []byte {
	if n > 0x7f {
		return append(b, byte(n>>8)|0x80, byte(n))
	}
	return append(b, byte(n))
}

// pool16 builds a UTF-16 pool holding one string of the given units.
func pool16(units []uint16, n int) Chunk {
	var body []byte
	body = binary.LittleEndian.AppendUint16(body, uint16(n))
	for _, u := range units {
		body = binary.LittleEndian.AppendUint16(body, u)
	}
	body = append(body, 0, 0)
	return poolChunk(body, false)
}

// poolChunk frames string data holding one string at offset 0.
func poolChunk(strs []byte, utf8 bool) Chunk {
	for len(strs)%4 != 0 {
		strs = append(strs, 0)
	}
	b := make([]byte, 32, 32+len(strs))
	le := binary.LittleEndian
	le.PutUint16(b, ChunkStringPool)
	le.PutUint16(b[2:], poolHeaderSize)
	le.PutUint32(b[4:], uint32(32+len(strs)))
	le.PutUint32(b[8:], 1) // one string
	if utf8 {
		le.PutUint32(b[16:], poolFlagUTF8)
	}
	le.PutUint32(b[20:], 32) // strings start; offsets[0] = 0
	b = append(b, strs...)
	return Chunk{Type: ChunkStringPool, HeaderSize: poolHeaderSize, Data: b}
}

// TestStringPoolMalformed pins the verdict for every kind of malformed
// string (see the package documentation for its sources).
func TestStringPoolMalformed(t *testing.T) {
	t.Parallel()
	const fffd = "\ufffd"
	tests := []struct {
		name  string
		pool  Chunk
		want  string
		err   string // substring of the error, "" for none
		limit bool
	}{
		{"ascii", pool8([]byte("abc"), 3, 3, false), "abc", "", false},
		{"cesu-8 pair", pool8([]byte{0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80}, 2, 6, false), "😀", "", false},
		{"4-byte utf-8", pool8([]byte{0xf0, 0x9f, 0x98, 0x80}, 2, 4, false), "😀", "", false},
		{"lone high surrogate", pool8([]byte{0xed, 0xa0, 0xbd, 'x'}, 2, 4, false), fffd + "x", "", false},
		{"lone low surrogate", pool8([]byte{0xed, 0xb8, 0x80}, 1, 3, false), fffd, "", false},
		{"high high low", pool8([]byte{0xed, 0xa0, 0xbd, 0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80}, 3, 9, false), fffd + "😀", "", false},
		{"low then high", pool8([]byte{0xed, 0xb8, 0x80, 0xed, 0xa0, 0xbd}, 2, 6, false), fffd + fffd, "", false},
		{"stray continuation", pool8([]byte{'a', 0x80, 'b'}, 3, 3, false), "a\u0080b", "", false},
		{"bad continuation not checked", pool8([]byte{0xc3, 0x41}, 1, 2, false), "\u00c1", "", false},
		{"overlong nul", pool8([]byte{0xc0, 0x80}, 1, 2, false), "\x00", "", false},
		{"overlong slash", pool8([]byte{0xe0, 0x80, 0xaf}, 1, 3, false), "/", "", false},
		{"overlong 4-byte", pool8([]byte{0xf0, 0x80, 0x81, 0xa9}, 1, 4, false), "i", "", false},
		{"above U+10FFFF", pool8([]byte{0xf4, 0x90, 0x80, 0x80}, 2, 4, false), fffd + fffd, "", false},
		{"truncated 2-byte", pool8([]byte{'a', 0xc3}, 2, 2, false), "", "truncated or invalid 2-byte", false},
		{"truncated 3-byte", pool8([]byte{0xe6, 0x97}, 1, 2, false), "", "truncated or invalid 3-byte", false},
		{"truncated surrogate pair", pool8([]byte{0xed, 0xa0, 0xbd, 0xed, 0xa0}, 2, 5, false), "", "truncated or invalid 3-byte", false},
		{"utf-16 length mismatch", pool8([]byte("abcd"), 3, 4, false), "", "length prefix says 3", false},
		{"utf-8 length past the pool", pool8([]byte("ab"), 2, 90, false), "", "runs past the pool", false},
		{"no NUL", pool8([]byte("abcd"), 4, 3, false), "", "not NUL-terminated", false},
		{"utf-16 lone high", pool16([]uint16{0xd83d, 'x'}, 2), fffd + "x", "", false},
		{"utf-16 lone low", pool16([]uint16{0xde00}, 1), fffd, "", false},
		{"utf-16 pair", pool16(utf16.Encode([]rune("😀é")), 3), "😀é", "", false},
		{"utf-16 length past the pool", pool16([]uint16{'a'}, 500), "", "runs past the pool", false},
		{"utf-16 no NUL", pool16([]uint16{'a', 'b'}, 1), "", "not NUL-terminated", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ParseStringPool(tc.pool, DefaultLimits())
			if err != nil {
				t.Fatalf("ParseStringPool: %v", err)
			}
			got, err := p.String(0)
			if tc.err != "" && tc.want == "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, ErrFormat) {
					t.Fatalf("String(0) = %q, %v; want an ErrFormat containing %q", got, err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("String(0) = %q, %v; want %q", got, err, tc.want)
			}
			if !p.Equal(0, tc.want) || p.Equal(0, tc.want+"x") {
				t.Errorf("Equal disagrees with String")
			}
		})
	}
}
