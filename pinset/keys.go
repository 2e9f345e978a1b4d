package pinset

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
)

// Algorithm names a signing key type.
type Algorithm string

// The supported algorithms. ECDSA P-256 signatures are over SHA-256 of the
// payload and ASN.1 DER encoded (Java's SHA256withECDSA, Apple's
// ecdsaSignatureMessageX962SHA256); Ed25519 is pure Ed25519 (RFC 8032).
const (
	Ed25519   Algorithm = "ed25519"
	ECDSAP256 Algorithm = "ecdsa-p256"
)

// PublicKey is a verification key of a root of trust.
type PublicKey struct {
	// ID is the lower-case hex SHA-256 of SPKI.
	ID string
	// SPKI is the DER SubjectPublicKeyInfo.
	SPKI []byte
	// Algorithm is Ed25519 or ECDSAP256.
	Algorithm Algorithm
	key       crypto.PublicKey
}

// KeyID returns the key ID of a DER SubjectPublicKeyInfo: the lower-case
// hex of its SHA-256.
func KeyID(spki []byte) string {
	sum := sha256.Sum256(spki)
	return hex.EncodeToString(sum[:])
}

// ParsePublicKey parses a DER SubjectPublicKeyInfo holding an Ed25519 or
// ECDSA P-256 key in its one canonical encoding (an uncompressed point).
func ParsePublicKey(spki []byte) (PublicKey, error) {
	k, err := x509.ParsePKIXPublicKey(spki)
	if err != nil {
		return PublicKey{}, fmt.Errorf("failed to parse public key: %w", err)
	}
	pk := PublicKey{ID: KeyID(spki), SPKI: bytes.Clone(spki), key: k}
	switch k := k.(type) {
	case ed25519.PublicKey:
		pk.Algorithm = Ed25519
	case *ecdsa.PublicKey:
		if k.Curve != elliptic.P256() {
			return PublicKey{}, fmt.Errorf("ECDSA key on %s: only P-256 is supported", k.Curve.Params().Name)
		}
		pk.Algorithm = ECDSAP256
	default:
		return PublicKey{}, fmt.Errorf("%T keys are not supported: use Ed25519 or ECDSA P-256", k)
	}
	// Only one encoding per key, so one key cannot hold two key IDs.
	if again, err := x509.MarshalPKIXPublicKey(k); err != nil || !bytes.Equal(again, spki) {
		return PublicKey{}, errors.New("public key is not in its canonical DER encoding")
	}
	return pk, nil
}

// verify reports whether sig is a valid signature of msg by k.
func (k PublicKey) verify(msg, sig []byte) bool {
	switch key := k.key.(type) {
	case ed25519.PublicKey:
		return ed25519.Verify(key, msg, sig)
	case *ecdsa.PublicKey:
		if !strictECDSASignature(sig) {
			return false
		}
		h := sha256.Sum256(msg)
		return ecdsa.VerifyASN1(key, h[:], sig)
	}
	return false
}

// p256N is the order of P-256.
var p256N = elliptic.P256().Params().N

// strictECDSASignature accepts only DER SEQUENCE { INTEGER r, INTEGER s }
// with minimal encodings and 0 < r, s < n — the check that Java 15 to 18
// missed (CVE-2022-21449), written down so that every verifier agrees.
func strictECDSASignature(sig []byte) bool {
	var rs struct{ R, S *big.Int }
	rest, err := asn1.Unmarshal(sig, &rs)
	if err != nil || len(rest) != 0 {
		return false
	}
	// encoding/asn1 refuses non-minimal lengths and integers; re-encoding
	// catches any other liberty (such as an indefinite length).
	again, err := asn1.Marshal(rs)
	if err != nil || !bytes.Equal(again, sig) {
		return false
	}
	r, s := rs.R, rs.S
	return r.Sign() > 0 && s.Sign() > 0 && r.Cmp(p256N) < 0 && s.Cmp(p256N) < 0
}

// PrivateKey is a signing key.
type PrivateKey struct {
	signer crypto.Signer
	public PublicKey
}

// GenerateKey makes a new signing key.
func GenerateKey(alg Algorithm) (*PrivateKey, error) {
	var s crypto.Signer
	var err error
	switch alg {
	case Ed25519:
		_, s, err = ed25519.GenerateKey(rand.Reader)
	case ECDSAP256:
		s, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	default:
		return nil, fmt.Errorf("unknown algorithm %q: want %q or %q", alg, Ed25519, ECDSAP256)
	}
	if err != nil {
		return nil, fmt.Errorf("failed to generate key: %w", err)
	}
	return NewPrivateKey(s)
}

// NewPrivateKey wraps an ed25519.PrivateKey or a P-256 *ecdsa.PrivateKey.
func NewPrivateKey(s crypto.Signer) (*PrivateKey, error) {
	spki, err := x509.MarshalPKIXPublicKey(s.Public())
	if err != nil {
		return nil, fmt.Errorf("failed to marshal public key: %w", err)
	}
	pub, err := ParsePublicKey(spki)
	if err != nil {
		return nil, err
	}
	return &PrivateKey{signer: s, public: pub}, nil
}

// Public returns the key's public half.
func (k *PrivateKey) Public() PublicKey { return k.public }

// sign signs msg as verify expects.
func (k *PrivateKey) sign(msg []byte) ([]byte, error) {
	switch s := k.signer.(type) {
	case ed25519.PrivateKey:
		return ed25519.Sign(s, msg), nil
	case *ecdsa.PrivateKey:
		h := sha256.Sum256(msg)
		return ecdsa.SignASN1(rand.Reader, s, h[:])
	}
	return nil, fmt.Errorf("unsupported key type %T", k.signer)
}

const pemType = "PRIVATE KEY"

// MarshalPEM encodes the key as a PKCS #8 "PRIVATE KEY" PEM block.
func (k *PrivateKey) MarshalPEM() ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(k.signer)
	if err != nil {
		return nil, fmt.Errorf("failed to marshal private key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: pemType, Bytes: der}), nil
}

// ParsePrivateKeyPEM parses a PKCS #8 "PRIVATE KEY" PEM block written by
// MarshalPEM (or openssl genpkey).
func ParsePrivateKeyPEM(data []byte) (*PrivateKey, error) {
	b, _ := pem.Decode(data)
	if b == nil || b.Type != pemType {
		return nil, fmt.Errorf("failed to parse private key: no %q PEM block", pemType)
	}
	k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
	if err != nil {
		return nil, fmt.Errorf("failed to parse private key: %w", err)
	}
	s, ok := k.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("failed to parse private key: %T cannot sign", k)
	}
	return NewPrivateKey(s)
}

// MarshalJSON writes the key as it appears in a root document:
// {"keyid":"…","public":"<base64 SPKI DER>"}.
func (k PublicKey) MarshalJSON() ([]byte, error) {
	return canonical(nil, k.entry())
}

func (k PublicKey) entry() object {
	return object{{"keyid", k.ID}, {"public", base64.StdEncoding.EncodeToString(k.SPKI)}}
}

// Sign signs payload, the exact bytes of a document's signed member, with
// the key's scheme. Most callers want SignPinSet, SignRoot or
// AddSignatures, which build the document around the signature.
func (k *PrivateKey) Sign(payload []byte) ([]byte, error) { return k.sign(payload) }
