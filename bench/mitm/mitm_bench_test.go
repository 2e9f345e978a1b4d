package mitmbench

import (
	"testing"
)

func setup(b *testing.B, start func(*World) (*Proxy, error)) (*World, *Proxy) {
	b.Helper()
	w, err := NewWorld()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(w.Close)
	p, err := start(w)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(p.Stop)
	return w, p
}

// BenchmarkHandshake: CONNECT + full TLS handshake per op, warm cache.
func BenchmarkHandshake(b *testing.B) {
	for _, px := range Proxies {
		b.Run(px.Name, func(b *testing.B) {
			w, p := setup(b, px.Start)
			if err := Handshake(p.Addr, w.CARoots); err != nil { // warm the cache
				b.Fatal(err)
			}
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := Handshake(p.Addr, w.CARoots); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "handshakes/s")
		})
	}
}

// BenchmarkHandshakeRequest: CONNECT + handshake + one GET forwarded to
// the upstream per op.
func BenchmarkHandshakeRequest(b *testing.B) {
	for _, px := range Proxies {
		b.Run(px.Name, func(b *testing.B) {
			w, p := setup(b, px.Start)
			c := NewRequestClient(p.Addr, w.CARoots)
			if err := Get(c); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := Get(c); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "handshakes/s")
		})
	}
}

// TestProxiesWork checks that both contenders really MITM and forward,
// so the benchmark compares equal work.
func TestProxiesWork(t *testing.T) {
	w, err := NewWorld()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, px := range Proxies {
		p, err := px.Start(w)
		if err != nil {
			t.Fatal(err)
		}
		if err := Handshake(p.Addr, w.CARoots); err != nil {
			t.Errorf("%s handshake: %v", px.Name, err)
		}
		if err := Get(NewRequestClient(p.Addr, w.CARoots)); err != nil {
			t.Errorf("%s request: %v", px.Name, err)
		}
		if err := Handshake(p.Addr, w.UpRoots); err == nil {
			t.Errorf("%s: a client that trusts only the real upstream CA got through: not a MITM", px.Name)
		}
		p.Stop()
	}
}
