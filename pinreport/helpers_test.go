package pinreport_test

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/internal/pintest"
	"github.com/pinkit/pinkit/pinreport"
)

const apiHost = "api.example.com"

func pinsOf(certs ...*x509.Certificate) []pin.Pin {
	var out []pin.Pin
	for _, c := range certs {
		out = append(out, pin.FromCertificate(c))
	}
	return out
}

func newPolicy(t *testing.T, opts ...pin.Option) *pin.Policy {
	t.Helper()
	p, err := pin.NewPolicy(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// newReporter returns a Reporter closed at the end of the test.
func newReporter(t *testing.T, uri string, opts ...pinreport.Option) *pinreport.Reporter {
	t.Helper()
	r, err := pinreport.New(uri, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func wantErrIs(t *testing.T, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("handshake error = %v, want %v", err, target)
	}
}

func mustHandshake(t *testing.T, cfg *tls.Config, addr, what string) {
	t.Helper()
	if _, err := pintest.Handshake(cfg, addr); err != nil {
		t.Fatalf("%s: handshake failed: %v", what, err)
	}
}

// get fetches url through tr and expects the pintest body "ok".
func get(t *testing.T, tr *http.Transport, url string) error {
	t.Helper()
	c := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if string(body) != "ok" {
		t.Fatalf("body = %q", body)
	}
	return nil
}

// failState is a connection state that fails the site policy for host.
func failState(w *pintest.World, t *testing.T, host string) tls.ConnectionState {
	forged := w.Forged(t, apiHost).Certs
	return tls.ConnectionState{ServerName: host, PeerCertificates: forged,
		VerifiedChains: [][]*x509.Certificate{{forged[0], w.Rogue.Cert}}}
}
