package pin_test

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"strings"
	"testing"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/internal/pintest"
)

func TestParsePin(t *testing.T) {
	t.Parallel()
	valid := "sha256/" + strings.Repeat("A", 42) + "E="
	tests := []struct {
		name, in, wantErr string
	}{
		{"valid", valid, ""},
		{"openssl vector", "sha256/BxT6OCtJAQAFcXVk0HtXpa8r2peknlx2Cjh2ajs2xZ4=", ""},
		{"empty", "", "empty pin"},
		{"sha1", "sha1/" + strings.Repeat("A", 27) + "=", "SHA-1 pins are not supported"},
		{"upper-case prefix", "SHA256/" + valid[7:], "lower-case"},
		{"hex", strings.Repeat("ab", 32), "looks like hex"},
		{"hex with colons", strings.TrimSuffix(strings.Repeat("ab:", 32), ":"), "looks like hex"},
		{"no prefix", valid[7:], "missing \"sha256/\" prefix"},
		{"unpadded", strings.TrimSuffix(valid, "="), "invalid standard base64"},
		{"url alphabet", "sha256/" + strings.Repeat("_", 43) + "=", "invalid standard base64"},
		{"20 bytes", "sha256/" + strings.Repeat("A", 27) + "=", "decodes to 20 bytes"},
		{"48 bytes", "sha256/" + strings.Repeat("A", 64), "decodes to 48 bytes"},
		{"trailing space", valid + " ", "invalid standard base64"},
		{"newline inside", valid[:20] + "\n" + valid[20:], "invalid standard base64"},
		{"non-canonical padding bits", "sha256/" + strings.Repeat("A", 42) + "F=", "invalid standard base64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := pin.ParsePin(tt.in)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("ParsePin(%q) = %v", tt.in, err)
				}
				if p.String() != tt.in {
					t.Fatalf("String() = %q, want %q", p.String(), tt.in)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("ParsePin(%q) error = %v, want it to contain %q", tt.in, err, tt.wantErr)
			}
		})
	}
}

func TestPinEncodings(t *testing.T) {
	t.Parallel()
	p := pin.MustParsePin("sha256/BxT6OCtJAQAFcXVk0HtXpa8r2peknlx2Cjh2ajs2xZ4=")
	if got := p.Base64(); got != "BxT6OCtJAQAFcXVk0HtXpa8r2peknlx2Cjh2ajs2xZ4=" {
		t.Errorf("Base64() = %q", got)
	}
	if got := p.Hex(); got != "0714fa382b49010005717564d07b57a5af2bda97a49e5c760a38766a3b36c59e" {
		t.Errorf("Hex() = %q", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("MustParsePin did not panic on a bad pin")
		}
	}()
	pin.MustParsePin("sha256/AAAA")
}

// opensslPins were computed outside Go from testdata/keys.pem with
// `openssl pkey -pubout -outform DER | openssl dgst -sha256 -binary | base64`.
var opensslPins = map[pintest.KeyType]string{
	pintest.P256:    "BxT6OCtJAQAFcXVk0HtXpa8r2peknlx2Cjh2ajs2xZ4=",
	pintest.P384:    "u9oyhKFOW7NzDFSxHD28friQCxz9a4ZBmJ0MiRXHdCE=",
	pintest.P521:    "8VI5t9whmzGbEgotJWLJ5TfpEibhdeVZph24yb/DNNE=",
	pintest.Ed25519: "TNrKo4aHgvZqEVW6sHETQhf8qqBREMrIkDiJWMPzDbw=",
	pintest.RSA2048: "PPDxQatrQMs9+c12SxSC9GC58O0s6SZPoWDlDnD0DNY=",
	pintest.RSA4096: "5HtwlE3ngj3RBDjrGGA3F8Sp1q0EUq2eLhu8W5e0n/k=",
	pintest.RSA8192: "m1ugTjX8RYqzZSjes12qYeQk2wTmx3himcJhkK6qRjI=",
}

func TestFromCertificateAllKeyTypes(t *testing.T) {
	t.Parallel()
	for _, kt := range pintest.KeyTypes {
		t.Run(string(kt), func(t *testing.T) {
			t.Parallel()
			key := pintest.Key(t, kt, 0)
			cert := pintest.SelfSigned(t, key, "key.example")
			fromCert := pin.FromCertificate(cert)
			fromKey, err := pin.FromPublicKey(key.Public())
			if err != nil {
				t.Fatal(err)
			}
			if fromCert != fromKey {
				t.Errorf("FromCertificate = %s, FromPublicKey = %s", fromCert, fromKey)
			}
			if got, want := fromCert.Base64(), opensslPins[kt]; got != want {
				t.Errorf("pin = %s, openssl says %s", got, want)
			}
		})
	}
}

func TestFromPublicKeyUnsupported(t *testing.T) {
	t.Parallel()
	if _, err := pin.FromPublicKey("not a key"); err == nil ||
		!strings.HasPrefix(err.Error(), "failed to marshal public key") {
		t.Fatalf("FromPublicKey(string) error = %v", err)
	}
}

// unknownKeyCert wraps pintest.UnknownKeyCertificate.
func unknownKeyCert(t *testing.T) (*x509.Certificate, []byte) {
	t.Helper()
	return pintest.UnknownKeyCertificate(t)
}

func TestFromCertificateUnknownAlgorithm(t *testing.T) {
	t.Parallel()
	cert, spki := unknownKeyCert(t)
	if cert.PublicKeyAlgorithm != x509.UnknownPublicKeyAlgorithm {
		t.Fatalf("PublicKeyAlgorithm = %v, want unknown", cert.PublicKeyAlgorithm)
	}
	var alg struct {
		Algorithm struct{ OID asn1.ObjectIdentifier }
		Key       asn1.BitString
	}
	if _, err := asn1.Unmarshal(spki, &alg); err != nil || alg.Algorithm.OID.String() != "1.3.101.113" {
		t.Fatalf("SPKI OID = %v (%v), want 1.3.101.113", alg.Algorithm.OID, err)
	}
	want := pin.Pin(sha256.Sum256(spki))
	if got := pin.FromCertificate(cert); got != want {
		t.Fatalf("FromCertificate = %s, want %s", got, want)
	}
	if pin.FromSPKI(spki) != want {
		t.Fatal("FromSPKI disagrees with FromCertificate")
	}
}
