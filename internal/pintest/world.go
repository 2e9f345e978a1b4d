package pintest

import (
	"crypto/x509"
	"testing"
)

// World is the cast of the attack tests:
//
//   - Root → Inter: the legitimate PKI. The site pins Inter's key, plus
//     BackupKey, which is never served.
//   - Rogue: a second CA the client also trusts but that is not pinned — a
//     compromised or mis-issuing public CA, or an interception CA installed
//     on the device. Certificates it issues verify, but must not pass pins.
//   - Attacker: a self-signed key nobody trusts.
//
// All keys are P-256 so that handshakes stay fast.
type World struct {
	Root, Inter, Rogue *Issuer
	BackupKey          *x509.Certificate // self-signed cert holding the backup key
	// Roots trusts Root and Rogue, like a device trust store.
	Roots *x509.CertPool
}

// NewWorld builds the World. It is deterministic: pins are the same in
// every run.
func NewWorld(tb testing.TB) *World {
	tb.Helper()
	w := &World{Root: Root(tb, "pintest legit root", Key(tb, P256, 0))}
	w.Inter = w.Root.Intermediate(tb, "pintest legit intermediate", Key(tb, P256, 1))
	w.Rogue = Root(tb, "pintest rogue CA", Key(tb, P256, 2))
	w.BackupKey = SelfSigned(tb, Key(tb, P256, 3), "backup.invalid")
	w.Roots = Pool(w.Root.Cert, w.Rogue.Cert)
	return w
}

// Legit returns the legitimate chain for hosts: a leaf signed by Inter,
// served with Inter.
func (w *World) Legit(tb testing.TB, hosts ...string) Chain {
	tb.Helper()
	key := Key(tb, P256, 4)
	return Chain{Certs: []*x509.Certificate{w.Inter.Leaf(tb, key, hosts...), w.Inter.Cert}, Key: key}
}

// Forged returns a chain for hosts issued by Rogue: it verifies, but
// carries no pinned key.
func (w *World) Forged(tb testing.TB, hosts ...string) Chain {
	tb.Helper()
	key := Key(tb, P256, 5)
	return Chain{Certs: []*x509.Certificate{w.Rogue.Leaf(tb, key, hosts...)}, Key: key}
}

// Attacker returns a self-signed chain for hosts that nobody trusts.
func (w *World) Attacker(tb testing.TB, hosts ...string) Chain {
	tb.Helper()
	key := Key(tb, P256, 6)
	return Chain{Certs: []*x509.Certificate{SelfSigned(tb, key, hosts...)}, Key: key}
}
