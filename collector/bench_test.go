package collector

import (
	"context"
	"fmt"
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
