package pinset

import (
	"context"
	"crypto/x509"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/internal/pintest"
)

// TestEndToEndServerKeyRotation signs a pin set for a new server key pair,
// publishes it, lets the updater pick it up over HTTPS, and checks real
// handshakes: the server with the new key passes, the one with the old key
// fails — through a tls.Config made before the update.
func TestEndToEndServerKeyRotation(t *testing.T) {
	const host = "api.example.com"
	w := pintest.NewWorld(t)
	oldChain := w.Legit(t, host)
	newKey := pintest.Key(t, pintest.P256, 7)
	newChain := pintest.Chain{Certs: []*x509.Certificate{w.Inter.Leaf(t, newKey, host), w.Inter.Cert}, Key: newKey}
	oldSrv := pintest.Serve(t, oldChain, nil)
	newSrv := pintest.Serve(t, newChain, nil)

	backup := pin.FromCertificate(w.BackupKey)
	shipped := mustPolicy(t, pin.HostPins(host, pin.FromCertificate(oldChain.Certs[0]), backup))
	signer, p256, rootDoc := e2eRoot(t)
	dir := t.TempDir()
	srv := httptest.NewTLSServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	u, err := NewUpdater(UpdaterConfig{URL: srv.URL, Client: srv.Client(), Root: rootDoc, Shipped: shipped})
	if err != nil {
		t.Fatal(err)
	}
	cfg := u.TLSConfig(pintest.Client(w.Roots, host))

	if _, err := pintest.Handshake(cfg, oldSrv.Addr); err != nil {
		t.Fatalf("old key before the update: %v", err)
	}
	if _, err := pintest.Handshake(cfg, newSrv.Addr); !errors.Is(err, pin.ErrPinMismatch) {
		t.Fatalf("new key before the update: %v, want a pin mismatch", err)
	}

	newPin, err := pin.FromPublicKey(newKey.Public())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	set, err := SignPinSet(Content{Version: 1, Issued: now.Add(-time.Minute), Expires: now.Add(7 * 24 * time.Hour),
		Hosts: []Host{{Name: host, Pins: []Pin{{Label: "new", SPKI: newPin}, {Label: "backup", SPKI: backup}}}}},
		signer, p256)
	if err != nil {
		t.Fatal(err)
	}
	if err := Publish(dir, [][]byte{rootDoc}, set, now); err != nil {
		t.Fatal(err)
	}
	if err := u.Update(context.Background()); err != nil {
		t.Fatalf("Update: %v", err)
	}
	if _, err := pintest.Handshake(cfg, newSrv.Addr); err != nil {
		t.Errorf("new key after the update: %v", err)
	}
	if _, err := pintest.Handshake(cfg, oldSrv.Addr); !errors.Is(err, pin.ErrPinMismatch) {
		t.Errorf("old key after the update: %v, want a pin mismatch", err)
	}
}

// e2eRoot makes a 2-of-2 root of an Ed25519 and a fresh P-256 key.
func e2eRoot(t *testing.T) (ed, p256 *PrivateKey, root []byte) {
	t.Helper()
	ed = testKey(t, "e2e")
	p256, err := GenerateKey(ECDSAP256)
	if err != nil {
		t.Fatal(err)
	}
	root, err = SignRoot(1, 2, []PublicKey{ed.Public(), p256.Public()}, ed, p256)
	if err != nil {
		t.Fatal(err)
	}
	return ed, p256, root
}
