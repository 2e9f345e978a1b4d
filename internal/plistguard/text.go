package plistguard

import (
	"encoding/binary"
	"strings"
	"unicode/utf16"
)

// The text parser's quoted strings append each escape to a Go string
// (s += …), so a string with k escapes costs about k × its length in
// copying. escapeBudget bounds that sum.
func escapeBudget(n int) int64 { return 32*int64(n) + 256<<20 }

// gsQuotable holds the bytes that end an unquoted string in the library's
// text parser (its table of the same name): controls, space, "'(),;<=>[\]`{}
// and DEL. Bytes from 0x80 up are treated as part of the string here (the
// library's rule for a rune above U+00FF; for U+0080–U+00FF it stops and
// then fails), which can only make this scanner see more structure, never
// less.
func gsQuotable(c byte) bool {
	if c < 0x20 || c == 0x7f {
		return true
	}
	return strings.IndexByte(" \"'(),;<=>[\\]`{}", c) >= 0
}

// checkText measures the nesting of ( and { in an OpenStep or GNUstep
// text plist the way the library's text parser tokenizes it: quoted
// strings, // and /* */ comments (only where a token may start, never
// inside an unquoted string), <hex data>, <*typed values> and <[base64]>.
// Where the library would stop with an error, nothing beyond is parsed,
// so the scan may stop too.
func checkText(data []byte) error {
	s, ok := textInput(data)
	if !ok {
		return nil
	}
	depth, cost, budget := 0, int64(0), escapeBudget(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		next := byte(0)
		if i+1 < len(s) {
			next = s[i+1]
		}
		var j int
		switch {
		case c == '/' && next == '/':
			j = strings.IndexAny(s[i:], "\n\r")
		case c == '/' && next == '*':
			if j = strings.Index(s[i+2:], "*/"); j >= 0 {
				j += 4
			}
		case c == '"':
			var n int64
			j, n = quoted(s[i+1:], budget-cost)
			if cost += n; cost > budget {
				return refuse("text property list strings hold too many escapes (quadratic to decode)")
			}
			if j >= 0 {
				j += 2 // the quotes
			}
		case c == '<' && next == '[':
			j = strings.IndexByte(s[i:], ']')
		case c == '<':
			j = strings.IndexByte(s[i:], '>')
		case c == '(' || c == '{':
			if depth++; depth > MaxDepth {
				return refuse("text property list nests deeper than %d levels", MaxDepth)
			}
			j = 1
		case c == ')' || c == '}':
			depth, j = max(depth-1, 0), 1
		case !gsQuotable(c):
			j = 1
			for i+j < len(s) && !gsQuotable(s[i+j]) {
				j++
			}
		default:
			j = 1
		}
		if j < 0 {
			return nil // unterminated: the library stops with an error here
		}
		i += j
	}
	return nil
}

// quoted scans a quoted string's body (after the opening quote). It returns
// the offset of the closing quote, or -1, and the copying cost of its
// escapes, stopping once that exceeds limit.
func quoted(s string, limit int64) (end int, cost int64) {
	for i := 0; ; {
		j := strings.IndexAny(s[i:], `"\`)
		if j < 0 {
			return -1, cost
		}
		i += j
		if s[i] == '"' {
			return i, cost
		}
		if cost += int64(i) + 1; cost > limit {
			return -1, cost
		}
		i += 2 // the backslash and the character it escapes
		if i >= len(s) {
			return -1, cost
		}
	}
}

// textInput decodes data as the library's text parser does: a UTF-8 BOM is
// dropped, UTF-16 is recognised by its BOM or a zero in the first two
// bytes, anything else is read as bytes. ok is false when the library
// would fail before parsing (odd-length UTF-16).
func textInput(b []byte) (string, bool) {
	switch {
	case len(b) >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf:
		return string(b[3:]), true
	case len(b) < 2:
		return string(b), true
	case b[0] == 0xfe && b[1] == 0xff:
		return fromUTF16(b[2:], binary.BigEndian)
	case b[0] == 0 && b[1] != 0:
		return fromUTF16(b, binary.BigEndian)
	case b[0] == 0xff && b[1] == 0xfe:
		return fromUTF16(b[2:], binary.LittleEndian)
	case b[0] != 0 && b[1] == 0:
		return fromUTF16(b, binary.LittleEndian)
	}
	return string(b), true
}

func fromUTF16(b []byte, bo binary.ByteOrder) (string, bool) {
	if len(b)%2 != 0 {
		return "", false
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = bo.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u)), true
}
