package pinfmt

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
)

var allPlatforms = []Platform{Strict, OkHttp, NSC, TrustKitAndroid, ATS, TrustKitIOS}

// FuzzParse: no decoder panics; an accepted pin is 32 bytes (20 for OkHttp
// sha1); what Strict accepts every platform reads as the same digest; the
// decoders agree with encoding/base64 on its canonical output; and
// Placeholder never panics.
func FuzzParse(f *testing.F) {
	for _, s := range []string{pinA, "sha256/" + pinA, unpadded, spaced, innerPad, prefixed1, "QQ==QQ", "=", ""} {
		f.Add(s, []byte(s))
	}
	f.Fuzz(func(t *testing.T, s string, raw []byte) {
		for _, p := range allPlatforms {
			d, err := Parse(p, s)
			if err == nil && len(d.Raw) != SHA256Len && !(p == OkHttp && d.Alg == SHA1 && len(d.Raw) == SHA1Len) {
				t.Fatalf("Parse(%s, %q) accepted %d bytes", p, s, len(d.Raw))
			}
			_ = Placeholder(s, d.Raw)
		}
		if d, err := Parse(Strict, s); err == nil {
			bare := strings.TrimPrefix(s, "sha256/")
			for _, p := range []Platform{NSC, TrustKitAndroid, ATS, TrustKitIOS} {
				if e, err := Parse(p, bare); err != nil || !bytes.Equal(e.Raw, d.Raw) {
					t.Fatalf("Strict accepts %q but %s reads %x, %v", s, p, e.Raw, err)
				}
			}
			if e, err := Parse(OkHttp, s); err != nil || !bytes.Equal(e.Raw, d.Raw) {
				t.Fatalf("Strict accepts %q but OkHttp reads %x, %v", s, e.Raw, err)
			}
		}
		checkRoundTrip(t, raw)
	})
}

func checkRoundTrip(t *testing.T, raw []byte) {
	t.Helper()
	padded := base64.StdEncoding.EncodeToString(raw)
	decoders := map[string]func(string) ([]byte, error){"android": decodeAndroid, "okio": decodeOkio, "foundation": decodeFoundation}
	if len(raw) > 0 {
		decoders["secbase64"] = decodeSecBase64
	}
	for name, dec := range decoders {
		if got, err := dec(padded); err != nil || !bytes.Equal(got, raw) {
			t.Fatalf("%s(%q) = %x, %v; want %x", name, padded, got, err, raw)
		}
	}
	unpadded := base64.RawStdEncoding.EncodeToString(raw)
	for name, dec := range map[string]func(string) ([]byte, error){"android": decodeAndroid, "okio": decodeOkio} {
		if got, err := dec(unpadded); err != nil || !bytes.Equal(got, raw) {
			t.Fatalf("%s(%q) = %x, %v; want %x", name, unpadded, got, err, raw)
		}
		spaced := strings.Join(strings.Split(padded, ""), " \n")
		if got, err := dec(spaced); err != nil || !bytes.Equal(got, raw) {
			t.Fatalf("%s: whitespace not skipped in %q", name, spaced)
		}
	}
}
