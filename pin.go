// Package pin enforces identity pinning (public-key pinning) for Go TLS
// clients.
//
// Most users build a [Policy] with [NewPolicy] and use [Policy.Transport] or
// [Policy.TLSConfig]:
//
//	p, err := pin.NewPolicy(
//		pin.Host("api.example.com", "sha256/AAAA…=", "sha256/BBBB…="),
//		pin.Domain("example.com", "sha256/CCCC…=", "sha256/DDDD…="),
//	)
//	client := &http.Client{Transport: p.Transport(nil)}
//
// # Pins
//
// A [Pin] is the SHA-256 digest of a certificate's DER-encoded
// SubjectPublicKeyInfo, written "sha256/<standard padded base64>" as in
// OkHttp and RFC 7469. Pins are matched against the verified chains that
// crypto/tls built, never against the certificates the server sent, and
// the check runs in [tls.Config.VerifyConnection], so resumed sessions are
// checked too.
//
// # Rules
//
// [Host] pins one host, [Domain] a host and its subdomains. An exact Host
// rule beats the longest matching Domain rule; rules are never merged.
// Enforcing rules need a backup pin. See docs/library.md for the full
// semantics, reports and events.
package pin

import (
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// Pin is the SHA-256 digest of a DER-encoded SubjectPublicKeyInfo.
type Pin [sha256.Size]byte

const pinPrefix = "sha256/"

// ParsePin parses a pin written "sha256/<base64>", where the base64 is the
// standard, padded alphabet and decodes to exactly 32 bytes.
func ParsePin(s string) (Pin, error) {
	var p Pin
	b64, ok := strings.CutPrefix(s, pinPrefix)
	if !ok {
		return p, parsePinError(s)
	}
	if i := strings.IndexFunc(b64, notBase64); i >= 0 {
		return p, fmt.Errorf("pin %q: invalid standard base64: character %q at offset %d", s, b64[i], i)
	}
	raw, err := base64.StdEncoding.Strict().DecodeString(b64)
	if err != nil {
		return p, fmt.Errorf("pin %q: invalid standard base64: %w", s, err)
	}
	if len(raw) != len(p) {
		return p, fmt.Errorf("pin %q: decodes to %d bytes, want %d (SHA-256)", s, len(raw), len(p))
	}
	copy(p[:], raw)
	return p, nil
}

// notBase64 reports whether r is outside the padded standard base64
// alphabet. encoding/base64 skips '\r' and '\n' even in strict mode; a pin
// never contains them.
func notBase64(r rune) bool {
	return !('A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '+' || r == '/' || r == '=')
}

// parsePinError explains why a string without the "sha256/" prefix is not a pin.
func parsePinError(s string) error {
	lower := strings.ToLower(s)
	switch {
	case s == "":
		return errors.New("empty pin: want sha256/<base64>")
	case strings.HasPrefix(lower, "sha1/"):
		return fmt.Errorf("pin %q: SHA-1 pins are not supported, use sha256/<base64>", s)
	case strings.HasPrefix(lower, "sha256/"):
		return fmt.Errorf("pin %q: prefix must be lower-case \"sha256/\"", s)
	case isHex(s):
		return fmt.Errorf("pin %q: looks like hex; pins are sha256/<base64> of the SPKI", s)
	default:
		return fmt.Errorf("pin %q: missing \"sha256/\" prefix", s)
	}
}

func isHex(s string) bool {
	s = strings.ReplaceAll(s, ":", "")
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// MustParsePin is like [ParsePin] but panics on error. It is meant for
// constants in tests and examples.
func MustParsePin(s string) Pin {
	p, err := ParsePin(s)
	if err != nil {
		panic(err)
	}
	return p
}

// String returns the pin as "sha256/<base64>"; ParsePin(p.String()) == p.
func (p Pin) String() string {
	return pinPrefix + p.Base64()
}

// Base64 returns the standard padded base64 of the digest, the form used
// by Android's Network Security Config and iOS's NSPinnedDomains.
func (p Pin) Base64() string {
	return base64.StdEncoding.EncodeToString(p[:])
}

// Hex returns the lower-case hex of the digest.
func (p Pin) Hex() string {
	return hex.EncodeToString(p[:])
}

// FromSPKI returns the pin of a DER-encoded SubjectPublicKeyInfo. Any key
// algorithm hashes, including ones crypto/x509 does not know.
func FromSPKI(spki []byte) Pin {
	return sha256.Sum256(spki)
}

// FromCertificate returns the pin of cert's public key.
func FromCertificate(cert *x509.Certificate) Pin {
	return FromSPKI(cert.RawSubjectPublicKeyInfo)
}

// FromPublicKey returns the pin of a public key supported by
// [x509.MarshalPKIXPublicKey].
func FromPublicKey(pub crypto.PublicKey) (Pin, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return Pin{}, fmt.Errorf("failed to marshal public key: %w", err)
	}
	return FromSPKI(der), nil
}
