//go:build ignore

// gen.go writes the committed test certificates of testdata/certs.
//
// Run it from the module root:
//
//	go run testdata/certs/gen.go
//
// The output is deterministic: keys are derived from fixed seeds (RSA primes
// are searched from a ChaCha8 stream, ECDSA scalars and Ed25519 seeds are
// hashes of a label) and every certificate is signed with RSA PKCS #1 v1.5 or
// Ed25519, which are deterministic. Re-running it rewrites identical files.
//
// pins.json holds the expected pin of every file, computed here from the
// public keys with x509.MarshalPKIXPublicKey + SHA-256, independently of
// package pin; cmd/pinkit's tests compare against it. No private key is
// written.
package main

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"log"
	"math/big"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"
)

var (
	notBefore = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	farFuture = time.Date(2099, 12, 31, 23, 59, 59, 0, time.UTC)
)

type node struct {
	cert *x509.Certificate
	key  crypto.Signer
}

func main() {
	out := flag.String("out", "testdata/certs", "output directory")
	flag.Parse()
	pins := map[string][]string{}
	write := func(name string, certs ...*x509.Certificate) {
		var buf bytes.Buffer
		for _, c := range certs {
			if filepath.Ext(name) == ".der" {
				buf.Write(c.Raw)
			} else {
				pem.Encode(&buf, &pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
			}
			pins[name] = append(pins[name], spkiPin(c.PublicKey))
		}
		check(os.WriteFile(filepath.Join(*out, name), buf.Bytes(), 0o644))
	}

	root := issue(nil, "root", rsaKey("root", 4096), ca("pinkit Test Root CA"), 1)
	inter := issue(root, "intermediate", rsaKey("intermediate", 2048), ca("pinkit Test Intermediate CA"), 2)
	leaf := issue(inter, "leaf", ecKey("leaf", elliptic.P256()), server("leaf.pinkit.test", "www.pinkit.test"), 3)
	p384 := issue(inter, "p384", ecKey("p384", elliptic.P384()), server("p384.pinkit.test"), 4)
	p521 := issue(inter, "p521", ecKey("p521", elliptic.P521()), server("p521.pinkit.test"), 5)
	ed := issue(inter, "ed25519", edKey("ed25519"), server("ed25519.pinkit.test"), 6)
	expired := server("expired.pinkit.test")
	expired.NotBefore, expired.NotAfter = time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	exp := issue(inter, "expired", ecKey("expired", elliptic.P256()), expired, 7)
	self := server()
	self.Subject = pkix.Name{CommonName: "self-signed.pinkit.test", Organization: []string{"pinkit test"}}
	selfSigned := issue(nil, "self", edKey("self"), self, 8)

	write("root.pem", root.cert)
	write("intermediate.pem", inter.cert)
	write("leaf.pem", leaf.cert)
	write("leaf.der", leaf.cert)
	write("chain.pem", leaf.cert, inter.cert, root.cert)
	write("leaf-p384.pem", p384.cert)
	write("leaf-p521.pem", p521.cert)
	write("leaf-ed25519.pem", ed.cert)
	write("expired.pem", exp.cert)
	write("self-signed.pem", selfSigned.cert)
	write("chain.p7b", leaf.cert, inter.cert, root.cert)
	check(os.WriteFile(filepath.Join(*out, "chain.p7b"), pkcs7(leaf.cert, inter.cert, root.cert), 0o644))

	j, err := json.MarshalIndent(pins, "", "  ")
	check(err)
	check(os.WriteFile(filepath.Join(*out, "pins.json"), append(j, '\n'), 0o644))
}

func ca(cn string) *x509.Certificate {
	return &x509.Certificate{
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"pinkit test"}},
		NotBefore:             notBefore,
		NotAfter:              farFuture,
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
}

func server(names ...string) *x509.Certificate {
	t := &x509.Certificate{
		NotBefore:             notBefore,
		NotAfter:              farFuture,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:              names,
	}
	if len(names) > 0 {
		t.Subject = pkix.Name{CommonName: names[0], Organization: []string{"pinkit test"}}
	}
	return t
}

// issue signs tmpl with parent's key (or self-signs when parent is nil).
func issue(parent *node, label string, key crypto.Signer, tmpl *x509.Certificate, serial int64) *node {
	tmpl.SerialNumber = big.NewInt(serial)
	h := sha256.Sum256([]byte("ski:" + label))
	tmpl.SubjectKeyId = h[:20]
	p, signer := tmpl, key
	if parent != nil {
		p, signer = parent.cert, parent.key
	}
	der, err := x509.CreateCertificate(stream("sign:"+label), tmpl, p, key.Public(), signer)
	check(err)
	c, err := x509.ParseCertificate(der)
	check(err)
	return &node{cert: c, key: key}
}

func stream(label string) *rand.ChaCha8 {
	return rand.NewChaCha8(sha256.Sum256([]byte(label)))
}

// rsaKey derives an RSA key from label by searching primes in a ChaCha8
// stream (rsa.GenerateKey ignores its reader since Go 1.26).
func rsaKey(label string, bits int) *rsa.PrivateKey {
	r := stream("rsa:" + label)
	e := big.NewInt(65537)
	for {
		p, q := prime(r, bits/2), prime(r, bits/2)
		n := new(big.Int).Mul(p, q)
		if p.Cmp(q) == 0 || n.BitLen() != bits {
			continue
		}
		phi := new(big.Int).Mul(new(big.Int).Sub(p, big.NewInt(1)), new(big.Int).Sub(q, big.NewInt(1)))
		d := new(big.Int).ModInverse(e, phi)
		if d == nil {
			continue
		}
		k := &rsa.PrivateKey{PublicKey: rsa.PublicKey{N: n, E: 65537}, D: d, Primes: []*big.Int{p, q}}
		check(k.Validate())
		k.Precompute()
		return k
	}
}

func prime(r *rand.ChaCha8, bits int) *big.Int {
	buf := make([]byte, bits/8)
	for {
		r.Read(buf)
		buf[0] |= 0xC0 // top two bits: p*q has exactly 2*bits bits
		buf[len(buf)-1] |= 1
		p := new(big.Int).SetBytes(buf)
		if p.ProbablyPrime(32) {
			return p
		}
	}
}

func ecKey(label string, curve elliptic.Curve) *ecdsa.PrivateKey {
	size := (curve.Params().BitSize + 7) / 8
	for i := 0; ; i++ {
		seed := make([]byte, 0, size+64)
		for j := 0; len(seed) < size; j++ {
			h := sha256.Sum256(fmt.Appendf(nil, "ec:%s:%d:%d", label, i, j))
			seed = append(seed, h[:]...)
		}
		seed = seed[:size]
		if curve == elliptic.P521() {
			seed[0] &= 1 // 521 bits
		}
		if k, err := ecdsa.ParseRawPrivateKey(curve, seed); err == nil {
			return k
		}
	}
}

func edKey(label string) ed25519.PrivateKey {
	h := sha256.Sum256([]byte("ed25519:" + label))
	return ed25519.NewKeyFromSeed(h[:])
}

// spkiPin is the pin computed without package pin: SHA-256 over the
// re-marshalled SubjectPublicKeyInfo.
func spkiPin(pub crypto.PublicKey) string {
	der, err := x509.MarshalPKIXPublicKey(pub)
	check(err)
	sum := sha256.Sum256(der)
	return "sha256/" + base64.StdEncoding.EncodeToString(sum[:])
}

// pkcs7 returns a degenerate (certificates-only) PKCS #7 SignedData, the
// DER form of a .p7b file.
func pkcs7(certs ...*x509.Certificate) []byte {
	var all []byte
	for _, c := range certs {
		all = append(all, c.Raw...)
	}
	emptySet := asn1.RawValue{Tag: asn1.TagSet, IsCompound: true}
	sd, err := asn1.Marshal(struct {
		Version      int
		Digests      asn1.RawValue
		ContentInfo  struct{ Type asn1.ObjectIdentifier }
		Certificates asn1.RawValue
		SignerInfos  asn1.RawValue
	}{
		Version:      1,
		Digests:      emptySet,
		ContentInfo:  struct{ Type asn1.ObjectIdentifier }{asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}},
		Certificates: asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: all},
		SignerInfos:  emptySet,
	})
	check(err)
	ci, err := asn1.Marshal(struct {
		Type    asn1.ObjectIdentifier
		Content asn1.RawValue
	}{
		Type:    asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2},
		Content: asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: sd},
	})
	check(err)
	return ci
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
