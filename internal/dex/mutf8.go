package dex

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeMUTF8 decodes the MUTF-8 string_data bytes in b (which must include
// the terminating NUL) holding units UTF-16 code units. Supplementary
// characters are surrogate pairs of two 3-byte sequences; U+0000 is
// 0xC0 0x80. Unpaired surrogates, legal in Java strings but not in Go
// strings, become U+FFFD.
func decodeMUTF8(b []byte, units int) (string, error) {
	if nul := bytes.IndexByte(b, 0); nul >= 0 && isPlainUTF8(b[:nul], units) {
		return string(b[:nul]), nil
	}
	var sb strings.Builder
	sb.Grow(units)
	pending := rune(-1) // high surrogate waiting for its low half
	n := 0
	for i := 0; ; {
		if i >= len(b) {
			return "", fmt.Errorf("string data has no terminating NUL")
		}
		c := b[i]
		if c == 0 {
			break
		}
		u, size, err := mutf8Unit(b[i:])
		if err != nil {
			return "", err
		}
		i += size
		n++
		pending = appendUnit(&sb, pending, u)
	}
	if pending >= 0 {
		sb.WriteRune(utf8.RuneError)
	}
	if n != units {
		return "", fmt.Errorf("string data holds %d UTF-16 units, its length prefix says %d", n, units)
	}
	return sb.String(), nil
}

// isPlainUTF8 reports whether b is MUTF-8 that is byte-for-byte the UTF-8
// of units BMP characters: valid UTF-8 (so no 0xC0 0x80 and no encoded
// surrogates) without 4-byte sequences (which MUTF-8 forbids).
func isPlainUTF8(b []byte, units int) bool {
	if !utf8.Valid(b) {
		return false
	}
	if len(b) == units {
		return true // valid UTF-8 with one byte per unit is ASCII
	}
	n := 0
	for _, c := range b {
		if c >= 0xf0 {
			return false
		}
		if c&0xc0 != 0x80 {
			n++
		}
	}
	return n == units
}

// mutf8Unit decodes one 1-, 2- or 3-byte sequence into a UTF-16 unit.
func mutf8Unit(b []byte) (rune, int, error) {
	c := b[0]
	switch {
	case c < 0x80:
		return rune(c), 1, nil
	case c&0xe0 == 0xc0:
		if len(b) < 2 || b[1]&0xc0 != 0x80 {
			return 0, 0, fmt.Errorf("truncated or invalid 2-byte MUTF-8 sequence %#02x", c)
		}
		return rune(c&0x1f)<<6 | rune(b[1]&0x3f), 2, nil
	case c&0xf0 == 0xe0:
		if len(b) < 3 || b[1]&0xc0 != 0x80 || b[2]&0xc0 != 0x80 {
			return 0, 0, fmt.Errorf("truncated or invalid 3-byte MUTF-8 sequence %#02x", c)
		}
		return rune(c&0x0f)<<12 | rune(b[1]&0x3f)<<6 | rune(b[2]&0x3f), 3, nil
	}
	return 0, 0, fmt.Errorf("invalid MUTF-8 byte %#02x", c)
}

// appendUnit writes UTF-16 unit u, pairing surrogates, and returns the new
// pending high surrogate (-1 for none).
func appendUnit(sb *strings.Builder, pending, u rune) rune {
	switch {
	case utf16.IsSurrogate(u) && u < 0xdc00: // high
		if pending >= 0 {
			sb.WriteRune(utf8.RuneError)
		}
		return u
	case utf16.IsSurrogate(u): // low
		if pending >= 0 {
			sb.WriteRune(utf16.DecodeRune(pending, u))
		} else {
			sb.WriteRune(utf8.RuneError)
		}
		return -1
	}
	if pending >= 0 {
		sb.WriteRune(utf8.RuneError)
	}
	sb.WriteRune(u)
	return -1
}
