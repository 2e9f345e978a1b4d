package apk

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/pinkit/pinkit/audit"
	jsonreport "github.com/pinkit/pinkit/audit/report/json"
	"github.com/pinkit/pinkit/audit/rules"
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

// BenchmarkLoadAudit loads an APK as BenchmarkLoad does, then audits it
// with every rule and writes the JSON report, as `pinkit audit --format
// json` does.
func BenchmarkLoadAudit(b *testing.B) {
	path := os.Getenv("PINKIT_BENCH_APK")
	if path == "" {
		path = filepath.Join(fixtureDir, "multidex.apk")
	}
	b.ReportAllocs()
	for b.Loop() {
		app, err := Load(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		res, err := audit.Run([]*audit.App{app}, audit.Options{Rules: rules.All()})
		if err != nil {
			b.Fatal(err)
		}
		if err := jsonreport.Write(io.Discard, res); err != nil {
			b.Fatal(err)
		}
	}
}
