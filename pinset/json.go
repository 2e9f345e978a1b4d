package pinset

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDocumentSize is the largest document, in bytes, that is parsed.
const MaxDocumentSize = 1 << 20

// maxDepth is the deepest nesting of objects and arrays accepted. The
// deepest valid document (envelope, signed, hosts, host, pins, pin) is 6.
const maxDepth = 16

// maxSafeInt is the largest integer a canonical document may hold
// (2^53-1, the largest integer every JSON implementation represents).
const maxSafeInt = 1<<53 - 1

// object is a parsed JSON object: members in document order, which for a
// canonical document is the sorted order.
type object []member

type member struct {
	key string
	val any
}

// get returns the value of key and whether it is present.
func (o object) get(key string) (any, bool) {
	for _, m := range o {
		if m.key == key {
			return m.val, true
		}
	}
	return nil, false
}

// parseJSON parses data strictly into a tree of object, []any, string,
// json.Number, bool and nil. It rejects invalid UTF-8 and syntax errors
// (ReasonSyntax), nesting deeper than maxDepth (ReasonTooDeep), a key
// repeated in one object (ReasonDuplicateKey) and anything after the value
// (ReasonTrailingData). Errors are found in document order, so the first
// defect decides the reason.
func parseJSON(data []byte) (any, error) {
	if len(data) > MaxDocumentSize {
		return nil, newError(ReasonTooLarge, "document of %d bytes is larger than %d", len(data), MaxDocumentSize)
	}
	if !utf8.Valid(data) {
		return nil, newError(ReasonSyntax, "document is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := parseValue(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, newError(ReasonTrailingData, "data after the document at offset %d", dec.InputOffset())
	}
	return v, nil
}

// parseValue reads one value; depth counts the containers around it.
func parseValue(dec *json.Decoder, depth int) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, syntaxError(dec, err)
	}
	switch t := tok.(type) {
	case json.Delim:
		if depth+1 > maxDepth {
			return nil, newError(ReasonTooDeep, "nesting deeper than %d at offset %d", maxDepth, dec.InputOffset())
		}
		if t == '{' {
			return parseObject(dec, depth+1)
		}
		if t == '[' {
			return parseArray(dec, depth+1)
		}
		return nil, newError(ReasonSyntax, "unexpected %q at offset %d", t, dec.InputOffset())
	case string, json.Number, bool, nil:
		return t, nil
	}
	return nil, newError(ReasonSyntax, "unexpected token at offset %d", dec.InputOffset())
}

func parseObject(dec *json.Decoder, depth int) (any, error) {
	obj := object{}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, syntaxError(dec, err)
		}
		key, ok := tok.(string)
		if !ok {
			return nil, newError(ReasonSyntax, "object key is not a string at offset %d", dec.InputOffset())
		}
		if seen[key] {
			return nil, newError(ReasonDuplicateKey, "key %s repeated at offset %d", quote(key), dec.InputOffset())
		}
		seen[key] = true
		v, err := parseValue(dec, depth)
		if err != nil {
			return nil, err
		}
		obj = append(obj, member{key, v})
	}
	if err := closing(dec); err != nil {
		return nil, err
	}
	return obj, nil
}

func parseArray(dec *json.Decoder, depth int) (any, error) {
	arr := []any{}
	for dec.More() {
		v, err := parseValue(dec, depth)
		if err != nil {
			return nil, err
		}
		arr = append(arr, v)
	}
	if err := closing(dec); err != nil {
		return nil, err
	}
	return arr, nil
}

// closing reads the '}' or ']' that dec.More announced.
func closing(dec *json.Decoder) error {
	if _, err := dec.Token(); err != nil {
		return syntaxError(dec, err)
	}
	return nil
}

func syntaxError(dec *json.Decoder, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return newError(ReasonSyntax, "unexpected end of document")
	}
	return newError(ReasonSyntax, "at offset %d: %v", dec.InputOffset(), err)
}

// canonical appends the canonical encoding of v to buf: no whitespace,
// object members sorted by the UTF-16 code units of their keys, integers
// only, strings escaped as RFC 8785 (JCS) requires.
func canonical(buf []byte, v any) ([]byte, error) {
	switch t := v.(type) {
	case object:
		sorted := slices.Clone(t)
		slices.SortFunc(sorted, func(a, b member) int { return compareUTF16(a.key, b.key) })
		buf = append(buf, '{')
		for i, m := range sorted {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = appendString(buf, m.key)
			buf = append(buf, ':')
			var err error
			if buf, err = canonical(buf, m.val); err != nil {
				return nil, err
			}
		}
		return append(buf, '}'), nil
	case []any:
		buf = append(buf, '[')
		for i, e := range t {
			if i > 0 {
				buf = append(buf, ',')
			}
			var err error
			if buf, err = canonical(buf, e); err != nil {
				return nil, err
			}
		}
		return append(buf, ']'), nil
	case string:
		return appendString(buf, t), nil
	case json.Number:
		if _, ok := canonicalInt(string(t)); !ok {
			return nil, newError(ReasonNonCanonical, "number %s is not an integer in canonical form within ±(2^53-1)", t)
		}
		return append(buf, t...), nil
	case int64:
		return strconv.AppendInt(buf, t, 10), nil
	case bool:
		return strconv.AppendBool(buf, t), nil
	case nil:
		return append(buf, "null"...), nil
	}
	return nil, newError(ReasonSyntax, "unexpected value of type %T", v)
}

// canonicalInt parses s when it is an integer written in canonical form:
// an optional minus, no leading zeros, no "-0", at most 2^53-1 in size.
func canonicalInt(s string) (int64, bool) {
	digits := strings.TrimPrefix(s, "-")
	if digits == "" || len(digits) > 16 || (digits[0] == '0' && (len(digits) > 1 || digits != s)) {
		return 0, false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n > maxSafeInt || n < -maxSafeInt {
		return 0, false
	}
	return n, true
}

// appendString writes s as a JCS string: '"' and '\\' escaped, the control
// characters \b \f \n \r \t in short form and the others as \u00xx, and
// everything else (including '/', DEL and non-ASCII) as raw UTF-8.
func appendString(buf []byte, s string) []byte {
	const hex = "0123456789abcdef"
	buf = append(buf, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			buf = append(buf, '\\', c)
		case c == '\b':
			buf = append(buf, '\\', 'b')
		case c == '\f':
			buf = append(buf, '\\', 'f')
		case c == '\n':
			buf = append(buf, '\\', 'n')
		case c == '\r':
			buf = append(buf, '\\', 'r')
		case c == '\t':
			buf = append(buf, '\\', 't')
		case c < 0x20:
			buf = append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			buf = append(buf, c)
		}
	}
	return append(buf, '"')
}

// compareUTF16 orders strings by their UTF-16 code units, as JCS sorts keys.
func compareUTF16(a, b string) int {
	return slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b)))
}

// parseCanonical parses data and checks that it is in canonical form:
// re-encoding the tree gives back exactly data.
func parseCanonical(data []byte) (object, error) {
	v, err := parseJSON(data)
	if err != nil {
		return nil, err
	}
	enc, err := canonical(nil, v)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(enc, data) {
		return nil, newError(ReasonNonCanonical, "document is not in canonical form (first difference at offset %d)", firstDiff(enc, data))
	}
	obj, ok := v.(object)
	if !ok {
		return nil, newError(ReasonSchema, "document is not a JSON object")
	}
	return obj, nil
}

func firstDiff(a, b []byte) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// quote escapes a key or value for an error message.
func quote(s string) string {
	if len(s) > 64 {
		s = s[:64] + "…"
	}
	return strconv.QuoteToASCII(s)
}
