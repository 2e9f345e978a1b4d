package apk

import (
	"bytes"
	"regexp"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/load/internal/srcscan"
)

// pinnerAdd matches CertificatePinner.Builder().add("pattern", "sha256/…", …).
// The host is a literal (group 1) or an identifier (group 3).
var pinnerAdd = regexp.MustCompile(`\.add\(\s*(?:"([^"\\\n]+)"|([A-Za-z_]\w*))((?:\s*,\s*"sha(?:256|1)/[^"\\\n]*")+)\s*,?\s*\)`)

// scanCode adds what a Kotlin or Java file reveals: URLs and host names in
// string literals, OkHttp CertificatePinner pins with their host pattern,
// and allow-all HostnameVerifier references.
func scanCode(app *audit.App, name string, data []byte) {
	lines := srcscan.NewLines(data)
	consts := sourceConsts(data)
	consumed := map[int]bool{} // offsets of pin literals already attached to a pattern
	for _, m := range pinnerAdd.FindAllSubmatchIndex(data, -1) {
		var pattern string
		if m[2] >= 0 {
			pattern = string(data[m[2]:m[3]])
		} else { // .add(hostVariable, …): the host is a constant, or unknown
			pattern = consts[string(data[m[4]:m[5]])]
		}
		if p, ok := expandTemplates(pattern, consts); ok {
			pattern = p
		} else {
			pattern = ""
		}
		for _, lit := range srcscan.Literals(data[m[6]:m[7]]) {
			off := m[6] + lit[2]
			pin, ok := expandTemplates(srcscan.Unquote(data[off:m[6]+lit[3]]), consts)
			if pattern == "" || !ok {
				continue // left to the literal pass below: host not recovered, or value unknown
			}
			consumed[off] = true
			addCodePin(app, pattern, pin, audit.Location{File: name, Line: lines.Line(off)})
		}
	}
	concat := map[int]string{} // literal offset -> the constant concatenated to it
	for _, m := range javaConcat.FindAllSubmatchIndex(data, -1) {
		concat[m[2]+1] = string(data[m[4]:m[5]])
	}
	for _, lit := range srcscan.Literals(data) {
		s, known := expandTemplates(srcscan.Unquote(data[lit[2]:lit[3]]), consts)
		if c, ok := concat[lit[2]]; ok {
			v, found := consts[c]
			s, known = s+v, known && found
		}
		loc := audit.Location{File: name, Line: lines.Line(lit[2])}
		switch {
		case !known && isCodePin(s):
			// "sha256/${KEY}" with KEY not a constant of this file: its
			// value is unknown, so it is neither judged nor counted.
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
				audit.Location{File: name, Line: lines.Line(i), Symbol: marker})
		}
	}
}

func addCodePin(app *audit.App, pattern, pin string, loc audit.Location) {
	if len(app.CodePins) >= maxCodePinsPerApp {
		return
	}
	app.CodePins = append(app.CodePins, audit.CodePin{Library: audit.SourceOkHttp, Pattern: pattern, Pin: pin, Location: loc})
}
