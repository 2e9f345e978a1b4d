package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// runCLI runs the command line in-process.
func runCLI(t *testing.T, stdin []byte, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, bytes.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// pinJSON runs "pin --format json" and returns the pins it printed.
func pinJSON(t *testing.T, args ...string) []certInfo {
	t.Helper()
	code, out, errs := runCLI(t, nil, append([]string{"pin", "--format", "json"}, args...)...)
	if code != exitOK {
		t.Fatalf("pinkit pin %v: exit %d, stderr %q", args, code, errs)
	}
	var certs []certInfo
	if err := json.Unmarshal([]byte(out), &certs); err != nil {
		t.Fatalf("pinkit pin %v: bad JSON: %v\n%s", args, err, out)
	}
	return certs
}

func pinsOf(certs []certInfo) []string {
	var out []string
	for _, c := range certs {
		out = append(out, c.Pin)
	}
	return out
}

// spkiPin computes a pin without package pin.
func spkiPin(t *testing.T, pub any) string {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(der)
	return "sha256/" + base64.StdEncoding.EncodeToString(sum[:])
}

func goldenPins(t *testing.T) map[string][]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(certsDir, "pins.json"))
	if err != nil {
		t.Fatal(err)
	}
	var golden map[string][]string
	if err := json.Unmarshal(data, &golden); err != nil {
		t.Fatal(err)
	}
	if len(golden) < 5 {
		t.Fatalf("pins.json lists %d files", len(golden))
	}
	return golden
}

// TestGoldenPins checks pins.json (written by gen.go from the public keys)
// against the committed files parsed with crypto/x509 directly, against
// "pinkit pin", and against openssl when it is installed.
func TestGoldenPins(t *testing.T) {
	t.Parallel()
	_, opensslErr := exec.LookPath("openssl")
	for file, want := range goldenPins(t) {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(certsDir, file)
			if got := pinsOf(pinJSON(t, path)); !slices.Equal(got, want) {
				t.Errorf("pinkit pin %s = %v, golden %v", file, got, want)
			}
			if filepath.Ext(file) == ".p7b" {
				return
			}
			if got := stdlibPins(t, path); !slices.Equal(got, want) {
				t.Errorf("crypto/x509 pins of %s = %v, golden %v", file, got, want)
			}
			if opensslErr == nil && filepath.Ext(file) == ".pem" {
				if got := opensslPin(t, path); got != want[0] {
					t.Errorf("openssl pin of %s = %s, golden %s", file, got, want[0])
				}
			}
		})
	}
}

func stdlibPins(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var ders [][]byte
	if filepath.Ext(path) == ".der" {
		ders = append(ders, data)
	}
	for b, rest := pem.Decode(data); b != nil; b, rest = pem.Decode(rest) {
		ders = append(ders, b.Bytes)
	}
	var pins []string
	for _, der := range ders {
		c, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(c.RawSubjectPublicKeyInfo)
		pins = append(pins, "sha256/"+base64.StdEncoding.EncodeToString(sum[:]))
	}
	return pins
}

// opensslPin is the textbook one-liner: x509 -pubkey | pkey -outform DER | sha256.
func opensslPin(t *testing.T, path string) string {
	t.Helper()
	pub, err := exec.Command("openssl", "x509", "-in", path, "-pubkey", "-noout").Output()
	if err != nil {
		t.Fatalf("openssl x509: %v", err)
	}
	cmd := exec.Command("openssl", "pkey", "-pubin", "-outform", "DER")
	cmd.Stdin = bytes.NewReader(pub)
	der, err := cmd.Output()
	if err != nil {
		t.Fatalf("openssl pkey: %v", err)
	}
	sum := sha256.Sum256(der)
	return "sha256/" + base64.StdEncoding.EncodeToString(sum[:])
}

// TestScriptPinsAreGolden makes sure every pin written in a txtar golden is
// one that gen.go computed, so the scripts cannot drift from real keys.
func TestScriptPinsAreGolden(t *testing.T) {
	t.Parallel()
	known := map[string]bool{}
	for _, pins := range goldenPins(t) {
		for _, p := range pins {
			known[strings.TrimPrefix(p, "sha256/")] = true
		}
	}
	b64 := regexp.MustCompile(`(?:sha256/|"SHA-256">|pin-sha256=")([A-Za-z0-9+/]{43}=)`)
	scripts, _ := filepath.Glob("testdata/script/pin_*.txtar")
	found := 0
	for _, s := range scripts {
		data, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		data = bytes.ReplaceAll(data, []byte(`\+`), []byte("+")) // regexp-quoted pins
		for _, m := range b64.FindAllSubmatch(data, -1) {
			found++
			if !known[string(m[1])] {
				t.Errorf("%s: pin %s is not in testdata/certs/pins.json", s, m[1])
			}
		}
	}
	if found < 20 {
		t.Errorf("found only %d pins in the scripts", found)
	}
}

func TestExitCodes(t *testing.T) {
	t.Parallel()
	chain := filepath.Join(certsDir, "chain.pem")
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     bool // something on stdout
		stderrLine int  // number of stderr lines, -1: any
	}{
		{"no args", nil, exitError, false, -1},
		{"help", []string{"help"}, exitOK, true, 0},
		{"version", []string{"version"}, exitOK, true, 0},
		{"pin ok", []string{"pin", chain}, exitOK, true, 0},
		{"unknown verb", []string{"nope"}, exitError, false, 2},
		{"pin missing", []string{"pin", "testdata/does-not-exist.pem"}, exitError, false, 1},
		{"pin bad format", []string{"pin", "-f", "xml", chain}, exitError, false, 1},
		{"pin no args", []string{"pin"}, exitError, false, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, out, errs := runCLI(t, nil, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errs)
			}
			if (out != "") != tt.stdout {
				t.Errorf("stdout %q, want output: %v", out, tt.stdout)
			}
			if n := strings.Count(errs, "\n"); tt.stderrLine >= 0 && n != tt.stderrLine {
				t.Errorf("stderr has %d lines, want %d: %q", n, tt.stderrLine, errs)
			}
		})
	}
}

func TestNoArgsUsage(t *testing.T) {
	t.Parallel()
	code, out, errs := runCLI(t, nil)
	if code != exitError || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	for _, want := range []string{rootLong, "Usage:", "Examples:", "pinkit pin cert.pem", "pin "} {
		if !strings.Contains(errs, want) {
			t.Errorf("usage lacks %q:\n%s", want, errs)
		}
	}
}

func TestKeyDescriptionUnknown(t *testing.T) {
	t.Parallel()
	c := &x509.Certificate{PublicKeyAlgorithm: x509.UnknownPublicKeyAlgorithm}
	if got := keyDescription(c); got != "unknown" {
		t.Errorf("keyDescription(unknown) = %q", got)
	}
}

// TestPinUnknownKeyAlgorithm: a certificate whose SPKI algorithm crypto/x509
// does not know still gets a pin, over the raw SPKI bytes.
func TestPinUnknownKeyAlgorithm(t *testing.T) {
	t.Parallel()
	der, err := os.ReadFile(filepath.Join(certsDir, "leaf.der"))
	if err != nil {
		t.Fatal(err)
	}
	ecPublicKey := []byte{0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01} // 1.2.840.10045.2.1
	if bytes.Count(der, ecPublicKey) != 1 {
		t.Fatal("leaf.der: want exactly one id-ecPublicKey OID")
	}
	// 1.2.840.10045.2.9: same length, unknown to crypto/x509.
	odd := bytes.Replace(der, ecPublicKey, []byte{0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x09}, 1)
	c, err := x509.ParseCertificate(odd)
	if err != nil {
		t.Fatalf("crypto/x509 rejects the modified certificate: %v", err)
	}
	sum := sha256.Sum256(c.RawSubjectPublicKeyInfo)
	want := "sha256/" + base64.StdEncoding.EncodeToString(sum[:])
	file := filepath.Join(t.TempDir(), "odd.der")
	if err := os.WriteFile(file, odd, 0o644); err != nil {
		t.Fatal(err)
	}
	got := pinJSON(t, file)
	if len(got) != 1 || got[0].Key != "unknown" || got[0].Pin != want {
		t.Errorf("got %+v, want key unknown and pin %s", got, want)
	}
	if golden := goldenPins(t)["leaf.der"][0]; want == golden {
		t.Error("the pin did not change with the algorithm OID")
	}
}

func TestIsHostArg(t *testing.T) {
	t.Parallel()
	tests := []struct {
		arg  string
		host bool
	}{
		{"example.com", true},
		{"example.com:8443", true},
		{"127.0.0.1:443", true},
		{"[::1]:443", true},
		{"::1", true},
		{"https://example.com/path", true},
		{"cert.pem", false},
		{"cert.pem:443", true},
		{"dir/cert.pem", false},
		{"example.com:0", false},
		{"example.com:http", false},
		{"exa mple.com", false},
		{filepath.Join(certsDir, "chain.pem"), false},
		{"", false},
	}
	for _, tt := range tests {
		if got := isHostArg(tt.arg); got != tt.host {
			t.Errorf("isHostArg(%q) = %v, want %v", tt.arg, got, tt.host)
		}
	}
}

// testPKI is a CA, an intermediate and a leaf for 127.0.0.1, made fresh
// for each test with crypto/rand.
type testPKI struct {
	root, inter, leaf *x509.Certificate
	leafKey           *ecdsa.PrivateKey
	pins              []string // leaf, intermediate, root: computed from the keys
	rootFile          string
}

func newTestPKI(t *testing.T) *testPKI {
	t.Helper()
	p := &testPKI{}
	rootKey, interKey, leafKey := ecKey(t), ecKey(t), ecKey(t)
	now := time.Now()
	caTmpl := func(cn string, serial int64) *x509.Certificate {
		return &x509.Certificate{
			SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: cn},
			NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
			IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
		}
	}
	p.root = sign(t, caTmpl("live root", 1), nil, rootKey, rootKey)
	p.inter = sign(t, caTmpl("live intermediate", 2), p.root, interKey, rootKey)
	p.leaf = sign(t, &x509.Certificate{
		SerialNumber: big.NewInt(3), Subject: pkix.Name{CommonName: "live leaf"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:    []string{"live.pinkit.test"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
	}, p.inter, leafKey, interKey)
	p.leafKey = leafKey
	p.pins = []string{spkiPin(t, &leafKey.PublicKey), spkiPin(t, &interKey.PublicKey), spkiPin(t, &rootKey.PublicKey)}
	p.rootFile = filepath.Join(t.TempDir(), "root.pem")
	writePEM(t, p.rootFile, p.root)
	return p
}

func ecKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func sign(t *testing.T, tmpl, parent *x509.Certificate, key, parentKey *ecdsa.PrivateKey) *x509.Certificate {
	t.Helper()
	if parent == nil {
		parent = tmpl
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func writePEM(t *testing.T, path string, certs ...*x509.Certificate) {
	t.Helper()
	var buf bytes.Buffer
	for _, c := range certs {
		_ = pem.Encode(&buf, &pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
