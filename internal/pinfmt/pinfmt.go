// Package pinfmt owns every spelling of a public-key pin: how each platform
// decodes the text it is given, and which values are placeholders rather
// than real digests.
//
// Most callers use [Parse] with the [Platform] whose config they read, and
// [Placeholder] to tell a real digest from a stand-in. Nothing else in the
// module decodes pin text.
//
// # Platforms
//
// Each platform decodes base64 with its own code and its own leniency:
//
//   - [Strict]: the pin library's "sha256/<standard padded base64>".
//   - [OkHttp]: CertificatePinner's "sha256/" or "sha1/" + Okio's decoder
//     (either alphabet, padding and whitespace optional).
//   - [NSC] and [TrustKitAndroid]: android.util.Base64 DEFAULT (padding
//     optional, characters outside the alphabet skipped).
//   - [ATS]: Apple Security's SecBase64Decode (unknown characters skipped,
//     an incomplete final group dropped).
//   - [TrustKitIOS]: Foundation's NSData base64 decoder with no options
//     (nothing outside the alphabet, length a multiple of four).
package pinfmt

import (
	"errors"
	"fmt"
	"strings"
)

// Platform is a reader of pins, each with its own base64 decoder.
type Platform uint8

// Platforms.
const (
	Strict          Platform = iota + 1 // package pin: "sha256/<std base64, padded>"
	OkHttp                              // okhttp3.CertificatePinner: "sha256/…" or "sha1/…", Okio base64
	NSC                                 // Android <pin digest="SHA-256">, android.util.Base64 DEFAULT
	TrustKitAndroid                     // TrustKit-Android PublicKeyPin, android.util.Base64 DEFAULT
	ATS                                 // NSPinnedDomains SPKI-SHA256-BASE64, SecBase64Decode
	TrustKitIOS                         // TSKPublicKeyHashes, -[NSData initWithBase64EncodedString:options:0]
)

var platformNames = [...]string{"", "strict", "okhttp", "nsc", "trustkit-android", "ats", "trustkit-ios"}

func (p Platform) String() string {
	if int(p) < len(platformNames) && p != 0 {
		return platformNames[p]
	}
	return fmt.Sprintf("Platform(%d)", p)
}

// Digest lengths.
const (
	SHA256Len = 32
	SHA1Len   = 20
)

// Algorithms named by [Digest.Alg].
const (
	SHA256 = "sha256"
	SHA1   = "sha1"
)

// Digest is a decoded pin.
type Digest struct {
	Alg string // SHA256 or SHA1 (OkHttp only)
	Raw []byte
}

// Sentinel errors wrapped by [Error].
var (
	ErrEmpty  = errors.New("empty pin")
	ErrPrefix = errors.New("unsupported or missing algorithm prefix")
	ErrBase64 = errors.New("invalid base64")
	ErrLength = errors.New("wrong digest length")
)

// Error says why a platform does not accept a pin. Len is the decoded
// length when Err is [ErrLength].
type Error struct {
	Platform Platform
	Value    string
	Err      error
	Len      int
	msg      string
}

func (e *Error) Error() string { return e.msg }

// Unwrap returns one of the sentinel errors.
func (e *Error) Unwrap() error { return e.Err }

// subject is how each platform's errors name the value.
func (p Platform) subject() string {
	switch p {
	case NSC:
		return "<pin>"
	case ATS:
		return "SPKI-SHA256-BASE64"
	}
	return "pin"
}

func newError(p Platform, s string, sentinel error, reason string) *Error {
	return &Error{Platform: p, Value: s, Err: sentinel, msg: fmt.Sprintf("%s %q: %s", p.subject(), s, reason)}
}

func lengthError(p Platform, s string, got, want int) *Error {
	alg := "SHA-256"
	if want == SHA1Len {
		alg = "SHA-1"
	}
	e := newError(p, s, ErrLength, fmt.Sprintf("decodes to %d bytes, want %d (%s)", got, want, alg))
	e.Len = got
	return e
}

// Parse decodes s as platform p reads a pin and checks the digest length.
// On error the Digest still names the algorithm when the prefix was
// recognised, and the error is an [*Error].
func Parse(p Platform, s string) (Digest, error) {
	switch p {
	case Strict:
		return parseStrict(s)
	case OkHttp:
		return parseOkHttp(s)
	case NSC, TrustKitAndroid:
		return parseBare(p, s, decodeAndroid)
	case ATS:
		return parseBare(p, s, decodeSecBase64)
	case TrustKitIOS:
		return parseBare(p, s, decodeFoundation)
	}
	return Digest{}, newError(p, s, ErrPrefix, "unknown platform "+p.String())
}

func parseBare(p Platform, s string, decode func(string) ([]byte, error)) (Digest, error) {
	d := Digest{Alg: SHA256}
	if s == "" {
		return d, &Error{Platform: p, Err: ErrEmpty, msg: p.subject() + " is empty"}
	}
	raw, err := decode(s)
	if err != nil {
		return d, newError(p, s, ErrBase64, "invalid base64: "+err.Error())
	}
	if len(raw) != SHA256Len {
		return d, lengthError(p, s, len(raw), SHA256Len)
	}
	d.Raw = raw
	return d, nil
}

func parseOkHttp(s string) (Digest, error) {
	var d Digest
	var b64 string
	want := SHA256Len
	switch {
	case strings.HasPrefix(s, "sha256/"):
		d.Alg, b64 = SHA256, s[len("sha256/"):]
	case strings.HasPrefix(s, "sha1/"):
		d.Alg, b64, want = SHA1, s[len("sha1/"):], SHA1Len
	case s == "":
		return d, &Error{Platform: OkHttp, Err: ErrEmpty, msg: "empty pin: want sha256/<base64>"}
	default:
		return d, newError(OkHttp, s, ErrPrefix, "pins must start with 'sha256/' or 'sha1/'")
	}
	raw, err := decodeOkio(b64)
	if err != nil {
		return d, newError(OkHttp, s, ErrBase64, "invalid base64: "+err.Error())
	}
	if len(raw) != want {
		return d, lengthError(OkHttp, s, len(raw), want)
	}
	d.Raw = raw
	return d, nil
}
