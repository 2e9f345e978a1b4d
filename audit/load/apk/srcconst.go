package apk

import (
	"regexp"
	"strings"

	"github.com/pinkit/pinkit/audit/load/internal/srcscan"
)

// constDecl matches a Kotlin or Java string constant or local with a
// literal value: `const val NAME = "…"`, `val name = "…"`,
// `static final String NAME = "…";`, `String name = "…";`.
var constDecl = regexp.MustCompile(`(?m)\b(?:const\s+val|val|var|String)\s+([A-Za-z_]\w*)\s*(?::\s*String\??\s*)?=\s*("(?:[^"\\\n]|\\.)*")`)

// maxConsts bounds the constants kept per file.
const maxConsts = 4096

// sourceConsts returns the string constants a source file declares. A
// name declared twice with different values is ambiguous and dropped.
func sourceConsts(data []byte) map[string]string {
	out := map[string]string{}
	bad := map[string]bool{}
	for _, m := range constDecl.FindAllSubmatchIndex(data, -1) {
		name := string(data[m[2]:m[3]])
		v := srcscan.Unquote(data[m[4]+1 : m[5]-1])
		if old, ok := out[name]; ok && old != v {
			bad[name] = true
		}
		if len(out) < maxConsts {
			out[name] = v
		}
	}
	for name := range bad {
		delete(out, name)
	}
	return out
}

// template matches a Kotlin string template: ${NAME} or $NAME.
var template = regexp.MustCompile(`\$\{\s*([A-Za-z_]\w*)\s*\}|\$([A-Za-z_]\w*)`)

// expandTemplates resolves the Kotlin templates of s against consts
// (one level: a constant's own templates are resolved once). ok is false
// when a template names something that is not a known constant: the value
// is then unknown and must not be judged.
func expandTemplates(s string, consts map[string]string) (string, bool) {
	if !strings.Contains(s, "$") {
		return s, true
	}
	ok := true
	out := template.ReplaceAllStringFunc(s, func(t string) string {
		m := template.FindStringSubmatch(t)
		name := m[1] + m[2]
		v, found := consts[name]
		if !found || strings.Contains(v, "$") {
			ok = false
			return t
		}
		return v
	})
	return out, ok
}

// javaConcat matches `"literal" + NAME` (Java or Kotlin concatenation of
// a literal prefix and a constant).
var javaConcat = regexp.MustCompile(`("(?:[^"\\\n]|\\.)*")\s*\+\s*([A-Za-z_]\w*)\b`)
