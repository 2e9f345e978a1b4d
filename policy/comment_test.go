package policy

import (
	"strings"
	"testing"
)

// A name from pinkit.yaml lands in comments of generated source: it must not
// end the comment, forge a line or reorder the code around it (Trojan Source).
func TestCommentIsInert(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"api.example.com", "api.example.com"},
		{"a\nval evil = 1", `a\nval evil = 1`},
		{"x */ evil(); /*", `x * / evil(); /*`},
		{"x --> <evil/>", `x - > <evil/>`},
		{"x ---", `x - -`},
		{"admin\u202e } \u2066", `admin\u202e } \u2066`},
		{"zero\u200bwidth", `zero\u200bwidth`},
		{"bücher.example", "bücher.example"},
	} {
		got := comment(tc.in)
		if got != tc.want {
			t.Errorf("comment(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if strings.ContainsAny(got, "\n\r\u202e\u2066") || strings.Contains(got, "*/") || strings.Contains(got, "--") {
			t.Errorf("comment(%q) = %q still holds a terminator or control", tc.in, got)
		}
	}
}
