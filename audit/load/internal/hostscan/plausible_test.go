package hostscan

import (
	"slices"
	"testing"
)

// TestFindRejectsJunkHosts: strings a multi-dex app really holds that are
// not hosts (issue 13 §2: about 30 of 36 host rows of one app were these).
// Each failed before Plausible: the URL ones kept punctuation or took a
// Java feature URI's class name as a host, the bare ones have a TLD as
// their last label (.google, .watch, .properties).
func TestFindRejectsJunkHosts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"Please visit https://www.google.com, then retry", []string{"www.google.com"}},
		{"com.google", nil},
		{"android.hardware.type.watch", nil},
		{"http://javax.xml.transform.dom.DOMResult/feature", nil},
		{"http://javax.xml.XMLConstants/property/accessExternalDTD", nil},
		{"junit.properties", nil},
		{"http://cdv_exec/", nil},
		{"https://cdv_exec/!gap_exec", nil},
		{"org.example.MyClass", nil},
		// Still hosts.
		{"http://localhost:8080/", []string{"localhost"}},
		{"https://10.0.2.2/api", []string{"10.0.2.2"}},
		{"api.jamendo.com", []string{"api.jamendo.com"}},
		{"https://insecureshopapp.com/", []string{"insecureshopapp.com"}},
		{"www.google.com", []string{"www.google.com"}},
		// A URL's host under a private or reserved suffix is still a host;
		// bare, it is not.
		{"https://api.internal/v1", []string{"api.internal"}},
		{"http://api.linked.example/", []string{"api.linked.example"}},
		{"api.internal", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, h := range Find(tt.in) {
			got = append(got, h.Host)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Find(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzPlausible(f *testing.F) {
	for _, s := range []string{"www.google.com,", "com.google", "cdv_exec", "::1", "a.b.co.uk"} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, fromURL bool) {
		h, ok := Plausible(s, fromURL)
		if ok && (h == "" || len(h) > MaxHostLen) {
			t.Fatalf("Plausible(%q) = %q, true", s, h)
		}
		if ok {
			if h2, ok2 := Plausible(h, fromURL); !ok2 || h2 != h {
				t.Fatalf("Plausible not idempotent: %q -> %q -> %q %v", s, h, h2, ok2)
			}
		}
	})
}
