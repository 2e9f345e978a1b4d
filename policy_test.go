package pin_test

import (
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/internal/pintest"
)

// Fixed pins for construction tests; they match no key.
var (
	pinA = "sha256/" + strings.Repeat("A", 42) + "E="
	pinB = "sha256/" + strings.Repeat("B", 42) + "E="
	pinC = "sha256/" + strings.Repeat("C", 42) + "E="
)

func TestNewPolicyRejects(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 64)
	tests := []struct {
		name    string
		opts    []pin.Option
		wantErr string
	}{
		{"no rules", nil, "no Host or Domain rules"},
		{"empty pin set", []pin.Option{pin.Host("api.example.com")}, "no pins"},
		{"empty parsed pin set", []pin.Option{pin.DomainPins("example.com")}, "no pins"},
		{"one pin enforcing", []pin.Option{pin.Host("api.example.com", pinA)}, "only 1 pin"},
		{"duplicate pin", []pin.Option{pin.Host("api.example.com", pinA, pinA)}, "given twice"},
		{"duplicate host", []pin.Option{pin.Host("a.example.com", pinA, pinB), pin.Host("A.example.com.", pinC, pinB)}, `Host("a.example.com") is given twice`},
		{"duplicate domain", []pin.Option{pin.Domain("example.com", pinA, pinB), pin.Domain("example.com", pinC, pinB)}, "given twice"},
		{"bad pin", []pin.Option{pin.Host("api.example.com", pinA, "sha1/abc=")}, "SHA-1 pins are not supported"},
		{"wildcard", []pin.Option{pin.Host("*.example.com", pinA, pinB)}, `use Domain("example.com"`},
		{"IPv4", []pin.Option{pin.Host("127.0.0.1", pinA, pinB)}, "IP addresses cannot be pinned"},
		{"IPv6", []pin.Option{pin.Host("[::1]", pinA, pinB)}, "IP addresses cannot be pinned"},
		{"IPv4 trailing dot", []pin.Option{pin.Host("127.0.0.1.", pinA, pinB)}, "IP addresses cannot be pinned"},
		{"IPv4 fullwidth", []pin.Option{pin.Host("１２７.０.０.１", pinA, pinB)}, "IP addresses cannot be pinned"},
		{"space", []pin.Option{pin.Host("exa mple.com", pinA, pinB)}, "invalid"},
		{"empty label", []pin.Option{pin.Host("a..example.com", pinA, pinB)}, "empty label"},
		{"two trailing dots", []pin.Option{pin.Host("example.com..", pinA, pinB)}, "empty label"},
		{"hyphen", []pin.Option{pin.Host("-a.example.com", pinA, pinB)}, "hyphen"},
		{"long label", []pin.Option{pin.Host(long+".com", pinA, pinB)}, "longer than 63"},
		{"long name", []pin.Option{pin.Host(strings.Repeat("abc.", 70)+"com", pinA, pinB)}, "longer than 253"},
		{"port", []pin.Option{pin.Host("example.com:443", pinA, pinB)}, "invalid"},
		{"empty host", []pin.Option{pin.Host("", pinA, pinB)}, "empty host"},
		{"bad IDN", []pin.Option{pin.Host("xn--a.example", pinA, pinB)}, "internationalised"},
		{"TLD", []pin.Option{pin.Domain("com", pinA, pinB)}, "public suffix"},
		{"ICANN suffix", []pin.Option{pin.Domain("co.uk", pinA, pinB)}, "ICANN section"},
		{"private suffix appspot", []pin.Option{pin.Domain("appspot.com", pinA, pinB)}, "private section"},
		{"private suffix s3", []pin.Option{pin.Domain("s3.amazonaws.com", pinA, pinB)}, "public suffix"},
		{"private suffix github.io", []pin.Option{pin.Domain("GitHub.IO.", pinA, pinB)}, "public suffix"},
		{"wildcard suffix rule", []pin.Option{pin.Domain("foo.ck", pinA, pinB)}, "public suffix"},
		{"single label", []pin.Option{pin.Domain("localhost", pinA, pinB)}, "public suffix"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := pin.NewPolicy(tt.opts...)
			if err == nil {
				t.Fatalf("NewPolicy succeeded, want error containing %q", tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Fatalf("error leaks the report URL password: %v", err)
			}
		})
	}
}

func TestNewPolicyJoinsErrors(t *testing.T) {
	t.Parallel()
	_, err := pin.NewPolicy(pin.Host("a.example.com", pinA), pin.Domain("com", pinA, pinB))
	if err == nil || !strings.Contains(err.Error(), "only 1 pin") || !strings.Contains(err.Error(), "public suffix") {
		t.Fatalf("error = %v, want both problems", err)
	}
}

func TestNewPolicyAccepts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts []pin.Option
	}{
		{"host and domain of the same name", []pin.Option{pin.Host("example.com", pinA, pinB), pin.Domain("example.com", pinC, pinB)}},
		{"domain under a private suffix", []pin.Option{pin.Domain("myapp.appspot.com", pinA, pinB)}},
		{"domain under an ICANN suffix", []pin.Option{pin.Domain("example.co.uk", pinA, pinB)}},
		{"host equal to a public suffix", []pin.Option{pin.Host("appspot.com", pinA, pinB)}},
		{"one pin in report-only mode", []pin.Option{pin.ReportOnly(), pin.Host("a.example.com", pinA)}},
		{"report-only before or after rules", []pin.Option{pin.Host("a.example.com", pinA), pin.ReportOnly()}},
		{"parsed pins", []pin.Option{pin.HostPins("a.example.com", pin.MustParsePin(pinA), pin.MustParsePin(pinB))}},
		{"underscore", []pin.Option{pin.Host("_srv.example.com", pinA, pinB)}},
		{"IDN", []pin.Option{pin.Domain("bücher.example", pinA, pinB)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := pin.NewPolicy(tt.opts...); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// matchedRule returns the rule Check applies to host, found by checking a
// chain that matches no pin: "" means the host is not pinned.
func matchedRule(t *testing.T, p *pin.Policy, host string, chain []*x509.Certificate) string {
	t.Helper()
	err := p.Check(host, [][]*x509.Certificate{chain})
	if err == nil {
		return ""
	}
	var pe *pin.Error
	if !errors.As(err, &pe) || !errors.Is(err, pin.ErrPinMismatch) {
		t.Fatalf("Check(%q) = %v, want *pin.Error wrapping ErrPinMismatch", host, err)
	}
	return pe.Rule
}

// TestHostMatching covers DESIGN.md §2 host rules and ANCHORS.md 4: exact
// beats domain, the longest domain wins, label boundaries (TrustKit #156,
// #138), case, trailing dot and IDNA.
func TestHostMatching(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	unpinned := w.Forged(t, "x.example").Certs
	p, err := pin.NewPolicy(
		pin.Domain("example.com", pinA, pinB),
		pin.Host("api.example.com", pinA, pinC),
		pin.Domain("eu.example.com", pinB, pinC),
		pin.Domain("domain.com", pinA, pinB),
		pin.Host("Bücher.example", pinA, pinB),
	)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ host, want string }{
		{"example.com", "example.com"},
		{"www.example.com", "example.com"},
		{"a.b.c.example.com", "example.com"},
		{"api.example.com", "api.example.com"},
		{"API.Example.COM", "api.example.com"},
		{"api.example.com.", "api.example.com"},
		{"x.api.example.com", "example.com"},
		{"eu.example.com", "eu.example.com"},
		{"x.eu.example.com", "eu.example.com"},
		{"xeu.example.com", "example.com"},
		{"notexample.com", ""},
		{"totallynotthesamedomain.com", ""},
		{"api.domain.net", ""},
		{"domain.com.evil.net", ""},
		{"example.com.", "example.com"},
		{"xn--bcher-kva.example", "xn--bcher-kva.example"},
		{"XN--BCHER-KVA.EXAMPLE.", "xn--bcher-kva.example"},
		{"bücher.example", "xn--bcher-kva.example"},
		{"BÜCHER.example", "xn--bcher-kva.example"},
		{"sub.bücher.example", ""},
		{"com", ""},
		{"", ""},
		// "." and "exa mple.com" are not host names: they fail closed
		// (TestCheckMalformedHostFailsClosed), no longer pass as unpinned.
	}
	for _, tt := range tests {
		if got := matchedRule(t, p, tt.host, unpinned); got != tt.want {
			t.Errorf("host %q matched rule %q, want %q", tt.host, got, tt.want)
		}
	}
}

// TestOverlappingRulesDeterministic is TrustKit #200: with overlapping
// rules the most specific one must win, whatever the option order, and the
// policy hash must not depend on the order either.
func TestOverlappingRulesDeterministic(t *testing.T) {
	t.Parallel()
	w := pintest.NewWorld(t)
	chain := w.Forged(t, "x.example").Certs
	opts := []pin.Option{
		pin.Domain("example.com", pinA, pinB),
		pin.Domain("a.example.com", pinA, pinC),
		pin.Domain("b.a.example.com", pinB, pinC),
		pin.Host("c.b.a.example.com", pinA, pinB),
	}
	want := map[string]string{
		"c.b.a.example.com":   "c.b.a.example.com",
		"d.c.b.a.example.com": "b.a.example.com",
		"x.b.a.example.com":   "b.a.example.com",
		"x.a.example.com":     "a.example.com",
		"x.example.com":       "example.com",
	}
	var hash string
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 50 {
		rng.Shuffle(len(opts), func(i, j int) { opts[i], opts[j] = opts[j], opts[i] })
		p, err := pin.NewPolicy(opts...)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			hash = p.Hash()
		} else if p.Hash() != hash {
			t.Fatalf("hash changed with option order: %s vs %s", p.Hash(), hash)
		}
		for host, rule := range want {
			if got := matchedRule(t, p, host, chain); got != rule {
				t.Fatalf("order %d: %q matched %q, want %q", i, host, got, rule)
			}
		}
	}
}

func TestPolicyHash(t *testing.T) {
	t.Parallel()
	mk := func(opts ...pin.Option) string {
		t.Helper()
		p, err := pin.NewPolicy(opts...)
		if err != nil {
			t.Fatal(err)
		}
		return p.Hash()
	}
	base := mk(pin.Host("a.example.com", pinA, pinB))
	if len(base) != 64 {
		t.Fatalf("hash %q is not hex SHA-256", base)
	}
	same := []string{
		mk(pin.Host("a.example.com", pinB, pinA)),
		mk(pin.Host("A.EXAMPLE.COM.", pinA, pinB)),
		mk(pin.Host("a.example.com", pinA, pinB), pin.App("other"), pin.ReportOnly()),
	}
	for i, h := range same {
		if h != base {
			t.Errorf("equivalent policy %d has hash %s, want %s", i, h, base)
		}
	}
	day := time.Date(2030, 1, 2, 0, 0, 0, 0, time.UTC)
	differ := []string{
		mk(pin.Domain("a.example.com", pinA, pinB)),
		mk(pin.Host("a.example.com", pinA, pinC)),
		mk(pin.Host("b.example.com", pinA, pinB)),
		mk(pin.Host("a.example.com", pinA, pinB), pin.Expires(day)),
	}
	for i, h := range differ {
		if h == base {
			t.Errorf("different policy %d has the same hash", i)
		}
	}
}
