package zipx

import (
	"bytes"
	stdflate "compress/flate"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/klauspost/compress/flate"
)

// inflateBoth decodes src with the inflater zipx uses and with the standard
// library's, stopping each at limit bytes.
func inflateBoth(src []byte, limit int64) (got, want []byte, gotErr, wantErr error) {
	got, gotErr = io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(src)), limit))
	want, wantErr = io.ReadAll(io.LimitReader(stdflate.NewReader(bytes.NewReader(src)), limit))
	return
}

// FuzzInflateMatchesStdlib: zipx swapped compress/flate for a faster
// decoder, which must accept exactly the streams the standard library
// accepts and produce the same bytes. Malformed input must fail in both.
func FuzzInflateMatchesStdlib(f *testing.F) {
	for _, level := range []int{stdflate.NoCompression, stdflate.BestSpeed, stdflate.BestCompression, stdflate.HuffmanOnly} {
		var b bytes.Buffer
		w, _ := stdflate.NewWriter(&b, level)
		w.Write(bytes.Repeat([]byte("https://api.example.com/v1/pins lorem ipsum "), 200))
		w.Close()
		f.Add(b.Bytes())
		f.Add(b.Bytes()[:b.Len()/2]) // truncated
	}
	f.Add([]byte{0x07})             // reserved block type
	f.Add([]byte{0x01, 0x00, 0x00}) // stored block, bad length complement
	f.Fuzz(func(t *testing.T, src []byte) {
		got, want, gotErr, wantErr := inflateBoth(src, 1<<20)
		if (gotErr == nil) != (wantErr == nil) {
			t.Fatalf("error mismatch: zipx's inflater %v, compress/flate %v", gotErr, wantErr)
		}
		if gotErr == nil && !bytes.Equal(got, want) {
			t.Fatalf("output differs: %d bytes vs %d", len(got), len(want))
		}
	})
}

// TestInflateMatchesStdlibOnCorruptions flips every bit of a real stream
// once: no corruption may decode in one decoder and not the other, or to
// other bytes. (What each hands out before failing may differ by a byte:
// zipx rejects the entry either way.)
func TestInflateMatchesStdlibOnCorruptions(t *testing.T) {
	var b bytes.Buffer
	w, _ := stdflate.NewWriter(&b, stdflate.DefaultCompression)
	w.Write(bytes.Repeat([]byte("classes.dex const-string https://pins.example.org "), 40))
	w.Close()
	src := b.Bytes()
	for i := range len(src) * 8 {
		c := bytes.Clone(src)
		c[i/8] ^= 1 << (i % 8)
		got, want, gotErr, wantErr := inflateBoth(c, 1<<20)
		if (gotErr == nil) != (wantErr == nil) || gotErr == nil && !bytes.Equal(got, want) {
			t.Fatalf("bit %d: zipx's inflater (%d bytes, %v) and compress/flate (%d bytes, %v) disagree", i, len(got), gotErr, len(want), wantErr)
		}
	}
}

// BenchmarkInflate compares zipx's inflater with the standard library's on
// ~8 MiB of DEX-like text (URLs and log strings), deflated at level 6.
func BenchmarkInflate(b *testing.B) {
	var plain bytes.Buffer
	rng := rand.New(rand.NewPCG(5, 6))
	for i := 0; plain.Len() < 8<<20; i++ {
		fmt.Fprintf(&plain, "https://h%x.example.org/v%d/%x\x00Lcom/example/C%d;->m%d()V\x00request %x failed\x00", rng.Uint32(), i%7, rng.Uint64(), i/100, i%13, rng.Uint32())
	}
	var comp bytes.Buffer
	w, _ := stdflate.NewWriter(&comp, 6)
	w.Write(plain.Bytes())
	w.Close()
	decoders := []struct {
		name string
		open func(io.Reader) io.Reader
	}{
		{"compress-flate", func(r io.Reader) io.Reader { return stdflate.NewReader(r) }},
		{"zipx", func(r io.Reader) io.Reader { return flate.NewReader(r) }},
	}
	for _, d := range decoders {
		b.Run(d.name, func(b *testing.B) {
			b.SetBytes(int64(plain.Len()))
			for b.Loop() {
				if _, err := io.Copy(io.Discard, d.open(bytes.NewReader(comp.Bytes()))); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
