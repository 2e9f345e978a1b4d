// Package bench holds benchmarks that compare pinkit against a baseline in
// the same run. See RESULTS-handshake.md for how to run them.
package bench

import (
	"crypto/tls"
	"slices"
	"testing"
	"time"

	pin "github.com/pinkit/pinkit"
	"github.com/pinkit/pinkit/internal/pintest"
)

const host = "api.example.com"

// handshakeServer accepts connections, completes the handshake and closes.
// Session tickets are off, so every handshake is a full one.
func handshakeServer(b *testing.B, chain pintest.Chain) string {
	b.Helper()
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{
		Certificates:           []tls.Certificate{chain.TLSCertificate()},
		SessionTicketsDisabled: true,
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				_ = c.(*tls.Conn).Handshake()
				c.Close()
			}()
		}
	}()
	return ln.Addr().String()
}

func policy(b *testing.B, w *pintest.World) *pin.Policy {
	b.Helper()
	p, err := pin.NewPolicy(
		pin.HostPins(host, pin.FromCertificate(w.Inter.Cert), pin.FromCertificate(w.BackupKey)),
		pin.DomainPins("example.net", pin.FromCertificate(w.Root.Cert), pin.FromCertificate(w.BackupKey)),
	)
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkHandshake measures full TLS 1.3 handshakes (P-256 chain,
// leaf + intermediate) over loopback without and with a pin.Policy.
// Compare the two with: benchstat -col /mode
func BenchmarkHandshake(b *testing.B) {
	w := pintest.NewWorld(b)
	addr := handshakeServer(b, w.Legit(b, host))
	p := policy(b, w)
	plain := pintest.Client(w.Roots, host) // no ClientSessionCache: no resumption
	configs := []struct {
		name string
		cfg  *tls.Config
	}{{"mode=plain", plain}, {"mode=pinned", p.TLSConfig(plain)}}
	for _, c := range configs {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				conn, err := tls.Dial("tcp", addr, c.cfg)
				if err != nil {
					b.Fatal(err)
				}
				if conn.ConnectionState().DidResume {
					b.Fatal("handshake resumed")
				}
				conn.Close()
			}
		})
	}
}

// BenchmarkHandshakePaired alternates plain and pinned full handshakes
// inside one loop (swapping their order every iteration) and reports the
// median duration of each side and the ratio of the medians. On a shared,
// loaded machine this cancels the drift and the scheduler stalls that
// separate sub-benchmarks suffer from.
func BenchmarkHandshakePaired(b *testing.B) {
	w := pintest.NewWorld(b)
	addr := handshakeServer(b, w.Legit(b, host))
	plain := pintest.Client(w.Roots, host)
	cfgs := [2]*tls.Config{plain, policy(b, w).TLSConfig(plain)}
	var samples [2][]time.Duration
	i := 0
	for b.Loop() {
		for k := range 2 {
			side := (i + k) % 2
			start := time.Now()
			conn, err := tls.Dial("tcp", addr, cfgs[side])
			if err != nil {
				b.Fatal(err)
			}
			samples[side] = append(samples[side], time.Since(start))
			conn.Close()
		}
		i++
	}
	plainMed, pinnedMed := median(samples[0]), median(samples[1])
	b.ReportMetric(float64(plainMed.Nanoseconds()), "plain-ns/hs")
	b.ReportMetric(float64(pinnedMed.Nanoseconds()), "pinned-ns/hs")
	b.ReportMetric(float64(pinnedMed)/float64(plainMed), "pinned/plain")
}

func median(d []time.Duration) time.Duration {
	slices.Sort(d)
	return d[len(d)/2]
}

// connState returns the client state of one real handshake.
func connState(b *testing.B, w *pintest.World, serverName string, chain pintest.Chain) tls.ConnectionState {
	b.Helper()
	addr := handshakeServer(b, chain)
	conn, err := tls.Dial("tcp", addr, pintest.Client(w.Roots, serverName))
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	return conn.ConnectionState()
}

// BenchmarkVerifyConnection measures the pin check alone.
func BenchmarkVerifyConnection(b *testing.B) {
	w := pintest.NewWorld(b)
	p := policy(b, w)
	cases := []struct {
		name string
		cs   tls.ConnectionState
		fail bool
	}{
		{"case=exact-host-match", connState(b, w, host, w.Legit(b, host)), false},
		{"case=domain-match-deep", connState(b, w, "a.b.c.example.net", w.Legit(b, "a.b.c.example.net")), false},
		{"case=unpinned-host", connState(b, w, "www.example.org", w.Legit(b, "www.example.org")), false},
		{"case=upper-case-host", withName(connState(b, w, host, w.Legit(b, host)), "API.Example.COM"), false},
		{"case=mismatch", connState(b, w, host, w.Forged(b, host)), true},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := p.VerifyConnection(c.cs); (err != nil) != c.fail {
					b.Fatal(err)
				}
			}
		})
	}
}

func withName(cs tls.ConnectionState, name string) tls.ConnectionState {
	cs.ServerName = name
	return cs
}
