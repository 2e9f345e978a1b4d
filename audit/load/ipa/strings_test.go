package ipa

import (
	"bytes"

	"slices"
	"strings"
	"testing"

	"github.com/pinkit/pinkit/audit/hosttable"
)

func TestIsPinListURL(t *testing.T) {
	t.Parallel()
	for u, want := range map[string]bool{
		"http://pins.example.com/pins.json":             true,
		"https://cdn.example.com/mobile/pinning.json":   true,
		"https://cdn.example.com/config/trustkit.plist": true,
		"https://cdn.example.com/v2/pinset/latest":      true,
		"https://api.example.com/v1/pins":               true,
		"https://cdn.example.com/ssl-pins-v3.json?x=1":  true,
		"https://api.example.com/v1/login":              false,
		"https://api.example.com/spinner.json":          false,
		"https://pins.example.com":                      false,
		"ftp://pins.example.com/pins.json":              false,
	} {
		if got := hosttable.IsPinListURL(u); got != want {
			t.Errorf("IsPinListURL(%q) = %v, want %v", u, got, want)
		}
	}
}

// A URL across the cut of a run longer than MaxString is still reported
// whole (packed string data, as Go and some linkers emit, has no NULs).
func TestScannerOverlap(t *testing.T) {
	t.Parallel()
	const url = "https://api.example.com/v1/login"
	run := strings.Repeat("x", 4090) + url + strings.Repeat("y", 5000)
	var got []string
	sc := &scanner{min: 4, max: 4096, emit: func(s string) error {
		if len(s) > 4096 {
			t.Fatalf("piece of %d bytes", len(s))
		}
		got = append(got, s)
		return nil
	}}
	if err := sc.bytes(bytes.NewReader([]byte("\x00" + run + "\x00short\x00ab\x00"))); err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, url) }) {
		t.Errorf("URL lost at a cut: %d pieces", len(got))
	}
	if got[len(got)-1] != "short" {
		t.Errorf("last = %q (runs shorter than min must be dropped)", got[len(got)-1])
	}
}

func TestIsFrameworkBinary(t *testing.T) {
	t.Parallel()
	for rel, want := range map[string]bool{
		"Frameworks/Net.framework/Net":                 true,
		"PlugIns/Share.appex/Share":                    true,
		"Frameworks/Net.framework/Info.plist":          false,
		"Frameworks/Net.framework/Versions/A/Net":      false,
		"Frameworks/libswiftCore.dylib":                false,
		"PlugIns/Share.appex/Frameworks/X.framework/X": false,
		"Net.framework/Net":                            false,
	} {
		if got := isFrameworkBinary(rel); got != want {
			t.Errorf("isFrameworkBinary(%q) = %v, want %v", rel, got, want)
		}
	}
}
