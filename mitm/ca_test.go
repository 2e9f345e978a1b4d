package mitm

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSubjectHashOldKnownVectors checks fixed certificates against the
// values "openssl x509 -subject_hash_old" printed for them (OpenSSL 3.0).
// ISRG Root X1 is shipped by Android as /system/etc/security/cacerts/6187b673.0.
func TestSubjectHashOldKnownVectors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ file, want string }{
		{"testdata/isrg-root-x1.pem", "6187b673"},
		{"../testdata/certs/root.pem", "935df577"},
		{"../testdata/certs/intermediate.pem", "c4972b9d"},
	} {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			t.Parallel()
			if got := SubjectHashOld(readCert(t, tc.file)); got != tc.want {
				t.Errorf("SubjectHashOld = %s, want %s", got, tc.want)
			}
		})
	}
}

// TestSubjectHashOldOpenSSL compares a fresh CA with openssl itself.
func TestSubjectHashOldOpenSSL(t *testing.T) {
	t.Parallel()
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not installed")
	}
	ca, err := NewCA(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(f, ca.PEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(openssl, "x509", "-in", f, "-noout", "-subject_hash_old").Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimSpace(string(out)) + ".0"; ca.AndroidName() != want {
		t.Errorf("AndroidName = %s, openssl says %s", ca.AndroidName(), want)
	}
}

func readCert(t *testing.T, path string) *x509.Certificate {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := pem.Decode(data)
	if b == nil {
		t.Fatalf("%s: no PEM", path)
	}
	c, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestLoadOrCreateCA: created once with a 0600 key, then reused.
func TestLoadOrCreateCA(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "nested", "mitm")
	ca1, created, err := LoadOrCreateCA(dir, time.Now())
	if err != nil || !created {
		t.Fatalf("first run: created=%v err=%v", created, err)
	}
	st, err := os.Stat(filepath.Join(dir, CAKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("key mode %v, want 0600", st.Mode().Perm())
	}
	ca2, created, err := LoadOrCreateCA(dir, time.Now())
	if err != nil || created {
		t.Fatalf("second run: created=%v err=%v", created, err)
	}
	if !ca1.Cert.Equal(ca2.Cert) {
		t.Error("second run made a new CA")
	}
	if !ca2.Cert.IsCA || ca2.Cert.MaxPathLen != 0 || !ca2.Cert.MaxPathLenZero {
		t.Errorf("CA constraints: IsCA=%v MaxPathLen=%d", ca2.Cert.IsCA, ca2.Cert.MaxPathLen)
	}
}

func TestLoadCAErrors(t *testing.T) {
	t.Parallel()
	other, err := NewCA(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		setup func(dir string)
		want  string
	}{
		{"key missing", func(dir string) {
			_ = os.WriteFile(filepath.Join(dir, CACertFile), other.PEM(), 0o644)
		}, "failed to read CA key"},
		{"garbage cert", func(dir string) {
			_ = os.WriteFile(filepath.Join(dir, CACertFile), []byte("nope"), 0o644)
			_ = os.WriteFile(filepath.Join(dir, CAKeyFile), []byte("nope"), 0o600)
		}, "no CERTIFICATE PEM block"},
		{"key of another CA", func(dir string) {
			fresh, _, err := LoadOrCreateCA(filepath.Join(dir, "x"), time.Now())
			if err != nil {
				t.Fatal(err)
			}
			_ = fresh
			key, _ := os.ReadFile(filepath.Join(dir, "x", CAKeyFile))
			_ = os.WriteFile(filepath.Join(dir, CAKeyFile), key, 0o600)
			_ = os.WriteFile(filepath.Join(dir, CACertFile), other.PEM(), 0o644)
		}, "key does not match"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			tc.setup(dir)
			_, _, err := LoadOrCreateCA(dir, time.Now())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestForgedCertificates checks each attack's leaf against x509
// verification with the proxy CA as the only root.
func TestForgedCertificates(t *testing.T) {
	t.Parallel()
	now := time.Now()
	ca, err := NewCA(now)
	if err != nil {
		t.Fatal(err)
	}
	f := newForger(ca, time.Now, 16)
	roots := x509.NewCertPool()
	roots.AddCert(ca.Cert)
	for _, tc := range []struct {
		name    string
		attack  Attack
		wantErr string // from Verify for DNSName name, "" = verifies
	}{
		{"api.example.com", AttackTrusted, ""},
		{"127.0.0.1", AttackTrusted, ""},
		{"api.example.com", AttackUntrusted, "unknown authority"},
		{"api.example.com", AttackWrongHost, "not api.example.com"},
		{"api.example.com", AttackExpired, "expired"},
	} {
		t.Run(string(tc.attack)+"/"+tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := f.certificate(tc.name, tc.attack)
			if err != nil {
				t.Fatal(err)
			}
			inter := x509.NewCertPool()
			_, err = c.Leaf.Verify(x509.VerifyOptions{DNSName: tc.name, Roots: roots, Intermediates: inter})
			if (err == nil) != (tc.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("Verify = %v, want %q", err, tc.wantErr)
			}
			if c.Leaf.PublicKeyAlgorithm != x509.ECDSA {
				t.Errorf("key algorithm %v, want ECDSA", c.Leaf.PublicKeyAlgorithm)
			}
			if _, err := tls.X509KeyPair(pemChain(c), pemKey(t, c)); err != nil {
				t.Errorf("not a usable key pair: %v", err)
			}
		})
	}
}

func pemChain(c *tls.Certificate) []byte {
	var out []byte
	for _, der := range c.Certificate {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})...)
	}
	return out
}

func pemKey(t *testing.T, c *tls.Certificate) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(c.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

// TestForgerCache: bounded LRU keyed by name and attack, one forging for
// concurrent requests.
func TestForgerCache(t *testing.T) {
	t.Parallel()
	ca, err := NewCA(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	f := newForger(ca, time.Now, 3)
	a1, _ := f.certificate("a", AttackTrusted)
	a2, _ := f.certificate("a", AttackTrusted)
	if a1 != a2 {
		t.Error("second request forged again")
	}
	if b, _ := f.certificate("a", AttackExpired); b == a1 {
		t.Error("attack is not part of the key")
	}
	_, _ = f.certificate("b", AttackTrusted)
	_, _ = f.certificate("a", AttackTrusted) // a/trusted becomes most recent
	_, _ = f.certificate("c", AttackTrusted) // evicts a/expired
	if n := f.cached(); n != 3 {
		t.Errorf("cache holds %d, want 3", n)
	}
	if a3, _ := f.certificate("a", AttackTrusted); a3 != a1 {
		t.Error("recently used entry was evicted")
	}
	done := make(chan *tls.Certificate, 20)
	for i := 0; i < 20; i++ {
		go func() { c, _ := f.certificate("same", AttackTrusted); done <- c }()
	}
	first := <-done
	for i := 1; i < 20; i++ {
		if c := <-done; c != first {
			t.Fatal("concurrent requests forged different certificates")
		}
	}
}

// cached returns how many certificates the cache holds.
func (f *forger) cached() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lru.Len()
}
