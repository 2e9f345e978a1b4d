package nsc

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
)

// FuzzDecodeBase64 checks the lenient decoder against encoding/base64: it
// round-trips padded and unpadded encodings, ignores inserted whitespace,
// and never panics on arbitrary text.
func FuzzDecodeBase64(f *testing.F) {
	f.Add([]byte("hello"), "ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs=")
	f.Add([]byte{0, 1, 2, 3, 255}, "QQ==QQ")
	f.Fuzz(func(t *testing.T, raw []byte, text string) {
		_, _ = DecodeBase64(text)
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding} {
			s := enc.EncodeToString(raw)
			got, err := DecodeBase64(s)
			if err != nil || !bytes.Equal(got, raw) {
				t.Fatalf("DecodeBase64(%q) = %x, %v; want %x", s, got, err, raw)
			}
			spaced := strings.Join(strings.Split(s, ""), " \n")
			if got, err := DecodeBase64(spaced); err != nil || !bytes.Equal(got, raw) {
				t.Fatalf("whitespace not skipped in %q", spaced)
			}
		}
	})
}
