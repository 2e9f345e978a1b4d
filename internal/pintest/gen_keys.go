//go:build ignore

// gen_keys.go writes testdata/keys.pem, the fixed private keys pintest builds
// its certificates from. Committed keys keep tests fast (RSA-4096/8192
// generation takes seconds to minutes) and pins stable across runs.
//
//	go run gen_keys.go
package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"log"
	"os"
)

func main() {
	counts := []struct {
		name string
		n    int
		gen  func() (crypto.Signer, error)
	}{
		{"p256", 10, func() (crypto.Signer, error) { return ecdsa.GenerateKey(elliptic.P256(), rand.Reader) }},
		{"p384", 3, func() (crypto.Signer, error) { return ecdsa.GenerateKey(elliptic.P384(), rand.Reader) }},
		{"p521", 3, func() (crypto.Signer, error) { return ecdsa.GenerateKey(elliptic.P521(), rand.Reader) }},
		{"ed25519", 3, func() (crypto.Signer, error) { _, k, err := ed25519.GenerateKey(rand.Reader); return k, err }},
		{"rsa2048", 4, func() (crypto.Signer, error) { return rsa.GenerateKey(rand.Reader, 2048) }},
		{"rsa4096", 2, func() (crypto.Signer, error) { return rsa.GenerateKey(rand.Reader, 4096) }},
		{"rsa8192", 1, func() (crypto.Signer, error) { return rsa.GenerateKey(rand.Reader, 8192) }},
	}
	f, err := os.Create("testdata/keys.pem")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	for _, c := range counts {
		for i := range c.n {
			k, err := c.gen()
			if err != nil {
				log.Fatal(err)
			}
			der, err := x509.MarshalPKCS8PrivateKey(k)
			if err != nil {
				log.Fatal(err)
			}
			name := fmt.Sprintf("%s-%d", c.name, i)
			b := &pem.Block{Type: "PRIVATE KEY", Headers: map[string]string{"Name": name}, Bytes: der}
			if err := pem.Encode(f, b); err != nil {
				log.Fatal(err)
			}
			log.Printf("generated %s", name)
		}
	}
}
