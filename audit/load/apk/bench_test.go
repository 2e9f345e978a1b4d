package apk

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkLoad loads a fixture APK; set PINKIT_BENCH_APK to load another
// (e.g. a big APK built by bench/audit.sh).
func BenchmarkLoad(b *testing.B) {
	path := os.Getenv("PINKIT_BENCH_APK")
	if path == "" {
		path = filepath.Join(fixtureDir, "multidex.apk")
	}
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(fi.Size())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(path, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
