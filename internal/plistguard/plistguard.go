// Package plistguard checks property-list bytes before howett.net/plist
// decodes them, so that decoding is bounded in time, memory and stack.
//
// howett.net/plist (v1.0.1) recurses once per nesting level in all three
// of its parsers and again when it unmarshals, with no depth limit; a Go
// stack overflow is a fatal error that no recover can catch, so a 4 MB
// Info.plist of nested arrays kills the whole process. Its binary parser
// also lets an object be referenced many times: an array holding the next
// array twice, 30 levels deep, is a few hundred bytes on disk and 2³⁰
// values once unmarshalled into map[string]any, and many object indices
// may point at the same bytes, which it parses once per index.
//
// [Check] runs in time and memory linear in the input and refuses:
//   - nesting deeper than [MaxDepth], counted for XML by encoding/xml's
//     tokenizer (the one the library uses) and for OpenStep/GNUstep text by
//     a scanner that follows the library's tokens (quoted strings, comments,
//     data) and over-counts rather than under-counts when unsure;
//   - a binary plist whose object graph has a cycle, is deeper than
//     [MaxDepth], or would make the library parse or materialise more
//     values than a budget proportional to the file ([BudgetFactor] per
//     byte), counting every shared reference as many times as it is
//     reached;
//   - a text plist whose quoted strings hold so many escapes that the
//     library's string concatenation becomes quadratic.
//
// Every refusal wraps [ErrRefused].
package plistguard

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
)

// MaxDepth is the deepest nesting of containers accepted. Real Info.plists
// nest fewer than 20 levels.
const MaxDepth = 512

// BudgetFactor bounds a binary plist's work: unmarshalling may materialise
// at most BudgetFactor × len(data) + [BudgetFloor] values, a shared
// reference counted each time it is reached. A plist whose containers are
// not shared (what Apple's writer produces) materialises at most one value
// per object reference, that is fewer than len(data). The parser's own
// work is linear once no two object indices name the same bytes, which
// [Check] also requires.
const BudgetFactor = 4

// BudgetFloor is added to every budget so tiny inputs are never refused for
// their size alone.
const BudgetFloor = 4096

// MaxSize is the largest input [Check] accepts (callers cap Info.plists
// far lower; ats.MaxPlistSize is 8 MiB).
const MaxSize = 64 << 20

// ErrRefused is wrapped by every error [Check] returns.
var ErrRefused = errors.New("property list refused before decoding")

// Check reports whether data may be handed to howett.net/plist's Decoder.
// It returns nil or an error wrapping [ErrRefused] that says why.
func Check(data []byte) error {
	if len(data) > MaxSize {
		return refuse("%d bytes, more than %d", len(data), MaxSize)
	}
	if bytes.HasPrefix(data, []byte("bplist")) {
		return checkBinary(data)
	}
	// The library tries XML first and falls back to the text parser when
	// the XML parser gives up at the start.
	fallback, err := checkXML(data)
	if err != nil || !fallback {
		return err
	}
	return checkText(data)
}

func refuse(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrRefused, fmt.Sprintf(format, args...))
}

// plistElements are the elements the library's XML parser accepts as the
// first one; any other makes it fall back to the text parser.
var plistElements = map[string]bool{"plist": true, "string": true, "integer": true, "real": true,
	"true": true, "false": true, "date": true, "data": true, "dict": true, "array": true}

// checkXML measures element nesting with encoding/xml's raw tokenizer. It
// stops at the first syntax error, where the library's own Decoder (the
// same tokenizer, plus checks) stops too. fallback reports whether the
// library would then try the text parser: the input is not XML or its
// first element is not a property-list element (or, to be safe, an end
// element comes first).
func checkXML(data []byte) (fallback bool, err error) {
	if bytes.IndexByte(data, '<') < 0 {
		return true, nil // no element: the tokenizer would read it all as text
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	depth, started := 0, false
	for {
		tok, err := d.RawToken()
		if err != nil {
			return fallback || !started, nil // io.EOF or a syntax error: nothing further is parsed
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !started && !plistElements[t.Name.Local] {
				fallback = true
			}
			started = true
			if depth++; depth > MaxDepth {
				return fallback, refuse("XML elements nest deeper than %d levels", MaxDepth)
			}
		case xml.EndElement:
			if !started {
				fallback = true
			}
			depth = max(depth-1, 0)
		}
	}
}
