package pin_test

// Naive pinning implementations, each with one of the bugs in ANCHORS.md
// ("Enforcement bugs"). The attack tests show that each is fooled by a real
// TLS handshake that the pin package rejects.

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"slices"
	"strings"
	"time"

	pin "github.com/pinkit/pinkit"
	"golang.org/x/net/publicsuffix"
)

var errNaive = errors.New("naive: pin mismatch")

// naiveServedChain checks pins over the certificates the server sent, like
// OkHttp before CVE-2016-2402 and Go code that compares PeerCertificates.
func naiveServedChain(pins []pin.Pin) func([][]byte, [][]*x509.Certificate) error {
	return func(raw [][]byte, _ [][]*x509.Certificate) error {
		for _, der := range raw {
			cert, err := x509.ParseCertificate(der)
			if err == nil && slices.Contains(pins, pin.FromCertificate(cert)) {
				return nil
			}
		}
		return errNaive
	}
}

// naiveVerifiedChains matches pins over verified chains correctly, but in
// VerifyPeerCertificate, which crypto/tls skips on resumed sessions.
func naiveVerifiedChains(pins []pin.Pin) func([][]byte, [][]*x509.Certificate) error {
	return func(_ [][]byte, chains [][]*x509.Certificate) error {
		for _, chain := range chains {
			for _, cert := range chain {
				if slices.Contains(pins, pin.FromCertificate(cert)) {
					return nil
				}
			}
		}
		return errNaive
	}
}

// naiveChainNoHostname verifies the chain against roots but forgets the
// host name (AFNetworking CVE-2015-3996), then checks pins.
func naiveChainNoHostname(roots *x509.CertPool, pins []pin.Pin) func([][]byte, [][]*x509.Certificate) error {
	return func(raw [][]byte, _ [][]*x509.Certificate) error {
		var certs []*x509.Certificate
		for _, der := range raw {
			c, err := x509.ParseCertificate(der)
			if err != nil {
				return err
			}
			certs = append(certs, c)
		}
		inter := x509.NewCertPool()
		for _, c := range certs[1:] {
			inter.AddCert(c)
		}
		chains, err := certs[0].Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter})
		if err != nil {
			return err
		}
		return naiveVerifiedChains(pins)(nil, chains)
	}
}

// naiveRules is a host table as a naive library keeps it: names as
// written, matched by string comparison.
type naiveRules struct {
	exact  map[string][]pin.Pin
	suffix map[string][]pin.Pin // "Domain" rules matched with HasSuffix
	union  bool                 // union all matching rules instead of picking one
	label  bool                 // TrustKit #138: compare the label left of the public suffix
}

// pins returns the pins a naive library applies to host (nil: unpinned).
func (n naiveRules) pins(host string) []pin.Pin {
	var out []pin.Pin
	if p, ok := n.exact[host]; ok {
		out = append(out, p...)
		if !n.union {
			return out
		}
	}
	for d, p := range n.suffix {
		if strings.HasSuffix(host, d) || n.label && siteLabel(host) == siteLabel(d) {
			out = append(out, p...)
			if !n.union {
				return out
			}
		}
	}
	return out
}

func siteLabel(host string) string {
	etld1, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return host
	}
	label, _, _ := strings.Cut(etld1, ".")
	return label
}

// verifyConnection enforces the naive table over verified chains.
func (n naiveRules) verifyConnection(cs tls.ConnectionState) error {
	pins := n.pins(cs.ServerName)
	if len(pins) == 0 {
		return nil // unpinned, or an empty pin set failing open
	}
	return naiveVerifiedChains(pins)(nil, cs.VerifiedChains)
}

// naiveSupportedPin computes pins only for the key types a fixed table of
// ASN.1 headers covers (TrustKit before 3.0.4's fix lost even RSA-2048).
func naiveSupportedPin(cert *x509.Certificate) (pin.Pin, error) {
	switch k := cert.PublicKey.(type) {
	case *rsa.PublicKey:
		if k.N.BitLen() == 2048 || k.N.BitLen() == 4096 {
			return pin.FromCertificate(cert), nil
		}
	case *ecdsa.PublicKey:
		if k.Curve == elliptic.P256() || k.Curve == elliptic.P384() {
			return pin.FromCertificate(cert), nil
		}
	}
	return pin.Pin{}, errors.New("naive: unsupported key type")
}

func naiveKeyTable(pins []pin.Pin) func(tls.ConnectionState) error {
	return func(cs tls.ConnectionState) error {
		for _, chain := range cs.VerifiedChains {
			for _, cert := range chain {
				p, err := naiveSupportedPin(cert)
				if err != nil {
					return err
				}
				if slices.Contains(pins, p) {
					return nil
				}
			}
		}
		return errNaive
	}
}

// naiveExpired compares the device-local date with the expiry date.
func naiveExpired(now time.Time, expiry string) bool {
	return now.Format(time.DateOnly) >= expiry
}
