package certio

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const certsDir = "../../testdata/certs"

func readT(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(certsDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// pinsOf hashes the certificates' SubjectPublicKeyInfo, as pins.json does.
func pinsOf(certs []*x509.Certificate) []string {
	var out []string
	for _, c := range certs {
		h := sha256.Sum256(c.RawSubjectPublicKeyInfo)
		out = append(out, "sha256/"+base64.StdEncoding.EncodeToString(h[:]))
	}
	return out
}

// golden returns the expected pins of every committed file (pins.json is
// computed by gen.go from the keys, independently of this package).
func golden(t *testing.T) map[string][]string {
	var m map[string][]string
	if err := json.Unmarshal(readT(t, "pins.json"), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// Every committed certificate file parses to the pins gen.go recorded.
func TestParseCommittedFiles(t *testing.T) {
	t.Parallel()
	for name, want := range golden(t) {
		certs, err := Parse(readT(t, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got := pinsOf(certs); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: pins %v, want %v", name, got, want)
		}
	}
}

func pemBlock(typ string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}

func TestParse(t *testing.T) {
	t.Parallel()
	g := golden(t)
	chain, err := Parse(readT(t, "chain.pem"))
	if err != nil {
		t.Fatal(err)
	}
	leaf, inter := chain[0].Raw, chain[1].Raw
	p7b := readT(t, "chain.p7b")
	chainPins := g["chain.pem"]
	key := pemBlock("PRIVATE KEY", []byte{1, 2, 3})
	notSigned := append([]byte{0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01}, 0xa0, 0x00)
	tests := []struct {
		name    string
		data    []byte
		pins    []string // nil: an error is expected
		errPart string
	}{
		{"DER concatenated", append(append([]byte{}, leaf...), inter...), chainPins[:2], ""},
		{"PEM PKCS7 block", pemBlock("PKCS7", p7b), chainPins, ""},
		{"X509 CERTIFICATE block", pemBlock("X509 CERTIFICATE", leaf), chainPins[:1], ""},
		{"key block skipped", append(append([]byte{}, key...), pemBlock("CERTIFICATE", leaf)...), chainPins[:1], ""},
		{"CRLF PEM", bytes.ReplaceAll(pemBlock("CERTIFICATE", leaf), []byte("\n"), []byte("\r\n")), chainPins[:1], ""},
		{"text around PEM", append([]byte("subject=CN=leaf\n"), pemBlock("CERTIFICATE", leaf)...), chainPins[:1], ""},
		{"empty", nil, nil, "empty, want a PEM or DER certificate"},
		{"blank", []byte(" \n\t"), nil, "empty, want a PEM or DER certificate"},
		{"text", []byte("hello\n"), nil, "not a certificate: no PEM block and not DER"},
		{"binary", []byte{0xff, 0x00, 0x01}, nil, "not a certificate: not PEM, DER or PKCS #7 ("},
		{"only a key", key, nil, "no CERTIFICATE in PEM (found PRIVATE KEY)"},
		{"truncated PEM", append(pemBlock("CERTIFICATE", leaf), []byte("-----BEGIN CERTIFICATE-----\nMIIB")...), nil,
			"truncated or malformed PEM: only 1 of 2 blocks are complete"},
		{"bad certificate block", pemBlock("CERTIFICATE", []byte{0x30, 0x00}), nil, "PEM block 1: not a valid certificate: "},
		{"PKCS7 not SignedData", notSigned, nil, "not a certificate: not PEM, DER or PKCS #7"},
		{"PEM PKCS7 not SignedData", pemBlock("PKCS7", notSigned), nil, "PEM block 1: PKCS #7 is not SignedData"},
		{"PEM PKCS7 garbage", pemBlock("PKCS7", []byte{1, 2}), nil, "PEM block 1: not a PKCS #7 structure"},
	}
	for _, tt := range tests {
		certs, err := Parse(tt.data)
		if tt.pins == nil {
			if err == nil || !strings.Contains(err.Error(), tt.errPart) {
				t.Errorf("%s: err = %v, want %q", tt.name, err, tt.errPart)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got := pinsOf(certs); strings.Join(got, " ") != strings.Join(tt.pins, " ") {
			t.Errorf("%s: pins %v, want %v", tt.name, got, tt.pins)
		}
	}
}

// OpenSSL's own encodings of the committed chain (DER, PKCS #7 from
// crl2pkcs7, in PEM and DER) give the same pins.
func TestParseOpenSSLOutput(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl not installed")
	}
	chainPEM := filepath.Join(certsDir, "chain.pem")
	want := golden(t)["chain.pem"]
	for _, tc := range []struct {
		args []string
		pins []string
	}{
		{[]string{"x509", "-in", chainPEM, "-outform", "DER"}, want[:1]},
		{[]string{"crl2pkcs7", "-nocrl", "-certfile", chainPEM}, want},
		{[]string{"crl2pkcs7", "-nocrl", "-certfile", chainPEM, "-outform", "DER"}, want},
	} {
		out, err := exec.Command("openssl", tc.args...).Output()
		if err != nil {
			t.Fatalf("openssl %v: %v", tc.args, err)
		}
		certs, err := Parse(out)
		if err != nil {
			t.Errorf("openssl %v: %v", tc.args, err)
			continue
		}
		if got := pinsOf(certs); strings.Join(got, " ") != strings.Join(tc.pins, " ") {
			t.Errorf("openssl %v: pins %v, want %v", tc.args, got, tc.pins)
		}
	}
}

// FuzzParse: never panic, success means at least one certificate, and
// errors are one line.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(certsDir, "*"))
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil && !strings.HasSuffix(file, ".go") {
			f.Add(data)
		}
	}
	f.Add([]byte("-----BEGIN CERTIFICATE-----\n"))
	f.Add(pemBlock("PKCS7", []byte{0x30, 0x03, 0x06, 0x01, 0x00}))
	f.Fuzz(func(t *testing.T, data []byte) {
		certs, err := Parse(data)
		if err == nil && len(certs) == 0 {
			t.Fatal("no error and no certificate")
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Fatalf("multi-line error %q", err)
		}
	})
}
