package dex

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	"github.com/pinkit/pinkit/internal/android/resbin"
)

// bothWays reads data with Read and with ReadBytes and returns the strings
// and error text of each.
func bothWays(data []byte) (viaRead, viaBytes []string, errRead, errBytes string) {
	r := bytes.NewReader(data)
	e1 := Read("classes.dex", r, int64(len(data)), func(s string) error {
		viaRead = append(viaRead, s)
		return nil
	})
	e2 := ReadBytes("classes.dex", r, int64(len(data)), func(_ int, _ uint32, b []byte) error {
		viaBytes = append(viaBytes, string(b))
		return nil
	})
	return viaRead, viaBytes, fmt.Sprint(e1), fmt.Sprint(e2)
}

// TestReadBytesMatchesRead: the allocation-free path yields the same
// strings and the same errors as Read, for real smali output, a big
// table with non-ASCII strings, a v041 container, shared strings and every
// truncation of a real DEX.
func TestReadBytesMatchesRead(t *testing.T) {
	t.Parallel()
	inputs := map[string][]byte{
		"classes.dex":  readFixture(t, "classes.dex"),
		"classes2.dex": readFixture(t, "classes2.dex"),
		"big":          bigDex(5000),
		"container":    encodeContainer(dexSpec{strs: strs("La;", "x")}, dexSpec{strs: strs("é", "https://a.example")}),
		"shared":       sharedStringDex(10, 300),
		"flood":        sharedStringDex(100, 1<<14),
	}
	full := inputs["classes.dex"]
	for n := range len(full) {
		inputs[fmt.Sprintf("cut%d", n)] = full[:n]
	}
	for name, data := range inputs {
		a, b, ea, eb := bothWays(data)
		if !slices.Equal(a, b) || ea != eb {
			t.Errorf("%s: Read gave %d strings, %s; ReadBytes gave %d strings, %s", name, len(a), ea, len(b), eb)
		}
	}
}

// TestStringBytesNoAllocs: ASCII strings cost no allocation.
func TestStringBytesNoAllocs(t *testing.T) {
	data := bigDex(20_000) // one string in 7 is not ASCII
	f, err := Open("classes.dex", bytes.NewReader(data), int64(len(data)), resbin.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	ascii := 0
	got := allocated(func() {
		err = f.StringBytes(func(i uint32, b []byte) error {
			if i%7 != 0 {
				ascii++
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	// Only the non-ASCII strings allocate (a string and its bytes, < 200 B each).
	if limit := uint64(20_000-ascii) * 400; got > limit {
		t.Errorf("StringBytes allocated %d bytes for %d ASCII strings, want < %d", got, ascii, limit)
	}
}

func FuzzReadBytes(f *testing.F) {
	f.Add(readFixture(f, "classes.dex"))
	f.Add(readFixture(f, "classes2.dex"))
	f.Add(encodeContainer(dexSpec{strs: strs("La;", "x")}, dexSpec{strs: strs("é")}))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, b, ea, eb := bothWays(data)
		if !slices.Equal(a, b) || ea != eb {
			t.Fatalf("Read: %q, %s; ReadBytes: %q, %s", a, ea, b, eb)
		}
	})
}

func BenchmarkReadBytes(b *testing.B) {
	data := bigDex(100_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		err := ReadBytes("classes.dex", bytes.NewReader(data), int64(len(data)), func(int, uint32, []byte) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
	}
}
