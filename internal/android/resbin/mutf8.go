package resbin

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Mode selects the rules [DecodeMUTF8] applies to malformed sequences.
type Mode uint8

// Modes: the platform reads string pools and DEX strings differently.
const (
	// Pool is libutils' utf8_to_utf16, used by ResStringPool::stringAt for
	// UTF-8 string pools: lenient, only a truncated sequence is an error.
	Pool Mode = iota
	// DEX is ART's DexFileVerifier::CheckIntraStringDataItem: strict MUTF-8.
	DEX
)

// DecodeMUTF8 decodes b, modified UTF-8 without its NUL terminator, into
// the UTF-16 code units Android reads from it, and returns them as a Go
// string together with their count. The package documentation lists the
// verdicts for malformed input. The cost is linear in len(b).
func DecodeMUTF8(b []byte, mode Mode) (s string, units int, err error) {
	if n, ok := plainUnits(b, mode); ok {
		return string(b), n, nil
	}
	var w unitWriter
	w.sb.Grow(len(b))
	for i := 0; i < len(b); {
		u, size, err := nextUnit(b[i:], mode)
		if err != nil {
			return "", 0, err
		}
		if u > 0xffff { // a 4-byte form in a pool: a surrogate pair, as libutils writes it
			v := uint32(u - 0x10000)
			w.unit(uint16((v >> 10) + 0xd800))
			w.unit(uint16((v & 0x3ff) + 0xdc00))
		} else {
			w.unit(uint16(u))
		}
		i += size
	}
	return w.String(), w.n, nil
}

// plainUnits reports whether b is valid UTF-8 that Android decodes
// byte-for-byte like Go (for DEX: without the 4-byte forms MUTF-8 forbids
// and without NUL bytes), and its length in UTF-16 units.
func plainUnits(b []byte, mode Mode) (int, bool) {
	n := 0
	for _, c := range b {
		switch {
		case c < 0x80:
			if c == 0 && mode == DEX {
				return 0, false
			}
			n++
		case c >= 0xf0:
			if mode == DEX {
				return 0, false
			}
			n += 2
		case c >= 0xc0:
			n++
		}
	}
	return n, utf8.Valid(b)
}

// nextUnit decodes the sequence at the start of b (len(b) > 0). In Pool
// mode a 4-byte form may yield a code point above 0xFFFF.
func nextUnit(b []byte, mode Mode) (u uint32, size int, err error) {
	c := uint32(b[0])
	switch {
	case c < 0x80:
		if c == 0 && mode == DEX {
			return 0, 0, fmt.Errorf("NUL byte inside the string")
		}
		return c, 1, nil
	case c < 0xc0 || (c >= 0xf0 && mode == DEX):
		if mode == DEX {
			return 0, 0, fmt.Errorf("invalid MUTF-8 byte %#02x", c)
		}
		return c, 1, nil // libutils: a stray continuation byte is its own unit
	case c < 0xe0:
		size = 2
	case c < 0xf0:
		size = 3
	default:
		size = 4
	}
	if len(b) < size {
		return 0, 0, fmt.Errorf("truncated or invalid %d-byte sequence %#02x", size, c)
	}
	u = c & (0x7f >> size)
	for _, x := range b[1:size] {
		if mode == DEX && x&0xc0 != 0x80 {
			return 0, 0, fmt.Errorf("truncated or invalid %d-byte sequence %#02x", size, c)
		}
		u = u<<6 | uint32(x&0x3f)
	}
	if mode == DEX && ((size == 2 && u != 0 && u < 0x80) || (size == 3 && u < 0x800)) {
		return 0, 0, fmt.Errorf("overlong %d-byte sequence for U+%04X", size, u)
	}
	return u, size, nil
}

// unitWriter turns UTF-16 code units into UTF-8, pairing surrogates and
// writing one U+FFFD per unpaired surrogate unit.
type unitWriter struct {
	sb      strings.Builder
	pending uint16 // a high surrogate waiting for its low half, or 0
	n       int    // units written
}

func (w *unitWriter) unit(u uint16) {
	w.n++
	r := rune(u)
	switch {
	case w.pending != 0 && r >= 0xdc00 && r < 0xe000:
		w.sb.WriteRune(utf16.DecodeRune(rune(w.pending), r))
		w.pending = 0
		return
	case w.pending != 0:
		w.sb.WriteRune(utf8.RuneError)
		w.pending = 0
	}
	switch {
	case r >= 0xd800 && r < 0xdc00:
		w.pending = u
	case r >= 0xdc00 && r < 0xe000:
		w.sb.WriteRune(utf8.RuneError)
	default:
		w.sb.WriteRune(r)
	}
}

func (w *unitWriter) String() string {
	if w.pending != 0 {
		w.sb.WriteRune(utf8.RuneError)
		w.pending = 0
	}
	return w.sb.String()
}

// DecodeUTF16 decodes little-endian UTF-16 code units, writing one U+FFFD
// per unpaired surrogate.
func DecodeUTF16(b []byte) string {
	var w unitWriter
	w.sb.Grow(len(b) / 2)
	for i := 0; i+1 < len(b); i += 2 {
		w.unit(uint16(b[i]) | uint16(b[i+1])<<8)
	}
	return w.String()
}
