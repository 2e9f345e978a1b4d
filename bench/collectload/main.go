// Command collectload is a bounded load generator for "pinkit collect":
// it POSTs pin-failure reports (pinkit format with a two-certificate
// chain) to a collector at a target rate for a fixed time and prints the
// achieved throughput and latency percentiles.
//
//	go run ./bench/collectload -url http://127.0.0.1:8787 -rate 5000 -d 20s
package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	url := flag.String("url", "http://127.0.0.1:8787", "collector base URL")
	rate := flag.Int("rate", 5000, "target reports per second (0: as fast as possible)")
	dur := flag.Duration("d", 20*time.Second, "how long to send")
	conc := flag.Int("c", 64, "concurrent connections (bounds the load)")
	dup := flag.Float64("dup", 0.1, "fraction of reports that repeat an earlier one")
	chains := flag.Int("chains", 1, "distinct served chains, used in turn (each is a verdict cache entry)")
	flag.Parse()
	if err := run(*url+"/v1/reports", *rate, *dur, *conc, *dup, max(1, *chains)); err != nil {
		fmt.Fprintln(os.Stderr, "collectload: error:", err)
		os.Exit(2)
	}
}

// result is what one worker measured.
type result struct {
	lat          []time.Duration
	ok, bad, err int
}

func run(url string, rate int, dur time.Duration, conc int, dup float64, chains int) error {
	var chainJSON [][]byte
	for range chains {
		chain, err := chainPEM()
		if err != nil {
			return err
		}
		b, err := json.Marshal(chain)
		if err != nil {
			return err
		}
		chainJSON = append(chainJSON, b)
	}
	tr := &http.Transport{MaxIdleConnsPerHost: conc, MaxConnsPerHost: conc}
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	var seq atomic.Int64
	results := make([]result, conc)
	start := time.Now()
	end := start.Add(dur)
	var wg sync.WaitGroup
	for w := range conc {
		wg.Go(func() { results[w] = worker(client, url, chainJSON, w, conc, rate, start, end, dup, &seq) })
	}
	wg.Wait()
	elapsed := time.Since(start)
	return report(results, elapsed, rate, conc)
}

// worker sends its share of the rate: request i of worker w is due at
// start + (i*conc+w)/rate. Latency is measured from the due time, so a
// stalled server is not hidden (no coordinated omission).
func worker(client *http.Client, url string, chains [][]byte, w, conc, rate int, start, end time.Time, dup float64, seq *atomic.Int64) result {
	var res result
	for i := 0; ; i++ {
		due := time.Now()
		if rate > 0 {
			due = start.Add(time.Duration(float64(i*conc+w) / float64(rate) * float64(time.Second)))
			if d := time.Until(due); d > 0 {
				time.Sleep(d)
			}
		}
		if due.After(end) {
			return res
		}
		n := seq.Add(1)
		if dup > 0 && float64(n%1000)/1000 < dup {
			n = n % 100 // repeat one of a few early reports
		}
		body := reportBody(n, chains[n%int64(len(chains))])
		resp, err := client.Post(url, "application/json", bytes.NewReader(body))
		if err != nil {
			res.err++
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		res.lat = append(res.lat, time.Since(due))
		if resp.StatusCode == http.StatusAccepted {
			res.ok++
		} else {
			res.bad++
		}
	}
}

// reportBody renders a report; the chain is JSON-encoded once up front so
// that the generator spends its CPU on sending, not encoding.
func reportBody(n int64, chainJSON []byte) []byte {
	b := make([]byte, 0, 512+2*len(chainJSON))
	b = fmt.Appendf(b, `{"date-time":%q,"hostname":"h%d.load.example","port":443,"include-subdomains":false,`,
		time.Now().UTC().Format(time.RFC3339), n)
	b = append(b, `"noted-hostname":"load.example","served-certificate-chain":`...)
	b = append(b, chainJSON...)
	b = append(b, `,"validated-certificate-chain":`...)
	b = append(b, chainJSON...)
	b = fmt.Appendf(b, `,"known-pins":["pin-sha256=\"d6qzRu9zOECb90Uez27xWltNsj0e1Md7GkYYkVoZWmM=\""],`+
		`"app":"com.example.app%d","policy-hash":"3q2+7w","mode":"report-only"}`, n%5)
	return b
}

func report(results []result, elapsed time.Duration, rate, conc int) error {
	var all []time.Duration
	var ok, bad, errs int
	for _, r := range results {
		all = append(all, r.lat...)
		ok, bad, errs = ok+r.ok, bad+r.bad, errs+r.err
	}
	if len(all) == 0 {
		return fmt.Errorf("no request completed (%d errors)", errs)
	}
	slices.Sort(all)
	pct := func(p float64) time.Duration { return all[min(len(all)-1, int(float64(len(all))*p))] }
	fmt.Printf("target %d/s, %d connections, %.1fs\n", rate, conc, elapsed.Seconds())
	fmt.Printf("accepted %d (%.0f/s), non-202 %d, errors %d\n", ok, float64(ok)/elapsed.Seconds(), bad, errs)
	fmt.Printf("latency p50 %v  p90 %v  p99 %v  max %v\n",
		pct(0.50).Round(10*time.Microsecond), pct(0.90).Round(10*time.Microsecond),
		pct(0.99).Round(10*time.Microsecond), all[len(all)-1].Round(10*time.Microsecond))
	if bad+errs > 0 {
		return fmt.Errorf("%d requests failed", bad+errs)
	}
	return nil
}

// chainPEM makes a throwaway interception CA and a leaf it signed.
func chainPEM() ([]string, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	ca := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Load Test Interception CA", Organization: []string{"collectload"}},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	leafKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	leaf := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "load.example"}, DNSNames: []string{"load.example"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, ca, &leafKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	enc := func(der []byte) string {
		return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	}
	return []string{enc(leafDER), enc(caDER)}, nil
}
