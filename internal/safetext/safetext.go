// Package safetext makes strings taken from audited apps, network peers or
// files safe to print on a terminal.
//
// Every text writer (audit, mitm, pin) passes such strings through
// [Escape]: an app whose bundle ID holds "\x1b[2J" must not clear the
// tester's screen or hide findings, and a host name with a tab must not
// shift the columns of a table.
package safetext

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Escape returns s with every control character (C0, DEL, C1), Unicode
// bidirectional override or isolate, line or paragraph separator and
// invalid UTF-8 byte replaced by a Go-style escape ("\x1b", "\u202e",
// "\xff"). Other text, backslashes included, is returned unchanged, so
// ordinary strings print as they are.
func Escape(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafeRune(r):
			writeRune(&b, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func needsEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c >= 0x80 {
			return true // non-ASCII is checked rune by rune in Escape
		}
	}
	return false
}

// unsafeRune reports whether r may change how a terminal shows the text.
func unsafeRune(r rune) bool {
	switch {
	case unicode.IsControl(r): // C0, DEL, C1
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true // bidi embeddings, overrides, isolates and marks (Trojan Source)
	case r == 0x2028 || r == 0x2029:
		return true // line and paragraph separators
	}
	return false
}

func writeRune(b *strings.Builder, r rune) {
	switch r {
	case '\n':
		b.WriteString(`\n`)
	case '\r':
		b.WriteString(`\r`)
	case '\t':
		b.WriteString(`\t`)
	default:
		if r < 0x80 {
			fmt.Fprintf(b, `\x%02x`, r)
		} else {
			fmt.Fprintf(b, `\u%04x`, r)
		}
	}
}
