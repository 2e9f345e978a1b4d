package mitm

import (
	"container/list"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"net"
	"sync"
	"time"
)

// leafValidity is how long a forged trusted leaf is valid.
const leafValidity = 30 * 24 * time.Hour

// forger makes forged leaves and keeps the most recent ones in a bounded
// LRU cache keyed by name and attack. Concurrent requests for the same key
// wait for a single forging.
type forger struct {
	ca  *CA
	now func() time.Time
	max int

	mu       sync.Mutex
	lru      *list.List // of *forgeEntry, most recent first
	entries  map[forgeKey]*list.Element
	inflight map[forgeKey]*forgeCall
}

type forgeKey struct {
	name   string
	attack Attack
}

type forgeEntry struct {
	key  forgeKey
	cert *tls.Certificate
}

type forgeCall struct {
	done chan struct{}
	cert *tls.Certificate
	err  error
}

func newForger(ca *CA, now func() time.Time, max int) *forger {
	return &forger{
		ca: ca, now: now, max: max,
		lru:      list.New(),
		entries:  make(map[forgeKey]*list.Element),
		inflight: make(map[forgeKey]*forgeCall),
	}
}

// certificate returns the forged certificate for name under attack a,
// from the cache when it is there and still valid for a's purpose.
func (f *forger) certificate(name string, a Attack) (*tls.Certificate, error) {
	k := forgeKey{name, a}
	f.mu.Lock()
	if el, ok := f.entries[k]; ok && f.fresh(el.Value.(*forgeEntry)) {
		f.lru.MoveToFront(el)
		f.mu.Unlock()
		return el.Value.(*forgeEntry).cert, nil
	}
	if c, ok := f.inflight[k]; ok {
		f.mu.Unlock()
		<-c.done
		return c.cert, c.err
	}
	c := &forgeCall{done: make(chan struct{})}
	f.inflight[k] = c
	f.mu.Unlock()

	c.cert, c.err = f.forge(name, a)

	f.mu.Lock()
	delete(f.inflight, k)
	if c.err == nil {
		f.add(k, c.cert)
	}
	f.mu.Unlock()
	close(c.done)
	return c.cert, c.err
}

// fresh reports whether a cached certificate still serves its attack:
// every attack but expired needs a currently valid leaf.
func (f *forger) fresh(e *forgeEntry) bool {
	if e.key.attack == AttackExpired {
		return true
	}
	return f.now().Before(e.cert.Leaf.NotAfter.Add(-time.Hour))
}

func (f *forger) add(k forgeKey, cert *tls.Certificate) {
	if el, ok := f.entries[k]; ok {
		f.lru.Remove(el)
	}
	f.entries[k] = f.lru.PushFront(&forgeEntry{key: k, cert: cert})
	for f.lru.Len() > f.max {
		old := f.lru.Back()
		f.lru.Remove(old)
		delete(f.entries, old.Value.(*forgeEntry).key)
	}
}

// forge creates the leaf for name under attack a with a fresh ECDSA P-256
// key.
func (f *forger) forge(name string, a Attack) (*tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("failed to generate leaf key: %w", err)
	}
	sn, err := randomSerial()
	if err != nil {
		return nil, err
	}
	now := f.now()
	tmpl := &x509.Certificate{
		SerialNumber:          sn,
		Subject:               pkix.Name{CommonName: name, Organization: []string{"pinkit MITM " + string(a)}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(leafValidity),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	if f.ca.Cert.NotAfter.Before(tmpl.NotAfter) {
		tmpl.NotAfter = f.ca.Cert.NotAfter
	}
	setNames(tmpl, name)
	parent, signer := f.ca.Cert, f.ca.Key
	switch a {
	case AttackUntrusted:
		parent, signer = tmpl, key
	case AttackWrongHost:
		tmpl.Subject.CommonName = WrongHostName
		tmpl.DNSNames, tmpl.IPAddresses = []string{WrongHostName}, nil
	case AttackExpired:
		tmpl.NotBefore, tmpl.NotAfter = now.Add(-60*24*time.Hour), now.Add(-24*time.Hour)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), signer)
	if err != nil {
		return nil, fmt.Errorf("failed to forge %s certificate for %q: %w", a, name, err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("failed to parse forged certificate: %w", err)
	}
	chain := [][]byte{der}
	if a != AttackUntrusted {
		chain = append(chain, f.ca.Cert.Raw)
	}
	return &tls.Certificate{Certificate: chain, PrivateKey: key, Leaf: leaf}, nil
}

// setNames puts name in the SAN extension, as an IP address when it is
// one.
func setNames(tmpl *x509.Certificate, name string) {
	if ip := net.ParseIP(name); ip != nil {
		tmpl.IPAddresses = []net.IP{ip}
		return
	}
	tmpl.DNSNames = []string{name}
}
