package hostname

import (
	"errors"
	"strings"
	"testing"
)

// FuzzNormalize checks that Normalize never panics, that its errors wrap
// ErrInvalid, and that it is idempotent on its own output, which is always
// short lower-case ASCII.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"api.example.com", "API.Example.COM.", "bücher.example", "xn--bcher-kva.example",
		"api.example.com:443", "[api.example.com]", " api.example.com", "api.example.com\x00",
		"a..b", strings.Repeat("a", 64) + ".com", "*.example.com", "**.example.com",
		"192.0.2.1", "2001:DB8::1", "fe80::1%eth0", "ｅｘａｍｐｌｅ。com", "xn--a.example",
		"\u200d.example", "_dmarc.example.com",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := Normalize(s)
		p, perr := NormalizePattern(s)
		if perr != nil && !errors.Is(perr, ErrInvalid) {
			t.Fatalf("NormalizePattern(%q) error %v does not wrap ErrInvalid", s, perr)
		}
		if perr == nil {
			if again, err := NormalizePattern(p); err != nil || again != p {
				t.Fatalf("NormalizePattern(%q) = %q; NormalizePattern(%q) = %q, %v", s, p, p, again, err)
			}
		}
		if err != nil {
			if !errors.Is(err, ErrInvalid) || h != "" {
				t.Fatalf("Normalize(%q) = %q, %v", s, h, err)
			}
			return
		}
		if perr != nil || p != h {
			t.Fatalf("Normalize(%q) = %q but NormalizePattern = %q, %v", s, h, p, perr)
		}
		if len(h) > MaxLen+len("::") || h != strings.ToLower(h) {
			t.Fatalf("Normalize(%q) = %q: not short lower-case", s, h)
		}
		for i := 0; i < len(h); i++ {
			if h[i] >= 0x80 || h[i] <= ' ' {
				t.Fatalf("Normalize(%q) = %q: byte %#x", s, h, h[i])
			}
		}
		if again, err := Normalize(h); err != nil || again != h {
			t.Fatalf("Normalize(%q) = %q; Normalize(%q) = %q, %v", s, h, h, again, err)
		}
	})
}
