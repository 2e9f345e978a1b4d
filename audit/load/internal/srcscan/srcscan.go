// Package srcscan holds the small pieces the APK and IPA loaders share to
// read app source trees: which directories a walk skips ([SkipDir]), a
// bounded file read ([ReadFile]), one-line string literals, their escapes,
// and line numbers for byte offsets.
package srcscan

import (
	"bytes"
	"regexp"
	"strconv"
)

// stringLiteral matches a one-line double-quoted string literal with
// backslash escapes, as written in Java, Kotlin, Swift and Objective-C.
var stringLiteral = regexp.MustCompile(`"((?:[^"\\\n]|\\.)*)"`)

// Literals returns the submatch indices of the one-line string literals in
// data: m[0]:m[1] is the quoted literal, m[2]:m[3] its body.
func Literals(data []byte) [][]int {
	return stringLiteral.FindAllSubmatchIndex(data, -1)
}

// Unquote decodes a literal body's escapes, keeping the raw text when it
// cannot.
func Unquote(b []byte) string {
	if bytes.IndexByte(b, '\\') < 0 {
		return string(b)
	}
	if s, err := strconv.Unquote(`"` + string(b) + `"`); err == nil {
		return s
	}
	return string(b)
}

// Lines maps byte offsets to 1-based line numbers.
type Lines []int

// NewLines indexes the line starts of data.
func NewLines(data []byte) Lines {
	idx := Lines{0}
	for i, c := range data {
		if c == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

// Line returns the 1-based line number of byte offset off.
func (l Lines) Line(off int) int {
	lo, hi := 0, len(l)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if l[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + 1
}
