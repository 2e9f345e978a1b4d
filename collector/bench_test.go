package collector

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

func BenchmarkDecode(b *testing.B) {
	data := readTestdata(b, "pinkit.json")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Decode(data, received); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeCached is Decode as the handler runs it: with the issuer
// cache, which the repeated interception CA hits.
func BenchmarkDecodeCached(b *testing.B) {
	data := readTestdata(b, "pinkit.json")
	cache := newIssuerCache()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := decode(data, received, cache); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStoreAdd(b *testing.B) {
	for _, kind := range []string{"sqlite"} {
		b.Run(kind, func(b *testing.B) {
			s, err := Open(context.Background(), b.TempDir()+"/r.db")
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			base, _ := Decode(readTestdata(b, "pinkit.json"), time.Now())
			var n atomic.Int64
			b.SetParallelism(16)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					r := *base
					r.Host = fmt.Sprintf("h%d.example", n.Add(1))
					if _, err := s.Add(context.Background(), &r); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

func BenchmarkHTTPIngest(b *testing.B) {
	s, err := Open(context.Background(), b.TempDir()+"/r.db")
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	h, err := NewHandler(Config{Store: s, Token: testToken})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	body := string(readTestdata(b, "pinkit.json"))
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var n atomic.Int64
	b.SetParallelism(32)
	cpu0 := processCPU(b)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			r := strings.Replace(body, `"api.example.com"`, fmt.Sprintf(`"h%d.example"`, n.Add(1)), 1)
			resp, err := client.Post(srv.URL+"/v1/reports", "application/json", strings.NewReader(r))
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusAccepted {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
	// Client and server share the process: this is the CPU of both.
	b.ReportMetric(float64(processCPU(b)-cpu0)/float64(b.N), "cpu-ns/op")
}

// BenchmarkCommitBatch measures the writer's CPU per report when batches
// hold 32 new reports (about what 5,000 reports/s with one fsync every few
// milliseconds gives): the cpu-ns/report metric is the process's
// user+system time, so waiting for fsync does not count.
func BenchmarkCommitBatch(b *testing.B) {
	s, err := Open(context.Background(), b.TempDir()+"/r.db")
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	base, err := Decode(readTestdata(b, "pinkit.json"), time.Now())
	if err != nil {
		b.Fatal(err)
	}
	const size = 32
	n := 0
	io0 := writeIO(b)
	cpu0 := processCPU(b)
	for b.Loop() {
		batch := make([]*writeReq, size)
		for i := range batch {
			r := *base
			n++
			r.Host = fmt.Sprintf("h%d.example", n)
			batch[i] = newWriteReq(&r)
		}
		s.commit(batch)
		s.ckpt.maybe(s.w) // as the writer does after each batch
		for _, req := range batch {
			if req.err != nil {
				b.Fatal(req.err)
			}
		}
	}
	b.ReportMetric(float64(processCPU(b)-cpu0)/float64(n), "cpu-ns/report")
	if io1 := writeIO(b); io0.ok && io1.ok {
		// What the disk is asked to write does not depend on the machine's
		// load: a steady figure to compare schemas and settings by.
		b.ReportMetric(float64(io1.bytes-io0.bytes)/float64(n), "write-B/report")
		b.ReportMetric(float64(io1.calls-io0.calls)/float64(n), "write-calls/report")
	}
}

// ioCount is the process's write(2)-family calls and bytes (Linux
// /proc/self/io); ok is false elsewhere.
type ioCount struct {
	bytes, calls int64
	ok           bool
}

func writeIO(b *testing.B) ioCount {
	b.Helper()
	data, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return ioCount{}
	}
	c := ioCount{ok: true}
	for _, line := range strings.Split(string(data), "\n") {
		k, v, _ := strings.Cut(line, ": ")
		n, _ := strconv.ParseInt(v, 10, 64)
		switch k {
		case "wchar":
			c.bytes = n
		case "syscw":
			c.calls = n
		}
	}
	return c
}

// processCPU returns the process's user+system CPU time.
func processCPU(b *testing.B) time.Duration {
	b.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
