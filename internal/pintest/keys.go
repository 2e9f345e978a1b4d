// Package pintest builds deterministic certificate chains and TLS servers
// on 127.0.0.1 for testing certificate pinning.
//
// Keys come from testdata/keys.pem (remade with `go run gen_keys.go`), so
// pins are stable across runs; certificates use fixed serials and validity
// (2025-01-01 to 2035-01-01). Helpers take a testing.TB and fail it on
// error.
package pintest

import (
	"crypto"
	"crypto/x509"
	_ "embed"
	"encoding/pem"
	"fmt"
	"sync"
	"testing"
)

// KeyType names a key algorithm and size.
type KeyType string

// The key types pintest has keys for.
const (
	RSA2048 KeyType = "rsa2048"
	RSA4096 KeyType = "rsa4096"
	RSA8192 KeyType = "rsa8192"
	P256    KeyType = "p256"
	P384    KeyType = "p384"
	P521    KeyType = "p521"
	Ed25519 KeyType = "ed25519"
)

// KeyTypes lists every KeyType, cheapest first.
var KeyTypes = []KeyType{P256, P384, P521, Ed25519, RSA2048, RSA4096, RSA8192}

//go:embed testdata/keys.pem
var keysPEM []byte

// parsedKeys parses keys.pem once; parsing RSA-8192 is not free.
var parsedKeys = sync.OnceValues(func() (map[string]crypto.Signer, error) {
	keys := map[string]crypto.Signer{}
	rest := keysPEM
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			return keys, nil
		}
		k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("keys.pem: key %q: %w", b.Headers["Name"], err)
		}
		keys[b.Headers["Name"]] = k.(crypto.Signer)
	}
})

// Key returns the i-th fixed key of type kt. There are at least 10 P256
// keys, 3 of P384, P521 and Ed25519, 4 RSA2048, 2 RSA4096 and 1 RSA8192.
func Key(tb testing.TB, kt KeyType, i int) crypto.Signer {
	tb.Helper()
	keys, err := parsedKeys()
	if err != nil {
		tb.Fatal(err)
	}
	k, ok := keys[fmt.Sprintf("%s-%d", kt, i)]
	if !ok {
		tb.Fatalf("pintest: no key %s-%d in testdata/keys.pem", kt, i)
	}
	return k
}
