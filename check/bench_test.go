package check

import (
	"context"
	"crypto/tls"
	"fmt"
	"testing"
	"time"

	"github.com/pinkit/pinkit/internal/pintest"
)

// BenchmarkCheck50 checks 50 hosts, each behind its own local TLS server
// whose handshake is delayed by 20..118 ms (2 ms steps), and reports the
// wall time of the whole run against the slowest single handshake of the
// same run ("wall/slowest": 1.0 would be perfect overlap).
func BenchmarkCheck50(b *testing.B) {
	w := pintest.NewWorld(b)
	chain := w.Legit(b, host)
	cert := chain.TLSCertificate()
	var targets []Target
	for i := range 50 {
		delay := time.Duration(20+2*i) * time.Millisecond
		srv := pintest.Serve(b, chain, func(c *tls.Config) {
			c.GetCertificate = func(*tls.ClientHelloInfo) (*tls.Certificate, error) {
				time.Sleep(delay)
				return &cert, nil
			}
		})
		targets = append(targets, Target{Host: host, Addr: srv.Addr, Pins: []Pin{p(w.Root.Cert, "root", false), p(w.BackupKey, "b", true)}})
	}
	for _, jobs := range []int{8, 16, DefaultJobs} {
		b.Run(fmt.Sprintf("jobs=%d", jobs), func(b *testing.B) {
			o := opts(w)
			o.Jobs = jobs
			var ratio, wallMS, slowMS float64
			for b.Loop() {
				start := time.Now()
				res := Run(context.Background(), targets, o)
				wall := time.Since(start)
				var slowest time.Duration
				for _, r := range res {
					if r.Status != StatusOK {
						b.Fatalf("%s: %s %s", r.Addr, r.Status, r.Error)
					}
					slowest = max(slowest, r.Duration)
				}
				ratio += float64(wall) / float64(slowest)
				wallMS += float64(wall) / 1e6
				slowMS += float64(slowest) / 1e6
			}
			n := float64(b.N)
			b.ReportMetric(ratio/n, "wall/slowest")
			b.ReportMetric(wallMS/n, "wall-ms")
			b.ReportMetric(slowMS/n, "slowest-ms")
		})
	}
}
