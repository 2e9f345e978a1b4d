package apk

import (
	"bytes"
	"regexp"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/load/internal/srcscan"
)

// pinnerAdd matches CertificatePinner.Builder().add("pattern", "sha256/…", …).
var pinnerAdd = regexp.MustCompile(`\.add\(\s*"([^"\\\n]+)"((?:\s*,\s*"sha(?:256|1)/[^"\\\n]*")+)\s*,?\s*\)`)

// scanCode adds what a Kotlin or Java file reveals: URLs and host names in
// string literals, OkHttp CertificatePinner pins with their host pattern,
// and allow-all HostnameVerifier references.
func scanCode(app *audit.App, name string, data []byte) {
	lines := srcscan.NewLines(data)
	consumed := map[int]bool{} // offsets of pin literals already attached to a pattern
	for _, m := range pinnerAdd.FindAllSubmatchIndex(data, -1) {
		pattern := string(data[m[2]:m[3]])
		for _, lit := range srcscan.Literals(data[m[4]:m[5]]) {
			off := m[4] + lit[2]
			consumed[off] = true
			addCodePin(app, pattern, srcscan.Unquote(data[off:m[4]+lit[3]]), audit.Location{File: name, Line: lines.Line(off)})
		}
	}
	for _, lit := range srcscan.Literals(data) {
		s := srcscan.Unquote(data[lit[2]:lit[3]])
		loc := audit.Location{File: name, Line: lines.Line(lit[2])}
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
