package collector

import (
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pinkit/pinkit/internal/pintest"
)

func pemChain(certs ...*x509.Certificate) []string {
	out := make([]string, 0, len(certs))
	for _, c := range certs {
		out = append(out, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})))
	}
	return out
}

// aiaLeaf is a public-CA style leaf: it names where its issuer can be
// fetched (Authority Information Access), as every public CA's leaves do.
func aiaLeaf(t *testing.T, ca *pintest.Issuer, host string) *x509.Certificate {
	t.Helper()
	key := pintest.Key(t, pintest.P256, 8)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(77), Subject: pkix.Name{CommonName: host}, DNSNames: []string{host},
		NotBefore: pintest.NotBefore, NotAfter: pintest.NotAfter, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IssuingCertificateURL: []string{"http://ca.invalid/inter.der"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, key.Public(), ca.Key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func pinOf(c *x509.Certificate) string { return `pin-sha256="` + spkiPin(c) + `"` }

// verdictCase is one row of TestVerdicts.
type verdictCase struct {
	name              string
	roots             *x509.CertPool
	history           bool // Inter already issued for host
	served, validated []*x509.Certificate
	pins              []string
	date              time.Time
	host              string
	want              Verdict
	reason            string // a word the sentence must contain
}

// verdictCases are real chains from pintest for every verdict.
func verdictCases(t *testing.T, w *pintest.World, host string) []verdictCase {
	legit := w.Legit(t, host)
	rotated := w.Inter.Leaf(t, pintest.Key(t, pintest.P256, 7), host)
	oldPins := []string{pinOf(legit.Certs[0]), pinOf(w.BackupKey)}
	publicOnly := pintest.Pool(w.Root.Cert)
	publicAndRogue := pintest.Pool(w.Root.Cert, w.Rogue.Cert)
	forged := w.Forged(t, host).Certs
	return []verdictCase{
		{name: "public-CA rotation, known CA", roots: publicOnly, history: true, served: []*x509.Certificate{rotated, w.Inter.Cert}, pins: oldPins, want: VerdictRotation, reason: "stale"},
		{name: "rotation, first CA seen", roots: publicOnly, served: []*x509.Certificate{rotated, w.Inter.Cert}, pins: oldPins, want: VerdictRotation, reason: "first CA"},
		{name: "interception CA", roots: publicOnly, history: true, served: forged, pins: oldPins, want: VerdictInterception, reason: "pintest rogue CA"},
		{name: "interception CA serving its root", roots: publicOnly, served: append(forged, w.Rogue.Cert), pins: oldPins, want: VerdictInterception, reason: "public roots do not hold"},
		{name: "self-signed", roots: publicOnly, served: w.Attacker(t, host).Certs, pins: oldPins, want: VerdictInterception, reason: "interception"},
		{name: "public CA new for the host", roots: publicAndRogue, history: true, served: forged, pins: oldPins, want: VerdictInterception, reason: "never issued"},
		{name: "incomplete, client completed it", roots: publicOnly, served: []*x509.Certificate{rotated}, validated: []*x509.Certificate{rotated, w.Inter.Cert, w.Root.Cert}, pins: oldPins, want: VerdictMisconfiguration, reason: "intermediate"},
		{name: "incomplete, AIA leaf alone", roots: publicOnly, served: []*x509.Certificate{aiaLeaf(t, w.Inter, host)}, pins: oldPins, want: VerdictMisconfiguration, reason: "full chain"},
		{name: "expired", roots: publicOnly, served: legit.Certs, pins: oldPins[1:], date: pintest.NotAfter.Add(24 * time.Hour), want: VerdictMisconfiguration, reason: "expired"},
		{name: "expired interception", roots: publicOnly, served: forged, pins: oldPins, date: pintest.NotAfter.Add(24 * time.Hour), want: VerdictInterception, reason: "public roots do not hold"},
		{name: "wrong host", roots: publicOnly, served: legit.Certs, pins: oldPins[1:], host: "other.example", want: VerdictMisconfiguration, reason: "does not name"},
		{name: "pinned key served", roots: publicOnly, served: legit.Certs, pins: oldPins, want: VerdictUnknown, reason: "pinned key"},
		{name: "no pins", roots: publicOnly, served: legit.Certs, want: VerdictUnknown, reason: "no known pins"},
		{name: "no chain", roots: publicOnly, pins: oldPins, want: VerdictUnknown, reason: "no parsable"},
	}
}

func TestVerdicts(t *testing.T) {
	t.Parallel()
	const host = "api.example.com"
	w := pintest.NewWorld(t)
	at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range verdictCases(t, w, host) {
		t.Run(tc.name, func(t *testing.T) {
			v := NewVerifier(tc.roots, "test")
			if tc.history {
				v.Learn(host, spkiPin(w.Inter.Cert))
			}
			r := &Report{Host: host, ServedChain: pemChain(tc.served...), ValidatedChain: pemChain(tc.validated...), KnownPins: tc.pins, Date: at}
			if tc.host != "" {
				r.Host = tc.host
			}
			if !tc.date.IsZero() {
				r.Date = tc.date
			}
			v.Judge(r)
			if r.Verdict != tc.want || !strings.Contains(r.VerdictReason, tc.reason) {
				t.Errorf("verdict %s (%q), want %s mentioning %q", r.Verdict, r.VerdictReason, tc.want, tc.reason)
			}
			if r.Roots != "test" {
				t.Errorf("roots = %q", r.Roots)
			}
			if strings.Count(r.VerdictReason, ". ") > 0 || !strings.HasSuffix(r.VerdictReason, ".") {
				t.Errorf("reason is not one sentence: %q", r.VerdictReason)
			}
		})
	}
}

// TestVerdictHistory: after a rotation teaches the history Inter, a
// publicly valid chain from another public CA is an interception.
func TestVerdictHistory(t *testing.T) {
	t.Parallel()
	const host = "api.example.com"
	w := pintest.NewWorld(t)
	v := NewVerifier(pintest.Pool(w.Root.Cert, w.Rogue.Cert), "test")
	pins := []string{pinOf(w.BackupKey)}
	at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	r1 := &Report{Host: host, ServedChain: pemChain(w.Legit(t, host).Certs...), KnownPins: pins, Date: at}
	if !v.Judge(r1) || r1.Verdict != VerdictRotation || r1.IssuerKey != spkiPin(w.Inter.Cert) {
		t.Fatalf("first report: %s, issuer %s; want a rotation that learns Inter", r1.Verdict, r1.IssuerKey)
	}
	r2 := &Report{Host: host, ServedChain: pemChain(w.Legit(t, host).Certs...), KnownPins: pins, Date: at}
	if v.Judge(r2) || r2.Verdict != VerdictRotation {
		t.Errorf("repeat: %s, or learned again", r2.Verdict)
	}
	r3 := &Report{Host: host, ServedChain: pemChain(w.Forged(t, host).Certs...), KnownPins: pins, Date: at}
	if v.Judge(r3); r3.Verdict != VerdictInterception {
		t.Errorf("new public CA: %s, want interception", r3.Verdict)
	}
	if len(v.cache) != 2 {
		t.Errorf("chain cache holds %d entries, want 2 (one per distinct chain)", len(v.cache))
	}
	r4 := &Report{Host: "other.example.com", ServedChain: pemChain(w.Forged(t, "other.example.com").Certs...), KnownPins: pins, Date: at}
	if v.Judge(r4); r4.Verdict != VerdictRotation {
		t.Errorf("history leaked across hosts: %s", r4.Verdict)
	}
}

func TestPinSet(t *testing.T) {
	t.Parallel()
	const b = "d6qzRu9zOECb90Uez27xWltNsj0e1Md7GkYYkVoZWmM="
	got := pinSet([]string{`pin-sha256="` + b + `"`, "sha256/" + b, b, "x" + b, "sha256/short="})
	if len(got) != 1 || !got[b] {
		t.Errorf("pinSet = %v", got)
	}
}

// TestVerdictCacheAcrossHosts: one interception chain reported for many
// hosts is validated once.
func TestVerdictCacheAcrossHosts(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	v := NewVerifier(pintest.Pool(w.Root.Cert), "test")
	chain := pemChain(w.Forged(t, "a.example").Certs...)
	for i := range 50 {
		r := &Report{Host: fmt.Sprintf("h%d.example", i), ServedChain: chain, KnownPins: []string{pinOf(w.BackupKey)}, Date: time.Now()}
		if v.Judge(r); r.Verdict != VerdictInterception {
			t.Fatalf("host %d: %s", i, r.Verdict)
		}
	}
	if len(v.cache) != 1 {
		t.Errorf("cache holds %d entries for one chain", len(v.cache))
	}
}

// TestChainKey: the verdict cache's key tells apart the day and which
// chain a certificate came in, and does not change when the buffer it is
// hashed in is reused.
func TestChainKey(t *testing.T) {
	t.Parallel()
	day := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	r := &Report{ServedChain: []string{"a", "b"}, ValidatedChain: []string{"c"}, Date: day}
	k := chainKey(r)
	for name, o := range map[string]*Report{
		"other day":       {ServedChain: r.ServedChain, ValidatedChain: r.ValidatedChain, Date: day.Add(24 * time.Hour)},
		"moved to served": {ServedChain: []string{"a", "b", "c"}, Date: day},
		"joined":          {ServedChain: []string{"ab"}, ValidatedChain: r.ValidatedChain, Date: day},
		"long chain":      {ServedChain: []string{strings.Repeat("x", 100<<10)}, Date: day},
	} {
		if chainKey(o) == k {
			t.Errorf("%s: same key", name)
		}
	}
	same := &Report{ServedChain: []string{"a", "b"}, ValidatedChain: []string{"c"}, Date: day.Add(time.Hour)}
	if chainKey(same) != k || chainKey(r) != k {
		t.Error("the key of the same chains on the same day changed")
	}
}

// BenchmarkJudge: a verdict from the cache (the same chain) and from
// scratch (the cache cleared before each report).
func BenchmarkJudge(b *testing.B) {
	w := pintest.NewWorld(b)
	chain := pemChain(w.Legit(b, "api.example.com").Certs...)
	pins := []string{pinOf(w.BackupKey)}
	for _, cached := range []bool{true, false} {
		b.Run(fmt.Sprintf("cached=%v", cached), func(b *testing.B) {
			v := NewVerifier(pintest.Pool(w.Root.Cert), "test")
			r := &Report{Host: "api.example.com", ServedChain: chain, KnownPins: pins, Date: time.Now()}
			for b.Loop() {
				if !cached {
					clear(v.cache)
				}
				v.Judge(r)
			}
		})
	}
}

// FuzzJudge: whatever a report's chains and pins hold, Judge gives one of
// the verdicts with a one-sentence reason, and never panics.
func FuzzJudge(f *testing.F) {
	w := pintest.NewWorld(f)
	legit := pemChain(w.Legit(f, "api.example.com").Certs...)
	f.Add("api.example.com", legit[0], legit[1], pinOf(w.BackupKey))
	f.Add("a", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "", "sha256/"+spkiPin(w.Inter.Cert))
	f.Add("x.example", pemChain(w.Rogue.Cert)[0], "junk", `pin-sha256="`)
	v := NewVerifier(pintest.Pool(w.Root.Cert), "fuzz")
	f.Fuzz(func(t *testing.T, host, c0, c1, pin string) {
		r := &Report{Host: host, ServedChain: []string{c0, c1}, ValidatedChain: []string{c1}, KnownPins: []string{pin, c1}, Date: time.Now()}
		v.Judge(r)
		if !slices.Contains(Verdicts, r.Verdict) || !strings.HasSuffix(r.VerdictReason, ".") ||
			strings.ContainsFunc(r.VerdictReason, func(c rune) bool { return c < 0x20 || c == 0x7f }) {
			t.Fatalf("verdict %q, reason %q", r.Verdict, r.VerdictReason)
		}
	})
}
