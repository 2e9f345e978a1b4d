package pintest

import (
	"bytes"
	"crypto"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"testing"
	"time"
)

// NotBefore and NotAfter bound every certificate pintest makes.
var (
	NotBefore = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	NotAfter  = time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC)
)

// Issuer is a CA certificate and its key.
type Issuer struct {
	Cert *x509.Certificate
	Key  crypto.Signer
}

// serial derives a fixed positive serial number from a certificate's name.
func serial(name string) *big.Int {
	h := sha256.Sum256([]byte(name))
	return new(big.Int).SetBytes(h[:16])
}

// create signs template with parent's key (or self-signs when parent is nil).
func create(tb testing.TB, tmpl *x509.Certificate, key crypto.Signer, parent *Issuer) *x509.Certificate {
	tb.Helper()
	tmpl.NotBefore, tmpl.NotAfter = NotBefore, NotAfter
	spki, err := x509.MarshalPKIXPublicKey(key.Public())
	if err != nil {
		tb.Fatalf("pintest: failed to marshal key of %q: %v", tmpl.Subject.CommonName, err)
	}
	tmpl.SerialNumber = serial(tmpl.Subject.CommonName + "\x00" + string(spki))
	parentCert, signer := tmpl, key
	if parent != nil {
		parentCert, signer = parent.Cert, parent.Key
	}
	der, err := x509.CreateCertificate(nil, tmpl, parentCert, key.Public(), signer)
	if err != nil {
		tb.Fatalf("pintest: failed to create %q: %v", tmpl.Subject.CommonName, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatalf("pintest: failed to parse %q: %v", tmpl.Subject.CommonName, err)
	}
	return cert
}

func caTemplate(cn string) *x509.Certificate {
	return &x509.Certificate{
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"pintest"}},
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
}

// Root makes a self-signed root CA named cn.
func Root(tb testing.TB, cn string, key crypto.Signer) *Issuer {
	tb.Helper()
	return &Issuer{Cert: create(tb, caTemplate(cn), key, nil), Key: key}
}

// Intermediate makes an intermediate CA named cn signed by i.
func (i *Issuer) Intermediate(tb testing.TB, cn string, key crypto.Signer) *Issuer {
	tb.Helper()
	return &Issuer{Cert: create(tb, caTemplate(cn), key, i), Key: key}
}

func leafTemplate(dnsNames []string) *x509.Certificate {
	cn := "leaf"
	if len(dnsNames) > 0 {
		cn = dnsNames[0]
	}
	return &x509.Certificate{
		Subject:     pkix.Name{CommonName: cn},
		DNSNames:    dnsNames,
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
}

// Leaf makes a server certificate for dnsNames signed by i.
func (i *Issuer) Leaf(tb testing.TB, key crypto.Signer, dnsNames ...string) *x509.Certificate {
	tb.Helper()
	return create(tb, leafTemplate(dnsNames), key, i)
}

// SelfSigned makes a self-signed server certificate for dnsNames.
func SelfSigned(tb testing.TB, key crypto.Signer, dnsNames ...string) *x509.Certificate {
	tb.Helper()
	return create(tb, leafTemplate(dnsNames), key, nil)
}

// Chain is what a server sends: certificates leaf first, and the leaf's key.
type Chain struct {
	Certs []*x509.Certificate
	Key   crypto.Signer
}

// Append returns a copy of c with extra certificates appended to the
// served chain (as in CVE-2016-2402).
func (c Chain) Append(certs ...*x509.Certificate) Chain {
	out := Chain{Key: c.Key, Certs: append([]*x509.Certificate(nil), c.Certs...)}
	out.Certs = append(out.Certs, certs...)
	return out
}

// TLSCertificate returns c for tls.Config.Certificates.
func (c Chain) TLSCertificate() tls.Certificate {
	tc := tls.Certificate{PrivateKey: c.Key, Leaf: c.Certs[0]}
	for _, cert := range c.Certs {
		tc.Certificate = append(tc.Certificate, cert.Raw)
	}
	return tc
}

// Pool returns a cert pool holding certs.
func Pool(certs ...*x509.Certificate) *x509.CertPool {
	p := x509.NewCertPool()
	for _, c := range certs {
		p.AddCert(c)
	}
	return p
}

// UnknownKeyCertificate returns a certificate whose SubjectPublicKeyInfo
// names an algorithm crypto/x509 does not know (Ed448, OID 1.3.101.113),
// and that SPKI's DER. It is made by rewriting the Ed25519 OID
// (1.3.101.112) of a real self-signed certificate, so its signature no
// longer verifies: it is for testing SPKI hashing, not handshakes.
func UnknownKeyCertificate(tb testing.TB) (*x509.Certificate, []byte) {
	tb.Helper()
	cert := SelfSigned(tb, Key(tb, Ed25519, 0), "unknown-key.example")
	ed25519OID := []byte{0x06, 0x03, 0x2b, 0x65, 0x70}
	der := bytes.Clone(cert.Raw)
	spkiAt := bytes.Index(der, cert.RawSubjectPublicKeyInfo)
	if spkiAt < 0 {
		tb.Fatal("pintest: no SPKI in certificate")
	}
	oidAt := bytes.Index(der[spkiAt:], ed25519OID)
	if oidAt < 0 {
		tb.Fatal("pintest: no Ed25519 OID in SPKI")
	}
	der[spkiAt+oidAt+4] = 0x71
	parsed, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatalf("pintest: failed to parse rewritten certificate: %v", err)
	}
	return parsed, bytes.Clone(parsed.RawSubjectPublicKeyInfo)
}
