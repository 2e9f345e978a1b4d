package pintest_test

import (
	"crypto/tls"
	"crypto/x509"
	"testing"

	"github.com/pinkit/pinkit/internal/pintest"
)

func TestKeysLoad(t *testing.T) {
	t.Parallel()
	for _, kt := range pintest.KeyTypes {
		if k := pintest.Key(t, kt, 0); k == nil || k.Public() == nil {
			t.Fatalf("%s: no key", kt)
		}
	}
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	a, b := pintest.NewWorld(t), pintest.NewWorld(t)
	// ECDSA signatures are randomised; keys, names, serials and dates are not.
	if string(a.Inter.Cert.RawSubjectPublicKeyInfo) != string(b.Inter.Cert.RawSubjectPublicKeyInfo) ||
		string(a.Inter.Cert.RawTBSCertificate) != string(b.Inter.Cert.RawTBSCertificate) {
		t.Fatal("intermediate differs between runs")
	}
	if a.Inter.Cert.SerialNumber.Cmp(b.Inter.Cert.SerialNumber) != 0 || !a.Inter.Cert.NotAfter.Equal(pintest.NotAfter) {
		t.Fatal("serial or validity not fixed")
	}
}

func TestChainsVerify(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	for name, chain := range map[string]pintest.Chain{
		"legit": w.Legit(t, "a.example"), "forged": w.Forged(t, "a.example"),
	} {
		inter := pintest.Pool(chain.Certs[1:]...)
		if _, err := chain.Certs[0].Verify(x509.VerifyOptions{Roots: w.Roots, Intermediates: inter, DNSName: "a.example"}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	att := w.Attacker(t, "a.example")
	if _, err := att.Certs[0].Verify(x509.VerifyOptions{Roots: w.Roots, DNSName: "a.example"}); err == nil {
		t.Error("attacker chain verifies")
	}
}

func TestServerResumption(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	srv := pintest.Serve(t, w.Legit(t, "a.example"), nil)
	cfg := pintest.Client(w.Roots, "a.example")
	cfg.ClientSessionCache = tls.NewLRUClientSessionCache(2)
	for i := range 2 {
		cs, err := pintest.Handshake(cfg, srv.Addr)
		if err != nil {
			t.Fatal(err)
		}
		if cs.DidResume != (i == 1) {
			t.Fatalf("handshake %d: DidResume = %v", i, cs.DidResume)
		}
	}
	srv.Close()
	if total, resumed := srv.Handshakes(); total != 2 || resumed != 1 {
		t.Fatalf("server saw %d handshakes, %d resumed", total, resumed)
	}
}

func TestUnknownKeyCertificate(t *testing.T) {
	t.Parallel()
	c, spki := pintest.UnknownKeyCertificate(t)
	if c.PublicKeyAlgorithm != x509.UnknownPublicKeyAlgorithm || len(spki) == 0 {
		t.Fatalf("algorithm = %v", c.PublicKeyAlgorithm)
	}
}
