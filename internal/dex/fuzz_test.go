package dex

import (
	"bytes"
	"testing"

	"github.com/pinkit/pinkit/internal/android/resbin"
)

func FuzzRead(f *testing.F) {
	f.Add(readFixture(f, "classes.dex"))
	f.Add(readFixture(f, "classes2.dex"))
	f.Add(encodeContainer(dexSpec{strs: strs("La;", "x")}, dexSpec{strs: strs("é")}))
	lim := resbin.Limits{MaxStrings: 1 << 16, MaxStringLen: 1 << 16, MaxTypes: 1 << 16}
	f.Fuzz(func(t *testing.T, data []byte) {
		files, err := OpenAll("fuzz.dex", bytes.NewReader(data), int64(len(data)), lim)
		if err != nil {
			return
		}
		for _, file := range files {
			file.Strings(func(uint32, string) error { return nil })
			file.TypeNames(func(uint32, string) error { return nil })
		}
	})
}
