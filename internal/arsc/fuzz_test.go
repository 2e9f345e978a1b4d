package arsc

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/pinkit/pinkit/internal/android/resbin"
)

// FuzzDecode checks Decode and every accessor never panic, seeded from the
// aapt2 fixtures and encoder-built tables (offset16, compact, UTF-8/16).
func FuzzDecode(f *testing.F) {
	for _, apk := range fixtures() {
		f.Add(readZip(f, apk, "resources.arsc"))
	}
	for seed := range uint64(2) {
		enc, _ := genTable(seed, seed == 1)
		f.Add(enc.Encode())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := resbin.DefaultLimits()
		lim.MaxEntries = 1 << 16
		tab, err := DecodeLimits(data, lim)
		if err != nil {
			if tab != nil {
				t.Fatal("non-nil table with error")
			}
			return
		}
		exercise(tab)
	})
}

// exercise calls every accessor on the first entries of every type chunk
// (all of them would be quadratic: Lookup is a linear scan).
func exercise(tab *Table) {
	budget := 200
	for _, p := range tab.pkgs {
		for _, rt := range p.types {
			for _, tc := range rtChunks(rt) {
				_ = tc.config.String()
				for _, e := range tc.entries {
					if budget--; budget < 0 {
						break
					}
					id := resID(p, rt, e.index)
					_, _ = tab.Resolve(id)
					_ = tab.values(id)
					if n, ok := tab.Name(id); ok {
						_, _ = tab.Lookup(rt.name, n[len(rt.name)+1:])
					}
				}
			}
		}
	}
	_ = tab.Strings(func(uint32, string) error { return nil })
	for _, err := range problems(tab) {
		_ = err.Error()
	}
	_, _ = tab.Resolve(0)
}

// TestMutations is a deterministic, quick stand-in for fuzzing in CI:
// random byte changes to the fixtures must decode or fail cleanly.
func TestMutations(t *testing.T) {
	t.Parallel()
	var seeds [][]byte
	for _, apk := range fixtures() {
		seeds = append(seeds, readZip(t, apk, "resources.arsc"))
	}
	r := rand.New(rand.NewPCG(4, 4))
	n := 500
	if testing.Short() {
		n = 200
	}
	for range n {
		b := append([]byte(nil), seeds[r.IntN(len(seeds))]...)
		for range 1 + r.IntN(4) {
			b[r.IntN(len(b))] = byte(r.Uint32())
		}
		if tab, err := Decode(b); err == nil {
			exercise(tab)
		} else if !errors.Is(err, resbin.ErrFormat) && !errors.Is(err, resbin.ErrLimit) {
			t.Fatalf("error %v wraps neither resbin.ErrFormat nor resbin.ErrLimit", err)
		}
	}
}
