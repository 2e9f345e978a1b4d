package apk

import (
	"bytes"
	"regexp"
	"strconv"

	"github.com/pinkit/pinkit/audit"
)

var (
	// stringLiteral matches a one-line Java/Kotlin string literal.
	stringLiteral = regexp.MustCompile(`"((?:[^"\\\n]|\\.)*)"`)
	// pinnerAdd matches CertificatePinner.Builder().add("pattern", "sha256/…", …).
	pinnerAdd = regexp.MustCompile(`\.add\(\s*"([^"\\\n]+)"((?:\s*,\s*"sha(?:256|1)/[^"\\\n]*")+)\s*,?\s*\)`)
)

// scanCode adds what a Kotlin or Java file reveals: URLs and host names in
// string literals, OkHttp CertificatePinner pins with their host pattern,
// and allow-all HostnameVerifier references.
func scanCode(app *audit.App, name string, data []byte) {
	lines := newLineIndex(data)
	consumed := map[int]bool{} // offsets of pin literals already attached to a pattern
	for _, m := range pinnerAdd.FindAllSubmatchIndex(data, -1) {
		pattern := string(data[m[2]:m[3]])
		for _, lit := range stringLiteral.FindAllSubmatchIndex(data[m[4]:m[5]], -1) {
			off := m[4] + lit[2]
			consumed[off] = true
			addCodePin(app, pattern, unquote(data[off:m[4]+lit[3]]), audit.Location{File: name, Line: lines.line(off)})
		}
	}
	for _, lit := range stringLiteral.FindAllSubmatchIndex(data, -1) {
		s := unquote(data[lit[2]:lit[3]])
		loc := audit.Location{File: name, Line: lines.line(lit[2])}
		switch {
		case isCodePin(s):
			if !consumed[lit[2]] {
				addCodePin(app, "", s, loc)
			}
		default:
			addHosts(app, s, audit.SourceCode, loc)
		}
	}
	for _, marker := range allowAllVerifiers {
		if i := bytes.Index(data, []byte(marker)); i >= 0 {
			app.HostnameVerifierAllowAll = append(app.HostnameVerifierAllowAll,
				audit.Location{File: name, Line: lines.line(i), Symbol: marker})
		}
	}
}

func addCodePin(app *audit.App, pattern, pin string, loc audit.Location) {
	if len(app.CodePins) >= maxCodePinsPerApp {
		return
	}
	app.CodePins = append(app.CodePins, audit.CodePin{Library: audit.SourceOkHttp, Pattern: pattern, Pin: pin, Location: loc})
}

// unquote decodes a literal's escapes, keeping the raw text when it cannot.
func unquote(b []byte) string {
	if bytes.IndexByte(b, '\\') < 0 {
		return string(b)
	}
	if s, err := strconv.Unquote(`"` + string(b) + `"`); err == nil {
		return s
	}
	return string(b)
}

// lineIndex maps byte offsets to 1-based line numbers.
type lineIndex []int

func newLineIndex(data []byte) lineIndex {
	idx := lineIndex{0}
	for i, c := range data {
		if c == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

func (l lineIndex) line(off int) int {
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
