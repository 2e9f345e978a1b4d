package safetext

import (
	"strings"
	"testing"
)

func TestEscape(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "api.example.com", "api.example.com"},
		{"backslash kept", `C:\apps\a.apk`, `C:\apps\a.apk`},
		{"unicode kept", "bücher.example", "bücher.example"},
		{"clear screen", "com.evil\x1b[2J\x1b[H", `com.evil\x1b[2J\x1b[H`},
		{"newline forges a line", "a\nHIGH PK999", `a\nHIGH PK999`},
		{"tab and CR", "a\tb\rc", `a\tb\rc`},
		{"DEL", "a\x7fb", `a\x7fb`},
		{"C1 CSI", "a\u009bb", `a\u009bb`},
		{"bidi override", "abc\u202edcba", `abc\u202edcba`},
		{"bidi isolate", "x\u2066y\u2069", `x\u2066y\u2069`},
		{"invalid utf-8", "a\xffb", `a\xffb`},
		{"line separator", "a\u2028b", `a\u2028b`},
		{"zero-width space hides a difference", "api\u200b.example.com", `api\u200b.example.com`},
		{"no-break space", "a\u00a0b", `a\u00a0b`},
		{"BOM", "\ufeffcom.example", `\ufeffcom.example`},
		{"private use past the BMP", "a\U000f0000b", `a\U000f0000b`},
		{"emoji kept", "pin 🔒 ok", "pin 🔒 ok"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Escape(tc.in); got != tc.want {
				t.Errorf("Escape(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestEscapeLeavesNoControl checks every byte value alone and in a rune.
func TestEscapeLeavesNoControl(t *testing.T) {
	t.Parallel()
	for c := range 256 {
		got := Escape("x" + string(rune(c)) + string([]byte{byte(c)}))
		for _, r := range got {
			if unsafeRune(r) {
				t.Errorf("Escape left %U in %q", r, got)
			}
		}
	}
}

func FuzzEscape(f *testing.F) {
	f.Add("com.example\x1b[31m")
	f.Add("\u202e\xff")
	f.Fuzz(func(t *testing.T, s string) {
		got := Escape(s)
		for _, r := range got {
			if unsafeRune(r) {
				t.Fatalf("Escape(%q) = %q holds %U", s, got, r)
			}
		}
		if strings.ContainsRune(got, 0xfffd) && !strings.ContainsRune(s, 0xfffd) {
			t.Fatalf("Escape(%q) = %q invented U+FFFD", s, got)
		}
	})
}
