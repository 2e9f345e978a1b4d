package arsc

import (
	"hash/crc32"
	"os"
	"testing"
)

// Benchmarks report bytes/s; compare Decode with BenchmarkBaselineCRC32, a
// single linear pass over the same bytes, for a machine-independent ratio.

func benchData(b *testing.B, apk string) []byte {
	b.Helper()
	if _, err := os.Stat(apk); err != nil {
		b.Skip(err)
	}
	return readZip(b, apk, "resources.arsc")
}

func BenchmarkDecodeFixture(b *testing.B) {
	data := benchData(b, "testdata/plain.apk")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeFramework(b *testing.B) {
	data := benchData(b, frameworkRes)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBaselineCRC32Framework(b *testing.B) {
	data := benchData(b, frameworkRes)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		crc32.ChecksumIEEE(data)
	}
}

func BenchmarkStringsFramework(b *testing.B) {
	tab, err := Decode(benchData(b, frameworkRes))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		_ = tab.Strings(func(uint32, string) error { return nil })
	}
}

func BenchmarkResolveFixture(b *testing.B) {
	tab, err := Decode(benchData(b, "testdata/short.apk"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := tab.Resolve(nscID); err != nil {
			b.Fatal(err)
		}
	}
}
