package hostscan

import (
	"slices"
	"strings"
	"testing"
)

// findHostsTests came from the APK loader (DEX strings, Java/Kotlin literals).
var findHostsTests = []struct {
	in   string
	want []string
}{
	{"https://api.example.com/v1/", []string{"api.example.com"}},
	{"http://user:pw@Legacy.Example.COM:8080/x?y#z", []string{"legacy.example.com"}},
	{"wss://push.example.org", []string{"push.example.org"}},
	{"see https://a.example.com and http://b.example.net/", []string{"a.example.com", "b.example.net"}},
	{"https://[2001:db8::1]:443/", []string{"2001:db8::1"}},
	{"https://%s/v1/", nil}, // a format template names no host
	{"https://", nil},       // no host
	{"api.example.com", []string{"api.example.com"}},
	{"cdn.example.co.uk", []string{"cdn.example.co.uk"}},
	{"com.example.app", nil},            // package name: "app" is a file-extension-like TLD
	{"android.intent.action.MAIN", nil}, // not lower-case, no public suffix
	{"okhttp3.internal.platform", nil},  // "platform" is not a public suffix
	{"Lcom/example/Api;", nil},          // type descriptor
	{"Api.java", nil},                   // source file
	{"example.com", []string{"example.com"}},
	{"libflutter.so", nil},                                       // file name
	{"co.uk", nil},                                               // a public suffix itself
	{"1.2.3.4", nil},                                             // numeric TLD
	{"-bad.example.com", nil},                                    // label starts with '-'
	{"a..example.com", nil},                                      // empty label
	{"sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", nil}, // a pin
}

func TestFindHosts(t *testing.T) {
	t.Parallel()
	for _, tt := range findHostsTests {
		var got []string
		for _, h := range Find(tt.in) {
			got = append(got, h.Host)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Find(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// findURLsTests came from the IPA loader (Mach-O strings, Swift/ObjC literals).
var findURLsTests = []struct {
	in   string
	want []string // host|url
}{
	{"https://api.example.com/v1", []string{"api.example.com|https://api.example.com/v1"}},
	{"informationhttps://api.example.com/v1/loginMapIter", []string{"api.example.com|https://api.example.com/v1/loginMapIter"}},
	{"wss://push.example.com:443/s ws://x.example.org", []string{"push.example.com|wss://push.example.com:443/s", "x.example.org|ws://x.example.org"}},
	{"https://%@/api", nil},
	{"https://\\(host)/api", nil},
	{"https://[::1]:8080/", []string{"::1|https://[::1]:8080/"}},
	{"api.example.com", []string{"api.example.com|"}},
	{"Network.swift", nil},
	{"image.png", nil},
	{"API.Example.com", nil},
	{"1.2.3.4", nil},
}

func TestFindURLs(t *testing.T) {
	t.Parallel()
	for _, tt := range findURLsTests {
		var got []string
		for _, h := range Find(tt.in) {
			got = append(got, h.Host+"|"+h.URL)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Find(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFindLimits(t *testing.T) {
	t.Parallel()
	many := strings.Repeat("https://a.example.com/ ", 3*maxURLsPerString)
	if got := len(Find(many)); got != maxURLsPerString {
		t.Errorf("Find of %d URLs returned %d, want the cap %d", 3*maxURLsPerString, got, maxURLsPerString)
	}
	long := "https://" + strings.Repeat("a", MaxHostLen) + ".com/"
	if got := Find(long); got != nil {
		t.Errorf("Find(host of %d bytes) = %+v, want none", MaxHostLen+4, got)
	}
	if IsHostName(strings.Repeat("a", MaxHostLen-3) + ".com") {
		t.Errorf("IsHostName accepted a %d-byte name", MaxHostLen+1)
	}
	if !IsHostName(strings.Repeat("a.", 60) + "example.com") {
		t.Error("IsHostName rejected a long but valid name")
	}
	if IsHostName(strings.Repeat("a", 64) + ".example.com") {
		t.Error("IsHostName accepted a 64-byte label")
	}
}

// FuzzFind checks that Find never panics and returns only hosts and URLs
// that are bounded and taken from its input.
func FuzzFind(f *testing.F) {
	for _, tt := range findHostsTests {
		f.Add(tt.in)
	}
	for _, tt := range findURLsTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		refs := Find(s)
		if len(refs) > maxURLsPerString {
			t.Fatalf("%d refs from one string", len(refs))
		}
		for _, h := range refs {
			if h.Host == "" || len(h.Host) > MaxHostLen {
				t.Fatalf("bad host %q", h.Host)
			}
			if h.URL != "" && !strings.Contains(s, h.URL) {
				t.Fatalf("URL %q is not in the input", h.URL)
			}
			if h.URL == "" && (h.Host != s || !IsHostName(s)) {
				t.Fatalf("bare host %q for input %q", h.Host, s)
			}
		}
	})
}

// Non-ASCII and invalid UTF-8 before a URL must not shift offsets: this
// input made the loaders of both platforms panic (found by FuzzFind).
func TestFindNonASCII(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"\xff00https://":                  "",
		"\xffhttps://api.example.com/v1":  "api.example.com|https://api.example.com/v1",
		"İİhttps://api.example.com/x":     "api.example.com|https://api.example.com/x",
		"ÄÖHTTPS://API.example.com/x\xff": "api.example.com|HTTPS://API.example.com/x",
	} {
		var got []string
		for _, h := range Find(in) {
			got = append(got, h.Host+"|"+h.URL)
		}
		if want == "" && got != nil || want != "" && !slices.Equal(got, []string{want}) {
			t.Errorf("Find(%q) = %q, want %q", in, got, want)
		}
	}
}
