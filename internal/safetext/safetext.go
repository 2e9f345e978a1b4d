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

// Escape returns s with every character that unicode.IsPrint refuses
// (control characters, Unicode bidirectional overrides and isolates,
// zero-width and other format characters, line and paragraph separators,
// non-ASCII spaces) and every invalid UTF-8 byte replaced by a Go-style
// escape ("\x1b", "\u202e", "\xff"). Other text, backslashes and
// non-ASCII letters included, is returned unchanged, so ordinary strings
// print as they are.
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

// unsafeRune reports whether r may change how a terminal shows the text:
// anything unicode.IsPrint refuses (controls, format characters such as the
// bidi embeddings, overrides, isolates and marks of Trojan Source, zero-width
// characters, spaces other than U+0020, line and paragraph separators,
// private-use and unassigned code points).
func unsafeRune(r rune) bool { return !unicode.IsPrint(r) }

func writeRune(b *strings.Builder, r rune) {
	switch {
	case r == '\n':
		b.WriteString(`\n`)
	case r == '\r':
		b.WriteString(`\r`)
	case r == '\t':
		b.WriteString(`\t`)
	case r < 0x80:
		fmt.Fprintf(b, `\x%02x`, r)
	case r <= 0xffff:
		fmt.Fprintf(b, `\u%04x`, r)
	default:
		fmt.Fprintf(b, `\U%08x`, r)
	}
}
