package resbin

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestDecodeMUTF8DEX pins the DEX verdicts, those of ART's
// DexFileVerifier::CheckIntraStringDataItem.
func TestDecodeMUTF8DEX(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    []byte
		units int
		want  string
		err   string
	}{
		{"ascii", []byte("abc"), 3, "abc", ""},
		{"nul", []byte{'a', 0xc0, 0x80, 'b'}, 3, "a\x00b", ""},
		{"two byte", []byte{0xc3, 0xa9}, 1, "é", ""},
		{"pair", []byte{0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80}, 2, "😀", ""},
		{"lone low", []byte{0xed, 0xb8, 0x80}, 1, "\ufffd", ""},
		{"high then ascii", []byte{0xed, 0xa0, 0xbd, 'x'}, 2, "\ufffdx", ""},
		{"four byte", []byte{0xf0, 0x9f, 0x98, 0x80}, 0, "", "invalid MUTF-8 byte 0xf0"},
		{"stray continuation", []byte{'a', 0x80}, 0, "", "invalid MUTF-8 byte 0x80"},
		{"bad continuation", []byte{0xc3, 0x41}, 0, "", "invalid 2-byte"},
		{"truncated 3", []byte{0xe6, 0x97}, 0, "", "invalid 3-byte"},
		{"overlong 2-byte", []byte{0xc1, 0xa9}, 0, "", "overlong 2-byte"},
		{"overlong 3-byte", []byte{0xe0, 0x80, 0xaf}, 0, "", "overlong 3-byte"},
		{"raw nul", []byte{'a', 0, 'b'}, 0, "", "NUL byte"},
	}
	for _, tc := range tests {
		got, n, err := DecodeMUTF8(tc.in, DEX)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: err = %v, want %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want || n != tc.units {
			t.Errorf("%s: = %q, %d, %v; want %q, %d", tc.name, got, n, err, tc.want, tc.units)
		}
	}
}

// TestDecodeMUTF8Linear checks that a long malformed string costs one
// allocation of about its own size, not one per unit.
func TestDecodeMUTF8Linear(t *testing.T) {
	b := []byte(strings.Repeat("\xed\xa0\xbda\x80", 1<<14))
	allocs := testing.AllocsPerRun(5, func() {
		if _, _, err := DecodeMUTF8(b, Pool); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 2 {
		t.Errorf("%v allocations per decode, want at most 2", allocs)
	}
}

// FuzzDecodeMUTF8 checks both modes never fail on valid UTF-8 without
// surrogates in Pool mode and always return valid UTF-8.
func FuzzDecodeMUTF8(f *testing.F) {
	f.Add([]byte("abc"))
	f.Add([]byte{0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80, 0xc0, 0x80})
	f.Add([]byte{0xf4, 0x90, 0x80, 0x80, 0x80, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, mode := range []Mode{Pool, DEX} {
			s, n, err := DecodeMUTF8(b, mode)
			if err != nil {
				continue
			}
			if !utf8.ValidString(s) || n < utf8.RuneCountInString(s) {
				t.Fatalf("mode %d: %q gives %q (%d units)", mode, b, s, n)
			}
		}
		if utf8.Valid(b) {
			if s, _, err := DecodeMUTF8(b, Pool); err != nil || s != string(b) {
				t.Fatalf("valid UTF-8 %q decodes to %q, %v", b, s, err)
			}
		}
	})
}

// FuzzStringPool checks that a string pool never panics, that String and
// Equal agree, and that errors wrap ErrFormat or ErrLimit.
func FuzzStringPool(f *testing.F) {
	f.Add(pool8([]byte{0xed, 0xa0, 0xbd, 'x'}, 2, 4, false).Data)
	f.Add(pool8([]byte("abc"), 3, 3, false).Data)
	f.Add(pool16([]uint16{0xd83d, 'x'}, 2).Data)
	lim := Limits{MaxStrings: 1 << 12, MaxStringLen: 1 << 12}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ReadChunk(data, 0, 0)
		if err != nil {
			return
		}
		p, err := ParseStringPool(c, lim)
		if err != nil {
			return
		}
		for i := range uint32(min(p.Len(), 64)) {
			s, err := p.String(i)
			if err != nil {
				if p.Equal(i, s) {
					t.Fatalf("string %d: Equal true after error %v", i, err)
				}
				continue
			}
			if !p.Equal(i, s) || !utf8.ValidString(s) {
				t.Fatalf("string %d = %q: Equal false or invalid UTF-8", i, s)
			}
		}
	})
}
