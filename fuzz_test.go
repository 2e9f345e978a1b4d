package pin_test

import (
	"bufio"
	"crypto/x509"
	"errors"
	"os"
	"testing"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/internal/pintest"
)

// seeds returns the lines of a file under testdata/pin.
func seeds(f *testing.F, name string) []string {
	f.Helper()
	file, err := os.Open("testdata/pin/" + name)
	if err != nil {
		f.Fatal(err)
	}
	defer file.Close()
	var out []string
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	if err := sc.Err(); err != nil {
		f.Fatal(err)
	}
	return out
}

// FuzzParsePin: ParsePin never panics, and an accepted pin round-trips
// exactly (parsing is strict, so only the canonical form is accepted).
func FuzzParsePin(f *testing.F) {
	for _, s := range seeds(f, "pins.txt") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := pin.ParsePin(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if p.String() != s {
			t.Fatalf("ParsePin(%q).String() = %q", s, p.String())
		}
		q, err := pin.ParsePin(p.String())
		if err != nil || q != p {
			t.Fatalf("round trip of %q: %v", s, err)
		}
	})
}

// FuzzNewPolicy: random host and pin strings never panic; an accepted
// policy pins the host it was given under every spelling Check sees and
// fails closed for it.
func FuzzNewPolicy(f *testing.F) {
	hosts := seeds(f, "hosts.txt")
	pins := seeds(f, "pins.txt")
	for i, h := range hosts {
		f.Add(h, pins[i%len(pins)], pins[(i+1)%len(pins)], i%2 == 0, i%3 == 0, "www."+h)
	}
	w := pintest.NewWorld(f)
	forged := [][]*x509.Certificate{{w.Forged(f, "x.example").Certs[0], w.Rogue.Cert}}
	f.Fuzz(func(t *testing.T, host, pin1, pin2 string, domain, reportOnly bool, probe string) {
		opt := pin.Host(host, pin1, pin2)
		if domain {
			opt = pin.Domain(host, pin1, pin2)
		}
		opts := []pin.Option{opt}
		if reportOnly {
			opts = append(opts, pin.ReportOnly())
		}
		p, err := pin.NewPolicy(opts...)
		if err != nil {
			return
		}
		_ = p.Check(probe, forged) // never panics
		if len(p.Hash()) != 64 {
			t.Fatalf("hash %q", p.Hash())
		}
		if err := p.Check(host, nil); !errors.Is(err, pin.ErrNoVerifiedChain) {
			t.Fatalf("Check(%q, nil) = %v, want ErrNoVerifiedChain", host, err)
		}
		if err := p.Check(host, forged); !errors.Is(err, pin.ErrPinMismatch) {
			t.Fatalf("Check(%q, forged) = %v, want ErrPinMismatch", host, err)
		}
		if domain {
			if err := p.Check("sub."+host, nil); !errors.Is(err, pin.ErrNoVerifiedChain) {
				t.Fatalf("Domain(%q) does not cover sub.%s: %v", host, host, err)
			}
		}
	})
}
