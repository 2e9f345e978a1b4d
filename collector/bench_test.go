package collector

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
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
}
