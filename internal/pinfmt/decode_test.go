package pinfmt

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
)

// The decoders are checked against what each platform's own source does.
// Sources read (via their public repositories):
//
//   - android.util.Base64: aosp-mirror/platform_frameworks_base,
//     core/java/android/util/Base64.java (Decoder.process: DECODE table,
//     SKIP = -1 for every byte outside the alphabet, EQUALS = -2 only legal in
//     states 2 and 3, finish fails in states 1 and 4).
//   - Okio: square/okio, okio/src/commonMain/kotlin/okio/-Base64.kt
//     (decodeBase64ToArray: trailing '=' and whitespace cut, both alphabets,
//     inner whitespace skipped, anything else returns null).
//   - Apple Security: darlinghq/darling-security (mirror of
//     apple-oss-distributions/Security), OSX/sec/Security/SecPolicy.c
//     (CreateCFDataFromBase64CFString → SecBase64Decode) and SecBase64.c
//     (SecBase64Decode_ with kSecB64_F_STOP_ON_NOTHING).
//   - Foundation: swiftlang/swift-foundation,
//     Sources/FoundationEssentials/Data/Data+Base64.swift (base64DecodeBytes
//     without .ignoreUnknownCharacters: count % 4, unknown byte throws,
//     '=' then data throws).

func TestDecodeAndroid(t *testing.T) {
	t.Parallel()
	// Cases kept from nsc's former DecodeBase64 test.
	tests := []struct {
		in   string
		want int // decoded length, -1 for error
	}{
		{pinA, 32}, {strings.TrimSuffix(pinA, "="), 32}, {"QQ==", 1}, {"QQ", 1}, {"QUI", 2}, {"QUI=", 2},
		{"Q", -1}, {"QQ=", -1}, {"QQ===", -1}, {"=QQ", -1}, {"QQ==QQ", -1}, {"Q-Q_", 1}, {"", 0},
		{"QQ== \n", 1}, {"Q\u00e9Q", 1}, {"QUI=Q", -1},
	}
	for _, tt := range tests {
		got, err := decodeAndroid(tt.in)
		if (err != nil) != (tt.want < 0) || (err == nil && len(got) != tt.want) {
			t.Errorf("decodeAndroid(%q) = %d bytes, %v; want %d", tt.in, len(got), err, tt.want)
		}
	}
}

func TestDecodeOkio(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string // hex of the decoded bytes, "error" for null
	}{
		{"QQ==", "41"}, {"QQ", "41"}, {"QQ=====", "41"}, {"QUI", "4142"}, {"Q", "error"}, {"Q===", "error"},
		{"Q-Q_", "43e43f"}, {"Q+Q/", "43e43f"}, {"Q Q\tQ\nQ", "410410"}, {"QQ==QQ", "error"}, {"Q.QQ", "error"},
		{"Q\u00e9QQ", "error"}, {"", ""}, {"QR", "41"}, // non-zero trailing bits are not checked
	}
	for _, tt := range tests {
		got, err := decodeOkio(tt.in)
		if s := hexOr(got, err); s != tt.want {
			t.Errorf("decodeOkio(%q) = %s; want %s", tt.in, s, tt.want)
		}
	}
}

func TestDecodeSecBase64(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string
	}{
		{"QUJD", "414243"}, {"QUI=", "4142"}, {"QQ==", "41"},
		{"QUJDRA", "414243"},           // incomplete final group dropped
		{"QQ==QUJD", "41"},             // padding ends decoding; the rest is ignored
		{"Q=JD", "400243"},             // '=' inside a group is a zero digit, reset by the next digit
		{"QU JD\n", "414243"},          // whitespace skipped
		{"Q-U_J.D", "414243"},          // any other byte skipped too
		{"Q\u00e9UJD", "414243"},       // non-ASCII skipped
		{"QQ", "error"}, {"", "error"}, // nothing decoded: the identity is dropped
		{"Q===", "400000"}, // three pads emit three bytes, as the C does
	}
	for _, tt := range tests {
		got, err := decodeSecBase64(tt.in)
		if s := hexOr(got, err); s != tt.want {
			t.Errorf("decodeSecBase64(%q) = %s; want %s", tt.in, s, tt.want)
		}
	}
}

func TestDecodeFoundation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string
	}{
		{"QUJD", "414243"}, {"QUI=", "4142"}, {"QQ==", "41"}, {"QR==", "41"}, // trailing bits unchecked
		{"QUI", "error"}, {"QQ", "error"}, {"QU JD", "error"}, {"QUJD\n", "error"}, {"Q-U_", "error"},
		{"QQ==QUJD", "error"}, {"QUJD====", "414243"}, {"", ""}, {"Q\u00e9U", "error"},
	}
	for _, tt := range tests {
		got, err := decodeFoundation(tt.in)
		if s := hexOr(got, err); s != tt.want {
			t.Errorf("decodeFoundation(%q) = %s; want %s", tt.in, s, tt.want)
		}
	}
}

func hexOr(b []byte, err error) string {
	if err != nil {
		return "error"
	}
	const digits = "0123456789abcdef"
	var sb strings.Builder
	for _, c := range b {
		sb.WriteByte(digits[c>>4])
		sb.WriteByte(digits[c&15])
	}
	return sb.String()
}

// TestDecodersRoundTrip: every decoder reads the canonical padded encoding
// of any length back to the same bytes.
func TestDecodersRoundTrip(t *testing.T) {
	t.Parallel()
	for n := 1; n <= 40; n++ {
		raw := make([]byte, n)
		for i := range raw {
			raw[i] = byte(i*37 + n)
		}
		s := base64.StdEncoding.EncodeToString(raw)
		for name, dec := range map[string]func(string) ([]byte, error){
			"android": decodeAndroid, "okio": decodeOkio, "secbase64": decodeSecBase64, "foundation": decodeFoundation,
		} {
			if got, err := dec(s); err != nil || !bytes.Equal(got, raw) {
				t.Errorf("%s(%q) = %x, %v; want %x", name, s, got, err, raw)
			}
		}
	}
}
