package zipx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
)

// benchArchive is ~16 MiB of mildly compressible data in 16 entries.
func benchArchive(b *testing.B) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	var es []entry
	for i := range 16 {
		d := make([]byte, 1<<20)
		for j := range d {
			d[j] = byte(rng.IntN(16)) + 'a'
		}
		es = append(es, entry{fmt.Sprintf("assets/blob%d", i), d})
	}
	return buildZip(b, es...)
}

// smallArchive is 2000 entries of 1-4 KiB, like the res/ tree of an APK.
func smallArchive(b *testing.B) ([]byte, int64) {
	rng := rand.New(rand.NewPCG(3, 4))
	var es []entry
	var total int64
	for i := range 2000 {
		d := make([]byte, 1024+rng.IntN(3072))
		for j := range d {
			d[j] = byte(rng.IntN(16)) + 'a'
		}
		total += int64(len(d))
		es = append(es, entry{fmt.Sprintf("res/xml/f%d.xml", i), d})
	}
	return buildZip(b, es...), total
}

// BenchmarkSmallEntries compares zipx with archive/zip on many small entries,
// where per-entry overhead (not inflate speed) dominates.
func BenchmarkSmallEntries(b *testing.B) {
	data, total := smallArchive(b)
	b.Run("archive-zip", func(b *testing.B) {
		b.SetBytes(total)
		b.ReportAllocs()
		for b.Loop() {
			zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			for _, f := range zr.File {
				rc, _ := f.Open()
				if _, err := io.ReadAll(rc); err != nil {
					b.Fatal(err)
				}
				rc.Close()
			}
		}
	})
	b.Run("zipx", func(b *testing.B) {
		b.SetBytes(total)
		b.ReportAllocs()
		for b.Loop() {
			r, _ := NewReader("bench.zip", bytes.NewReader(data), int64(len(data)), DefaultLimits())
			for _, f := range r.Files() {
				if _, err := f.ReadAll(); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// BenchmarkReadAll compares zipx (limits enforced) with raw archive/zip on
// the same archive; compare the MB/s of the two sub-benchmarks.
func BenchmarkReadAll(b *testing.B) {
	data := benchArchive(b)
	const total = 16 << 20
	b.Run("archive-zip", func(b *testing.B) {
		b.SetBytes(total)
		for b.Loop() {
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				b.Fatal(err)
			}
			for _, f := range zr.File {
				rc, _ := f.Open()
				if _, err := io.ReadAll(rc); err != nil {
					b.Fatal(err)
				}
				rc.Close()
			}
		}
	})
	b.Run("zipx", func(b *testing.B) {
		b.SetBytes(total)
		for b.Loop() {
			r, err := NewReader("bench.zip", bytes.NewReader(data), int64(len(data)), DefaultLimits())
			if err != nil {
				b.Fatal(err)
			}
			for _, f := range r.Files() {
				if _, err := f.ReadAll(); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// BenchmarkOpen compares opening a 20,000-entry archive from a file with
// archive/zip and with zipx, which also walks the central directory first
// and reads each entry's local header to refuse overlapping entries.
func BenchmarkOpen(b *testing.B) {
	var es []entry
	for i := range 20000 {
		es = append(es, entry{fmt.Sprintf("res/drawable/f%05d.png", i), []byte("x")})
	}
	path := writeTemp(b, buildZip(b, es...))
	b.Run("archive-zip", func(b *testing.B) {
		for b.Loop() {
			zr, err := zip.OpenReader(path)
			if err != nil {
				b.Fatal(err)
			}
			zr.Close()
		}
	})
	b.Run("zipx", func(b *testing.B) {
		for b.Loop() {
			r, err := Open(path, DefaultLimits())
			if err != nil {
				b.Fatal(err)
			}
			r.Close()
		}
	})
}
