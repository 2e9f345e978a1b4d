package pinfmt

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

const (
	pinA = "ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs="
	pinB = "PiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0="
)

// Inputs every platform table covers.
var (
	padded      = pinA
	unpadded    = strings.TrimSuffix(pinA, "=")
	spaced      = "  " + pinA[:20] + " \n" + pinA[20:] + "\t"
	dotted      = pinA[:20] + "." + pinA[20:]
	nonASCII    = pinA[:20] + "\u00e9" + pinA[20:]
	urlSafe     = strings.ReplaceAll(pinA, "/", "_")
	trailing    = pinA[:42] + "t=" // 's' → 't': the two unused bits are 01
	extraPad    = pinA + "="
	innerPad    = "ypeB=Esobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs"
	bytes31     = "ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSA=="
	bytes33     = base64.StdEncoding.EncodeToString(make33())
	hexDigest   = strings.Repeat("ab", 32)
	prefixed256 = "sha256/" + pinA
	prefixed1   = "sha1/" + base64.StdEncoding.EncodeToString(make([]byte, 20))
)

func make33() []byte {
	s := sha256.Sum256([]byte("x"))
	return append(s[:], 7)
}

// want is a verdict: "ok", or the sentinel error and (for ErrLength) length.
type want struct {
	err error
	n   int
}

var ok = want{}

func length(n int) want { return want{ErrLength, n} }

var (
	bad   = want{err: ErrBase64}
	empty = want{err: ErrEmpty}
	pfx   = want{err: ErrPrefix}
)

type platformCase struct {
	name string
	in   string
	want want
}

func runPlatform(t *testing.T, p Platform, cases []platformCase) {
	t.Helper()
	for _, tc := range cases {
		d, err := Parse(p, tc.in)
		switch {
		case tc.want.err == nil && err != nil:
			t.Errorf("%s %s: Parse(%q) = %v; want ok", p, tc.name, tc.in, err)
		case tc.want.err == nil && len(d.Raw) != SHA256Len:
			t.Errorf("%s %s: Parse(%q) = %d bytes", p, tc.name, tc.in, len(d.Raw))
		case tc.want.err != nil && !errors.Is(err, tc.want.err):
			t.Errorf("%s %s: Parse(%q) = %v; want %v", p, tc.name, tc.in, err, tc.want.err)
		case tc.want.err == ErrLength:
			var e *Error
			if !errors.As(err, &e) || e.Len != tc.want.n {
				t.Errorf("%s %s: Parse(%q) = %v; want %d bytes", p, tc.name, tc.in, err, tc.want.n)
			}
		}
	}
}

// TestStrict: the pin library's own form, canonical standard base64
// (docs/library.md; DESIGN §2).
func TestStrict(t *testing.T) {
	t.Parallel()
	s := func(v string) string { return "sha256/" + v }
	runPlatform(t, Strict, []platformCase{
		{"padded", s(padded), ok}, {"unpadded", s(unpadded), bad}, {"spaced", s(spaced), bad},
		{"outside alphabet", s(dotted), bad}, {"non-ASCII", s(nonASCII), bad}, {"url-safe", s(urlSafe), bad},
		{"trailing bits", s(trailing), bad}, {"extra pad", s(extraPad), bad}, {"inner pad", s(innerPad), bad},
		{"31 bytes", s(bytes31), length(31)}, {"33 bytes", s(bytes33), length(33)},
		{"hex", hexDigest, pfx}, {"hex after prefix", s(hexDigest), length(48)},
		{"no prefix", padded, pfx}, {"upper-case prefix", "SHA256/" + padded, pfx}, {"sha1", prefixed1, pfx},
		{"empty", "", empty}, {"prefix only", "sha256/", length(0)},
	})
}

// TestOkHttp: square/okhttp okhttp/src/main/kotlin/okhttp3/CertificatePinner.kt,
// Pin.init: "sha1/" or "sha256/" then String.decodeBase64() (Okio, see
// decode_test.go), else IllegalArgumentException. OkHttp does not check the
// length; a digest of the wrong length can never match, so Parse refuses it.
func TestOkHttp(t *testing.T) {
	t.Parallel()
	s := func(v string) string { return "sha256/" + v }
	runPlatform(t, OkHttp, []platformCase{
		{"padded", s(padded), ok}, {"unpadded", s(unpadded), ok}, {"spaced", s(spaced), ok},
		{"outside alphabet", s(dotted), bad}, {"non-ASCII", s(nonASCII), bad}, {"url-safe", s(urlSafe), ok},
		{"trailing bits", s(trailing), ok}, {"extra pad", s(extraPad), ok}, {"inner pad", s(innerPad), bad},
		{"31 bytes", s(bytes31), length(31)}, {"33 bytes", s(bytes33), length(33)},
		{"hex", hexDigest, pfx}, {"hex after prefix", s(hexDigest), length(48)},
		{"no prefix", padded, pfx}, {"upper-case prefix", "SHA256/" + padded, pfx},
		{"empty", "", empty}, {"prefix only", "sha256/", length(0)}, {"sha1 of 32 bytes", "sha1/" + padded, length(32)},
	})
	d, err := Parse(OkHttp, prefixed1)
	if err != nil || d.Alg != SHA1 || len(d.Raw) != SHA1Len {
		t.Errorf("Parse(OkHttp, %q) = %+v, %v; want a 20-byte sha1", prefixed1, d, err)
	}
	if d, _ := Parse(OkHttp, "sha1/!!"); d.Alg != SHA1 {
		t.Errorf("a bad sha1 pin lost its algorithm: %+v", d)
	}
}

// androidCases: android.util.Base64 DEFAULT as NetworkSecurityConfig reads a
// <pin> (aosp-mirror/platform_frameworks_base,
// core/java/android/security/net/config/XmlConfigSource.java parsePin:
// getText().trim(), Base64.decode(digest, 0), length must equal
// Pin.getDigestLength) and as TrustKit-Android does (datatheorem/TrustKit-Android,
// trustkit/src/main/java/com/datatheorem/android/trustkit/config/PublicKeyPin.java:
// Base64.decode(spkiPin, Base64.DEFAULT), length 32).
var androidCases = []platformCase{
	{"padded", padded, ok}, {"unpadded", unpadded, ok}, {"spaced", spaced, ok},
	{"outside alphabet skipped", dotted, ok}, {"non-ASCII skipped", nonASCII, ok},
	{"url-safe: '_' skipped, 42 digits then '='", urlSafe, bad},
	{"trailing bits", trailing, ok}, {"extra pad", extraPad, bad}, {"inner pad", innerPad, bad},
	{"31 bytes", bytes31, length(31)}, {"33 bytes", bytes33, length(33)}, {"hex", hexDigest, length(48)},
	{"sha256/ prefix: 50 digits then '='", prefixed256, bad}, {"sha1/ prefix", prefixed1, bad},
	{"empty", "", empty}, {"whitespace only", " ", length(0)},
}

func TestNSC(t *testing.T) {
	t.Parallel()
	runPlatform(t, NSC, androidCases)
}

func TestTrustKitAndroid(t *testing.T) {
	t.Parallel()
	runPlatform(t, TrustKitAndroid, androidCases)
}

// TestATS: SPKI-SHA256-BASE64 goes through CreateCFDataFromBase64CFString
// (darlinghq/darling-security OSX/sec/Security/SecPolicy.c); identities that
// fail to decode are dropped, and ones of the wrong length never match
// (Apple's docs: "the Base64-encoded SHA-256 digest", developer.apple.com
// bundleresources/information-property-list/nspinnedcaidentities).
func TestATS(t *testing.T) {
	t.Parallel()
	runPlatform(t, ATS, []platformCase{
		{"padded", padded, ok}, {"unpadded: final 3 digits dropped", unpadded, length(30)},
		{"spaced", spaced, ok}, {"outside alphabet skipped", dotted, ok}, {"non-ASCII skipped", nonASCII, ok},
		{"url-safe: '_' skipped", urlSafe, length(30)},
		{"trailing bits", trailing, ok}, {"extra pad ignored after the padded group", extraPad, ok},
		{"inner pad is a zero digit", innerPad, length(33)},
		{"31 bytes", bytes31, length(31)}, {"33 bytes", bytes33, length(33)}, {"hex", hexDigest, length(48)},
		{"sha256/ prefix", prefixed256, length(36)}, {"sha1/ prefix", prefixed1, length(24)},
		{"empty", "", empty}, {"whitespace only", " ", bad},
	})
}

// TestTrustKitIOS: datatheorem/TrustKit TrustKit/parse_configuration.m reads
// each TSKPublicKeyHashes entry with -[NSData initWithBase64EncodedString:
// options:0] and raises unless the length is CC_SHA256_DIGEST_LENGTH; the
// decoder is Foundation's (swiftlang/swift-foundation
// Sources/FoundationEssentials/Data/Data+Base64.swift).
func TestTrustKitIOS(t *testing.T) {
	t.Parallel()
	runPlatform(t, TrustKitIOS, []platformCase{
		{"padded", padded, ok}, {"unpadded", unpadded, bad}, {"spaced", spaced, bad},
		{"outside alphabet", dotted, bad}, {"non-ASCII", nonASCII, bad}, {"url-safe", urlSafe, bad},
		{"trailing bits", trailing, ok}, {"extra pad: 45 characters", extraPad, bad},
		{"extra pads to 48 characters", pinA + "====", ok}, {"inner pad", innerPad, bad},
		{"31 bytes", bytes31, length(31)}, {"33 bytes", bytes33, length(33)}, {"hex", hexDigest, length(48)},
		{"sha256/ prefix", prefixed256, bad}, {"sha1/ prefix", prefixed1, bad},
		{"empty", "", empty},
	})
}

// TestStrictIsTheNarrowest: whatever the pin library accepts, every platform
// reads as the same digest.
func TestStrictIsTheNarrowest(t *testing.T) {
	t.Parallel()
	for _, v := range []string{pinA, pinB} {
		s, err := Parse(Strict, "sha256/"+v)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []Platform{NSC, TrustKitAndroid, ATS, TrustKitIOS} {
			if d, err := Parse(p, v); err != nil || string(d.Raw) != string(s.Raw) {
				t.Errorf("Parse(%s, %q) = %x, %v; want %x", p, v, d.Raw, err, s.Raw)
			}
		}
		if d, err := Parse(OkHttp, "sha256/"+v); err != nil || string(d.Raw) != string(s.Raw) {
			t.Errorf("OkHttp disagrees on %q: %x, %v", v, d.Raw, err)
		}
	}
}

func TestErrorMessages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		p    Platform
		in   string
		want string
	}{
		{Strict, "", "empty pin: want sha256/<base64>"},
		{Strict, "sha256/" + bytes31, `pin "sha256/` + bytes31 + `": decodes to 31 bytes, want 32 (SHA-256)`},
		{Strict, "sha256/a.", `pin "sha256/a.": invalid standard base64: character '.' at offset 1`},
		{NSC, "", "<pin> is empty"},
		{NSC, "QQ=", `<pin> "QQ=": invalid base64: bad padding or length`},
		{ATS, "c2hvcnQ=", `SPKI-SHA256-BASE64 "c2hvcnQ=": decodes to 5 bytes, want 32 (SHA-256)`},
		{OkHttp, "sha1/c2hvcnQ=", `pin "sha1/c2hvcnQ=": decodes to 5 bytes, want 20 (SHA-1)`},
		{OkHttp, "md5/x", `pin "md5/x": pins must start with 'sha256/' or 'sha1/'`},
	}
	for _, tt := range tests {
		if _, err := Parse(tt.p, tt.in); err == nil || err.Error() != tt.want {
			t.Errorf("Parse(%s, %q) = %v; want %q", tt.p, tt.in, err, tt.want)
		}
	}
	if _, err := Parse(Platform(99), pinA); err == nil {
		t.Error("an unknown platform accepted a pin")
	}
}
