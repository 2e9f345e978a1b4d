package hosttable

import "testing"

// TestHostNamesThroughNormalize: host references, OkHttp patterns and
// --ignore hosts go through internal/hostname.
func TestHostNamesThroughNormalize(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Bücher.Example:443": "xn--bcher-kva.example", "[2001:DB8::1]": "2001:db8::1",
		" api.example.com": "", "api.example.com\x00": "", "a..b": "", "[api.example.com]": "",
	} {
		if got := normalizeHost(in); got != want {
			t.Errorf("normalizeHost(%q) = %q, want %q", in, got, want)
		}
	}
	for _, tt := range []struct {
		pattern, host string
		want          bool
	}{
		{"*.bücher.example", "WWW.xn--bcher-kva.example.", true},
		{"**.Example.com.", "a.b.example.com", true},
		{"*.example.com:443", "www.example.com", false},
		{"api.example.com", "api.example.com:443", false},
		{"api.example.com", " api.example.com", false},
	} {
		if got := MatchOkHttpPattern(tt.pattern, tt.host); got != tt.want {
			t.Errorf("MatchOkHttpPattern(%q, %q) = %v, want %v", tt.pattern, tt.host, got, tt.want)
		}
	}
}
