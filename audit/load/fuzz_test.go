package load

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad feeds arbitrary bytes, as an .apk or an .ipa, through Load:
// dispatch, the loader and its panic guard. It must return exactly one of
// an app and an error, and never crash (a stack overflow or running out of
// memory would end the fuzzer).
func FuzzLoad(f *testing.F) {
	for _, seed := range []struct {
		path string
		ipa  bool
	}{
		{testdata + "/apk/good.apk", false}, {testdata + "/apk/okhttp.apk", false},
		{testdata + "/apk/shortened.apk", false}, {testdata + "/ipa/pinned.ipa", true},
	} {
		data, err := os.ReadFile(seed.path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, seed.ipa)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, ipa bool) {
		p := filepath.Join(dir, "fuzz.apk")
		if ipa {
			p = filepath.Join(dir, "fuzz.ipa")
		}
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		app, err := Load(p)
		if (app == nil) == (err == nil) {
			t.Fatalf("Load = %v, %v: want exactly one of app and error", app, err)
		}
	})
}
