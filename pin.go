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
	"fmt"

	"github.com/pinkit/pinkit/internal/pinfmt"
)

// Pin is the SHA-256 digest of a DER-encoded SubjectPublicKeyInfo.
type Pin [sha256.Size]byte

const pinPrefix = "sha256/"

// ParsePin parses a pin written "sha256/<base64>", where the base64 is the
// standard, padded alphabet and decodes to exactly 32 bytes.
func ParsePin(s string) (Pin, error) {
	var p Pin
	d, err := pinfmt.Parse(pinfmt.Strict, s)
	if err != nil {
		return p, err
	}
	copy(p[:], d.Raw)
	return p, nil
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
