package hostscan

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pinkit/pinkit/audit"
	"golang.org/x/net/publicsuffix"
)

// referenceFind is Find as it was before it stopped lower-casing a copy of
// every string (commit 3597b26): the allocation-free Find must agree with
// it on every input.
func referenceFind(s string) []audit.HostRef {
	var out []audit.HostRef
	if !strings.Contains(s, "://") {
		if referenceIsHostName(s) {
			out = append(out, audit.HostRef{Host: s})
		}
		return out
	}
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	lower := string(b)
	for _, scheme := range urlSchemes {
		off := 0
		for len(out) < maxURLsPerString {
			i := strings.Index(lower[off:], scheme)
			if i < 0 {
				break
			}
			start := off + i
			end := start + len(scheme) + urlEnd(s[start+len(scheme):])
			u := s[start:end]
			if h := urlHost(u[len(scheme):]); h != "" {
				out = append(out, audit.HostRef{Host: h, URL: u})
			}
			off = end
		}
	}
	return out
}

// referenceIsHostName is IsHostName as it was, with strings.Split.
func referenceIsHostName(s string) bool {
	if len(s) < 4 || len(s) > MaxHostLen || !strings.Contains(s, ".") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' && c != '.' {
			return false
		}
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
	}
	suffix, icann := publicsuffix.PublicSuffix(s)
	if !icann || suffix == s || fileExtensions[suffix] {
		return false
	}
	tld := s[strings.LastIndexByte(s, '.')+1:]
	return tld[0] < '0' || tld[0] > '9'
}

var referenceSeeds = []string{
	"https://api.example.com/v1/", "HTTPS://API.example.com/x http://b.example.org", "hTtP://a.example.com",
	"wss://x.example.com ws://y.example.com https://z.example.com/?u=http://w.example.com",
	"https://a.example.com/?u=https://b.example.com", "://", "s://", "ws://", "xhttps://a.example.com",
	"\xff00https://a.example.com", "ſhttps://a.example.com", "https:/", "a.example.com", "a..b.com",
	"-a.example.com", "a-.example.com", "example.co.uk", "https://[::1]:443/ https://%s/", ":///://",
}

func TestFindMatchesReference(t *testing.T) {
	t.Parallel()
	seeds := append([]string{strings.Repeat("https://a.example.com ", 200)}, referenceSeeds...)
	for _, tt := range findHostsTests {
		seeds = append(seeds, tt.in)
	}
	for _, tt := range findURLsTests {
		seeds = append(seeds, tt.in)
	}
	for _, s := range seeds {
		if got, want := Find(s), referenceFind(s); !reflect.DeepEqual(got, want) {
			t.Errorf("Find(%q) = %v, reference %v", s, got, want)
		}
	}
}

func TestFindNoAllocWithoutHost(t *testing.T) {
	for _, s := range []string{"event 12: failed to parse field", "Lcom/example/Api;", "https://%s/v1", "Network.swift"} {
		if n := testing.AllocsPerRun(100, func() { Find(s) }); n != 0 {
			t.Errorf("Find(%q) allocated %v times, want 0", s, n)
		}
	}
}

func FuzzFindMatchesReference(f *testing.F) {
	for _, s := range referenceSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Find(s), referenceFind(s); !reflect.DeepEqual(got, want) {
			t.Fatalf("Find(%q) = %v, reference %v", s, got, want)
		}
	})
}

func BenchmarkFind(b *testing.B) {
	strs := []string{
		"https://api3.svc7.d1-example.net/v2/items/0123456789abcdef?sig=fedcba9876543210",
		"event 1.123: failed to parse field 89abcdef of record 0123456789abcdef01234567",
		"Lcom/bench/d1/p3/C123;", "com.google.android.gms", "api.example.com",
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range strs {
			Find(s)
		}
	}
}

// BenchmarkFindReference is BenchmarkFind with the previous Find: the
// same-run baseline.
func BenchmarkFindReference(b *testing.B) {
	strs := []string{
		"https://api3.svc7.d1-example.net/v2/items/0123456789abcdef?sig=fedcba9876543210",
		"event 1.123: failed to parse field 89abcdef of record 0123456789abcdef01234567",
		"Lcom/bench/d1/p3/C123;", "com.google.android.gms", "api.example.com",
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range strs {
			referenceFind(s)
		}
	}
}
