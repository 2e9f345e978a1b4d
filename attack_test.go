package pin_test

// Attack tests: ANCHORS.md "Enforcement bugs" 1–9, each replayed over a
// real TLS handshake on 127.0.0.1 against a naive implementation (fooled)
// and the pin package (not fooled).

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/internal/pintest"
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

// sitePolicy pins apiHost to the legitimate intermediate plus the backup.
func sitePolicy(t *testing.T, w *pintest.World, opts ...pin.Option) *pin.Policy {
	t.Helper()
	return newPolicy(t, append(opts, pin.HostPins(apiHost, pinsOf(w.Inter.Cert, w.BackupKey)...))...)
}

func wantErrIs(t *testing.T, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("handshake error = %v, want %v", err, target)
	}
	var pe *pin.Error
	if !errors.As(err, &pe) {
		t.Fatalf("error %v is not a *pin.Error", err)
	}
}

func mustHandshake(t *testing.T, cfg *tls.Config, addr, what string) tls.ConnectionState {
	t.Helper()
	cs, err := pintest.Handshake(cfg, addr)
	if err != nil {
		t.Fatalf("%s: handshake failed: %v", what, err)
	}
	return cs
}

// TestLegitimateChainPasses is the control for every attack below.
func TestLegitimateChainPasses(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	p := sitePolicy(t, w)
	srv := pintest.Serve(t, w.Legit(t, apiHost), nil)
	mustHandshake(t, p.TLSConfig(pintest.Client(w.Roots, apiHost)), srv.Addr, "legit")
	mustHandshake(t, p.TLSConfig(pintest.Client(w.Roots, "other.example.net")),
		pintest.Serve(t, w.Forged(t, "other.example.net"), nil).Addr, "unpinned host")
}

// TestAttackServedChainCVE20162402: a leaf from a trusted but unpinned CA,
// with the real pinned intermediate appended to the served chain.
func TestAttackServedChainCVE20162402(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	srv := pintest.Serve(t, w.Forged(t, apiHost).Append(w.Inter.Cert, w.Root.Cert), nil)

	naive := pintest.Client(w.Roots, apiHost)
	naive.VerifyPeerCertificate = naiveServedChain(pinsOf(w.Inter.Cert, w.BackupKey))
	mustHandshake(t, naive, srv.Addr, "naive (served chain) should be fooled")

	_, err := pintest.Handshake(sitePolicy(t, w).TLSConfig(pintest.Client(w.Roots, apiHost)), srv.Addr)
	wantErrIs(t, err, pin.ErrPinMismatch)
}

// TestAttackInsecureSkipVerify: a client that skips verification and
// compares served certificates accepts an attacker's self-signed leaf
// with the public pinned certificate appended.
func TestAttackInsecureSkipVerify(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	srv := pintest.Serve(t, w.Attacker(t, "evil.example").Append(w.Inter.Cert), nil)
	insecure := func() *tls.Config {
		// Models a broken client on purpose.
		return &tls.Config{InsecureSkipVerify: true, ServerName: apiHost}
	}
	naive := insecure()
	naive.VerifyPeerCertificate = naiveServedChain(pinsOf(w.Inter.Cert, w.BackupKey))
	mustHandshake(t, naive, srv.Addr, "naive (InsecureSkipVerify) should be fooled")

	p := sitePolicy(t, w)
	_, err := pintest.Handshake(p.TLSConfig(insecure()), srv.Addr)
	wantErrIs(t, err, pin.ErrNoVerifiedChain)

	// Fail closed even when the legitimate chain is served.
	legit := pintest.Serve(t, w.Legit(t, apiHost), nil)
	_, err = pintest.Handshake(p.TLSConfig(insecure()), legit.Addr)
	wantErrIs(t, err, pin.ErrNoVerifiedChain)
}

// TestAttackEmptyPinSet: an empty pin set must not mean "pinned to
// nothing, so anything goes".
func TestAttackEmptyPinSet(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	srv := pintest.Serve(t, w.Forged(t, apiHost), nil)
	naive := pintest.Client(w.Roots, apiHost)
	naive.VerifyConnection = naiveRules{exact: map[string][]pin.Pin{apiHost: {}}}.verifyConnection
	mustHandshake(t, naive, srv.Addr, "naive (empty pin set) should be fooled")

	for _, opt := range []pin.Option{pin.Host(apiHost), pin.HostPins(apiHost), pin.Domain("example.com")} {
		if _, err := pin.NewPolicy(opt); err == nil {
			t.Fatal("NewPolicy accepted an empty pin set")
		}
		if _, err := pin.NewPolicy(opt, pin.ReportOnly()); err == nil {
			t.Fatal("NewPolicy accepted an empty pin set in report-only mode")
		}
	}
}

// TestAttackHostSpelling: case, trailing dot and IDN spellings of a pinned
// host must stay pinned.
func TestAttackHostSpelling(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	good := pinsOf(w.Inter.Cert, w.BackupKey)
	tests := []struct {
		name, rule, serverName, certName string
	}{
		{"upper-case server name", apiHost, "API.EXAMPLE.COM", apiHost},
		{"trailing dot in rule", "API.Example.com.", apiHost, apiHost},
		{"IDN rule, A-label server name", "bücher.example", "xn--bcher-kva.example", "xn--bcher-kva.example"},
		{"A-label rule, upper-case server name", "xn--bcher-kva.example", "XN--BCHER-KVA.EXAMPLE", "xn--bcher-kva.example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := pintest.Serve(t, w.Forged(t, tt.certName), nil)
			naive := pintest.Client(w.Roots, tt.serverName)
			naive.VerifyConnection = naiveRules{exact: map[string][]pin.Pin{tt.rule: good}}.verifyConnection
			mustHandshake(t, naive, srv.Addr, "naive (string match) should be fooled")

			p := newPolicy(t, pin.HostPins(tt.rule, good...))
			_, err := pintest.Handshake(p.TLSConfig(pintest.Client(w.Roots, tt.serverName)), srv.Addr)
			wantErrIs(t, err, pin.ErrPinMismatch)
		})
	}
}

// TestAttackLabelBoundary: TrustKit #156 and #138 pinned unrelated hosts,
// breaking them (the naive client rejects their legitimate chains).
func TestAttackLabelBoundary(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	good := pinsOf(w.Inter.Cert, w.BackupKey)
	for _, tt := range []struct {
		name, host string
		naive      naiveRules
	}{
		{"TrustKit #156", "totallynotthesamedomain.com", naiveRules{suffix: map[string][]pin.Pin{"domain.com": good}}},
		{"TrustKit #138", "api.domain.net", naiveRules{suffix: map[string][]pin.Pin{"domain.com": good}, label: true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := pintest.Serve(t, w.Forged(t, tt.host), nil) // another site, another CA
			naive := pintest.Client(w.Roots, tt.host)
			naive.VerifyConnection = tt.naive.verifyConnection
			if _, err := pintest.Handshake(naive, srv.Addr); !errors.Is(err, errNaive) {
				t.Fatalf("naive: err = %v, want it to wrongly pin %s", err, tt.host)
			}
			p := newPolicy(t, pin.DomainPins("domain.com", good...))
			mustHandshake(t, p.TLSConfig(pintest.Client(w.Roots, tt.host)), srv.Addr, "pin")
		})
	}
}

// TestAttackUnionedRules: TrustKit #200 chose between overlapping rules by
// map order; unioning them is no better. The most specific rule alone
// applies: a chain pinned only by the parent domain must fail.
func TestAttackUnionedRules(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	parent := pinsOf(w.Inter.Cert, w.BackupKey)
	specific := pinsOf(w.Rogue.Cert, w.BackupKey) // api is served by another CA
	srv := pintest.Serve(t, w.Legit(t, apiHost), nil)

	naive := pintest.Client(w.Roots, apiHost)
	naive.VerifyConnection = naiveRules{
		suffix: map[string][]pin.Pin{"example.com": parent, apiHost: specific}, union: true,
	}.verifyConnection
	mustHandshake(t, naive, srv.Addr, "naive (union) should be fooled")

	p := newPolicy(t, pin.DomainPins("example.com", parent...), pin.DomainPins(apiHost, specific...))
	for range 5 {
		_, err := pintest.Handshake(p.TLSConfig(pintest.Client(w.Roots, apiHost)), srv.Addr)
		wantErrIs(t, err, pin.ErrPinMismatch)
	}
	rogueSrv := pintest.Serve(t, w.Forged(t, apiHost), nil)
	mustHandshake(t, p.TLSConfig(pintest.Client(w.Roots, apiHost)), rogueSrv.Addr, "specific rule")
}

// TestAttackPublicSuffix: a Domain rule on a public suffix pins every
// tenant below it; the naive client breaks an unrelated app on appspot.com.
func TestAttackPublicSuffix(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	good := pinsOf(w.Inter.Cert, w.BackupKey)
	const other = "otherapp.appspot.com"
	srv := pintest.Serve(t, w.Forged(t, other), nil)
	naive := pintest.Client(w.Roots, other)
	naive.VerifyConnection = naiveRules{suffix: map[string][]pin.Pin{".appspot.com": good}}.verifyConnection
	if _, err := pintest.Handshake(naive, srv.Addr); !errors.Is(err, errNaive) {
		t.Fatalf("naive: err = %v, want it to pin another tenant", err)
	}
	for _, suffix := range []string{"appspot.com", "s3.amazonaws.com", "com", "co.uk"} {
		if _, err := pin.NewPolicy(pin.DomainPins(suffix, good...)); err == nil {
			t.Errorf("Domain(%q) accepted", suffix)
		}
	}
	p := newPolicy(t, pin.DomainPins("myapp.appspot.com", good...))
	mustHandshake(t, p.TLSConfig(pintest.Client(w.Roots, other)), srv.Addr, "other tenant")
}

// TestAttackResumedSession: after the policy changes, a session resumed
// from a shared ClientSessionCache must still be checked.
func TestAttackResumedSession(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	before := pinsOf(w.Inter.Cert, w.BackupKey)
	after := pinsOf(w.Rogue.Cert, w.BackupKey) // the served key is no longer pinned
	for _, version := range []uint16{tls.VersionTLS13, tls.VersionTLS12} {
		t.Run(tls.VersionName(version), func(t *testing.T) {
			t.Parallel()
			srv := pintest.Serve(t, w.Legit(t, apiHost), func(c *tls.Config) { c.MaxVersion = version })
			client := func(cache tls.ClientSessionCache) *tls.Config {
				c := pintest.Client(w.Roots, apiHost)
				c.ClientSessionCache = cache
				return c
			}

			naiveCache := tls.NewLRUClientSessionCache(4)
			n1 := client(naiveCache)
			n1.VerifyPeerCertificate = naiveVerifiedChains(before)
			mustHandshake(t, n1, srv.Addr, "naive first")
			n2 := client(naiveCache)
			n2.VerifyPeerCertificate = naiveVerifiedChains(after)
			if cs := mustHandshake(t, n2, srv.Addr, "naive (VerifyPeerCertificate) should be fooled"); !cs.DidResume {
				t.Fatal("naive second handshake did not resume; the test proves nothing")
			}

			cache := tls.NewLRUClientSessionCache(4)
			if cs := mustHandshake(t, newPolicy(t, pin.HostPins(apiHost, before...)).TLSConfig(client(cache)), srv.Addr, "first"); cs.DidResume {
				t.Fatal("first handshake resumed")
			}
			var resumed atomic.Bool
			cfg := newPolicy(t, pin.HostPins(apiHost, after...)).TLSConfig(client(cache))
			check := cfg.VerifyConnection
			cfg.VerifyConnection = func(cs tls.ConnectionState) error {
				resumed.Store(cs.DidResume)
				return check(cs)
			}
			_, err := pintest.Handshake(cfg, srv.Addr)
			if !resumed.Load() {
				t.Fatal("second handshake did not resume")
			}
			wantErrIs(t, err, pin.ErrPinMismatch)
		})
	}
}

// TestAttackKeyTypes: every key type pins, as leaf and as intermediate;
// a naive fixed table of key types rejects the legitimate site.
func TestAttackKeyTypes(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	for _, kt := range pintest.KeyTypes {
		t.Run(string(kt), func(t *testing.T) {
			t.Parallel()
			key := pintest.Key(t, kt, 0)
			inter := w.Root.Intermediate(t, "intermediate "+string(kt), key)
			leafKey := pintest.Key(t, pintest.P256, 7)
			chains := map[string]pintest.Chain{
				"leaf":         {Certs: []*x509.Certificate{w.Inter.Leaf(t, key, apiHost), w.Inter.Cert}, Key: key},
				"intermediate": {Certs: []*x509.Certificate{inter.Leaf(t, leafKey, apiHost), inter.Cert}, Key: leafKey},
			}
			pins := []pin.Pin{pin.FromCertificate(inter.Cert), pin.FromCertificate(w.BackupKey)}
			p := newPolicy(t, pin.HostPins(apiHost, pins...))
			for role, chain := range chains {
				srv := pintest.Serve(t, chain, nil)
				mustHandshake(t, p.TLSConfig(pintest.Client(w.Roots, apiHost)), srv.Addr, role)
				naive := pintest.Client(w.Roots, apiHost)
				naive.VerifyConnection = naiveKeyTable(pins)
				_, err := pintest.Handshake(naive, srv.Addr)
				switch kt {
				case pintest.P521, pintest.Ed25519, pintest.RSA8192:
					if err == nil && role == "leaf" {
						t.Errorf("%s: naive key table accepted an unsupported key", role)
					}
				default:
					if err != nil {
						t.Errorf("%s: naive key table: %v", role, err)
					}
				}
			}
			forged := pintest.Serve(t, w.Forged(t, apiHost), nil)
			_, err := pintest.Handshake(p.TLSConfig(pintest.Client(w.Roots, apiHost)), forged.Addr)
			wantErrIs(t, err, pin.ErrPinMismatch)
		})
	}
}

// TestAttackExpiryClock: pins expire at 00:00 UTC on the expiry day, the
// same instant in every time zone. A naive local-date comparison drops the
// pins up to 14 hours early on a device east of UTC.
func TestAttackExpiryClock(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	srv := pintest.Serve(t, w.Forged(t, apiHost), nil)
	expiry := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	lastSecond := expiry.Add(-time.Second)
	kiribati := time.FixedZone("UTC+14", 14*3600)
	if !naiveExpired(lastSecond.In(kiribati), "2027-01-01") {
		t.Fatal("naive local-date check should think the pins expired")
	}
	zones := []*time.Location{time.FixedZone("UTC-12", -12*3600), time.UTC, kiribati}
	for _, zone := range zones {
		for _, tc := range []struct {
			now     time.Time
			expired bool
		}{{lastSecond, false}, {expiry, true}} {
			var events atomic.Int32
			now := tc.now.In(zone)
			p := sitePolicy(t, w,
				pin.Expires(time.Date(2027, 1, 1, 23, 0, 0, 0, zone)), // the date as written counts
				pin.Clock(func() time.Time { return now }),
				pin.OnEvent(func(e pin.Event) {
					if e.Kind == pin.EventPinExpired && e.Host == apiHost {
						events.Add(1)
					}
				}))
			_, err := pintest.Handshake(p.TLSConfig(pintest.Client(w.Roots, apiHost)), srv.Addr)
			switch {
			case tc.expired && (err != nil || events.Load() != 1):
				t.Errorf("%s at %s: err = %v, expired events = %d; want unpinned and 1 event", zone, now, err, events.Load())
			case !tc.expired && !errors.Is(err, pin.ErrPinMismatch):
				t.Errorf("%s at %s: err = %v, want pins still enforced", zone, now, err)
			}
		}
	}
}

// TestAttackHostnameCheckKept: a chain that is both valid and pinned, but
// for another host name, must fail (AFNetworking CVE-2015-3996).
func TestAttackHostnameCheckKept(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	srv := pintest.Serve(t, w.Legit(t, "other.example.com"), nil)
	pins := pinsOf(w.Inter.Cert, w.BackupKey)

	// Models a broken client on purpose: it verifies the chain itself.
	naive := &tls.Config{InsecureSkipVerify: true, ServerName: apiHost}
	naive.VerifyPeerCertificate = naiveChainNoHostname(w.Roots, pins)
	mustHandshake(t, naive, srv.Addr, "naive (no hostname check) should be fooled")

	p := newPolicy(t, pin.DomainPins("example.com", pins...))
	_, err := pintest.Handshake(p.TLSConfig(pintest.Client(w.Roots, apiHost)), srv.Addr)
	var hostErr x509.HostnameError
	if !errors.As(err, &hostErr) {
		t.Fatalf("err = %v, want x509.HostnameError", err)
	}
}
