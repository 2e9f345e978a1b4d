package pinfmt

import "testing"

// Cases moved from the decoders this package replaced, with their
// assertions unchanged: audit.TestPlaceholderReason and code.TestCheckCodePin.

func TestPlaceholderFormerAuditCases(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]bool{
		"ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs=": false,
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=": true,
		"YOUR_PIN_HERE": true,
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855": true,
	} {
		if got := Placeholder(in, nil) != ""; got != want {
			t.Errorf("Placeholder(%q) = %v", in, got)
		}
	}
	if Placeholder("abc", []byte{7, 7, 7}) == "" {
		t.Error("all-equal bytes not flagged")
	}
}

func TestOkHttpFormerCodePinCases(t *testing.T) {
	t.Parallel()
	const (
		okA  = "sha256/" + pinA
		sha1 = "sha1/BOGUSxxkrL5vVGEvAN5FJlHjd3g=" // not a real digest, 20 bytes
	)
	for _, tt := range []struct {
		pin   string
		alg   string
		valid bool
	}{
		{okA, "sha256", true}, {okA[:len(okA)-1], "sha256", true}, {sha1, "sha1", true},
		{"sha256/ypeBEsobvcr6wjGzmiPcTaeG7_gUfE5yuYB3ha_uSLs=", "sha256", true}, // URL-safe accepted by okio
		{"sha256/ypeBEsob!cr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs=", "sha256", false},
		{"sha256/", "sha256", false}, {"sha1/" + pinA, "sha1", false}, {"SHA256/x", "", false},
	} {
		d, err := Parse(OkHttp, tt.pin)
		if d.Alg != tt.alg || (err == nil) != tt.valid {
			t.Errorf("Parse(OkHttp, %q) = %q, %v; want %q, %v", tt.pin, d.Alg, err, tt.alg, tt.valid)
		}
	}
}
