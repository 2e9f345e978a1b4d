package hostname

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	label63 := strings.Repeat("a", 63)
	tests := []struct {
		name, in, want string
	}{
		{"plain", "api.example.com", "api.example.com"},
		{"mixed case", "API.Example.COM", "api.example.com"},
		{"trailing dot", "api.example.com.", "api.example.com"},
		{"single label", "localhost", "localhost"},
		{"underscore", "_dmarc.Example.com", "_dmarc.example.com"},
		{"IDN", "bücher.example", "xn--bcher-kva.example"},
		{"IDN upper case", "BÜCHER.example.", "xn--bcher-kva.example"},
		{"punycode", "xn--bcher-kva.example", "xn--bcher-kva.example"},
		{"punycode upper case", "XN--BCHER-KVA.Example", "xn--bcher-kva.example"},
		{"IDN full stop", "bücher。example", "xn--bcher-kva.example"},
		{"fullwidth", "ｅｘａｍｐｌｅ.com", "example.com"},
		{"63-byte label", label63 + ".com", label63 + ".com"},
		{"IPv4", "192.0.2.1", "192.0.2.1"},
		{"IPv4 trailing dot", "192.0.2.1.", "192.0.2.1"},
		{"IPv6", "2001:DB8:0:0::1", "2001:db8::1"},
		{"IPv6 loopback", "::1", "::1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize(tt.in)
			if err != nil || got != tt.want {
				t.Fatalf("Normalize(%q) = %q, %v, want %q", tt.in, got, err, tt.want)
			}
			if again, err := Normalize(got); err != nil || again != got {
				t.Fatalf("Normalize(%q) = %q, %v: not idempotent", got, again, err)
			}
		})
	}
}

func TestNormalizeRefuses(t *testing.T) {
	long := strings.Repeat("abc.", 63) + "com" // 255 bytes
	tests := []struct {
		name, in, msg string
	}{
		{"empty", "", "empty host name"},
		{"dot", ".", "empty host name"},
		{"port", "api.example.com:443", "port"},
		{"empty port", "api.example.com:", "port"},
		{"brackets", "[api.example.com]", "brackets"},
		{"bracketed IPv6", "[::1]", "brackets"},
		{"IPv6 zone", "fe80::1%eth0", "zone"},
		{"leading space", " api.example.com", "whitespace"},
		{"trailing space", "api.example.com ", "whitespace"},
		{"inner space", "api example.com", "whitespace"},
		{"trailing newline", "api.example.com\n", "whitespace"},
		{"tab", "\tapi.example.com", "whitespace"},
		{"no-break space", "api.example.com\u00a0", "whitespace"},
		{"NUL", "api.example.com\x00", "NUL"},
		{"DEL", "api.example.com\x7f", "control"},
		{"escape", "api\x1b.example.com", "control"},
		{"C1 control", "api\u0085.example.com", "whitespace"},
		{"soft hyphen", "bü\u00adcher.example", "control"},
		{"BOM", "\ufeffapi.example.com", "control"},
		{"invalid UTF-8", "api.\xffexample.com", "UTF-8"},
		{"wildcard", "*.example.com", "wildcard"},
		{"inner wildcard", "api.*.com", "wildcard"},
		{"empty label", "a..b", "empty label"},
		{"leading dot", ".example.com", "empty label"},
		{"two trailing dots", "example.com..", "empty label"},
		{"64-byte label", strings.Repeat("a", 64) + ".com", "longer than 63"},
		{"long name", long, "longer than 253"},
		{"huge input", strings.Repeat("a.", 600), "too long"},
		{"leading hyphen", "-a.example.com", "hyphen"},
		{"trailing hyphen", "a-.example.com", "hyphen"},
		{"slash", "example.com/path", "invalid character"},
		{"at", "user@example.com", "invalid character"},
		{"percent", "exa%41mple.com", "invalid character"},
		{"bad punycode", "xn--a.example", "internationalised"},
		{"IDN underscore", "bü_cher.example", "internationalised"},
		{"IDN long label", strings.Repeat("ü", 60) + ".example", "longer than 63"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize(tt.in)
			if err == nil {
				t.Fatalf("Normalize(%q) = %q, want an error", tt.in, got)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("Normalize(%q) error %v does not wrap ErrInvalid", tt.in, err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Normalize(%q) error %q, want it to mention %q", tt.in, err, tt.msg)
			}
			if got != "" {
				t.Errorf("Normalize(%q) returned %q with its error", tt.in, got)
			}
		})
	}
}

func TestNormalizePattern(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"api.example.com", "api.example.com"},
		{"*.Example.COM", "*.example.com"},
		{"**.example.com.", "**.example.com"},
		{"*.bücher.example", "*.xn--bcher-kva.example"},
	}
	for _, tt := range tests {
		got, err := NormalizePattern(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("NormalizePattern(%q) = %q, %v, want %q", tt.in, got, err, tt.want)
		}
		if again, err := NormalizePattern(got); err != nil || again != got {
			t.Errorf("NormalizePattern(%q) = %q, %v: not idempotent", got, again, err)
		}
	}
	for _, in := range []string{"", "*", "*.", "**", "***.example.com", "*.*.example.com",
		"a.*.example.com", "*example.com", "*.example.com:443", " *.example.com"} {
		if got, err := NormalizePattern(in); err == nil || !errors.Is(err, ErrInvalid) {
			t.Errorf("NormalizePattern(%q) = %q, %v, want an ErrInvalid error", in, got, err)
		}
	}
}

func TestIsIP(t *testing.T) {
	for in, want := range map[string]bool{
		"192.0.2.1": true, "2001:db8::1": true, "example.com": false, "1.2.3": false, "": false,
	} {
		if got := IsIP(in); got != want {
			t.Errorf("IsIP(%q) = %v, want %v", in, got, want)
		}
	}
}
