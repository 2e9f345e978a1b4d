package apk

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// fixtureEntry reads one entry of a committed fixture APK with the standard
// library (independent of internal/zipx).
func fixtureEntry(t testing.TB, apkName, entry string) []byte {
	t.Helper()
	zr, err := zip.OpenReader(filepath.Join(fixtureDir, apkName))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	f, err := zr.Open(entry)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// asciiStrings reads a DEX string table assuming ASCII strings (true of the
// fixtures), as an oracle independent of internal/dex.
func asciiStrings(t *testing.T, d []byte) []string {
	t.Helper()
	n, off := binary.LittleEndian.Uint32(d[0x38:]), binary.LittleEndian.Uint32(d[0x3c:])
	out := make([]string, n)
	for i := range out {
		p := binary.LittleEndian.Uint32(d[off+uint32(i)*4:])
		r := ulebReader{d: d, off: uint64(p)}
		l := r.next()
		out[i] = string(d[r.off : r.off+uint64(l)])
	}
	return out
}

func TestScanDexCode(t *testing.T) {
	t.Parallel()
	d := fixtureEntry(t, "okhttp.apk", "classes.dex")
	strs := asciiStrings(t, d)
	code, err := scanDexCode(d)
	if err != nil {
		t.Fatal(err)
	}
	var pinning []string
	for _, m := range code.methods {
		if si, _ := code.classString(m.class); strs[si] != "Lcom/example/okhttp/Pinning;" {
			continue
		}
		for _, i := range m.strings {
			pinning = append(pinning, strs[i])
		}
	}
	want := []string{
		"api.example.com",
		"sha256/oGy7eOkKIV15fpEGkhDUvfR+P6S/jK/U9Bv9rmpVvhE=",
		"sha256/odUGhNGyTxB4UDzYwnwM37QxpyMPGMZD4mS350iw9gY=",
		"*.cdn.example.com",
		"sha256/xRWZhWcLIkRP2d5HF+Sdq731CtEzjBc4zYaC5RGr1FE=",
	}
	if !slices.Equal(pinning, want) {
		t.Errorf("const-strings of Pinning.pinner():\n got %q\nwant %q", pinning, want)
	}
	for i, s := range strs {
		if s == "https://img.cdn.example.com/" {
			first, _ := code.firstClass(uint32(i))
			if si, _ := code.classString(first); strs[si] != "Lcom/example/okhttp/Api;" {
				t.Errorf("first class of %q = %q, want Lcom/example/okhttp/Api;", s, strs[si])
			}
		}
	}
}

func TestScanDexCodeTruncated(t *testing.T) {
	t.Parallel()
	d := fixtureEntry(t, "okhttp.apk", "classes.dex")
	for _, n := range []int{0, 0x20, 0x70, len(d) / 2, len(d) - 1} {
		if _, err := scanDexCode(d[:n]); err == nil && n < len(d)/2 {
			t.Errorf("scanDexCode(%d of %d bytes): no error", n, len(d))
		}
	}
}

func FuzzScanDexCode(f *testing.F) {
	for _, name := range []string{"okhttp.apk", "multidex.apk"} {
		zr, err := zip.OpenReader(filepath.Join(fixtureDir, name))
		if err != nil {
			f.Fatal(err)
		}
		for _, zf := range zr.File {
			if dexName.MatchString(zf.Name) {
				rc, _ := zf.Open()
				data, _ := io.ReadAll(rc)
				rc.Close()
				f.Add(data)
			}
		}
		zr.Close()
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = scanDexCode(data) // must not panic or hang
	})
}

// readAllEntries returns every entry of a fixture APK.
func readAllEntries(t *testing.T, apkName string) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(filepath.Join(fixtureDir, apkName))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string][]byte{}
	for _, f := range zr.File {
		out[f.Name] = fixtureEntry(t, apkName, f.Name)
	}
	return out
}

// zipBytes builds a zip archive of files.
func zipBytes(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestMethodPairs(t *testing.T) {
	t.Parallel()
	const a, b = "api.example.com", "*.cdn.example.com"
	const p1, p2, p3 = "sha256/oGy7eOkKIV15fpEGkhDUvfR+P6S/jK/U9Bv9rmpVvhE=", "sha256/odUGhNGyTxB4UDzYwnwM37QxpyMPGMZD4mS350iw9gY=", "sha256/xRWZhWcLIkRP2d5HF+Sdq731CtEzjBc4zYaC5RGr1FE="
	tests := []struct {
		name  string
		order []string
		want  string // "pattern>pin" pairs, or "ambiguous"
	}{
		{"javac order", []string{a, p1, p2, b, p3}, "api.example.com>1 api.example.com>2 *.cdn.example.com>3"},
		{"hoisted constants", []string{a, b, p1, p2, p3}, "ambiguous"},
		{"pins first", []string{p1, a, p2}, "ambiguous"},
		{"trailing pattern", []string{a, p1, b}, "ambiguous"},
		{"other strings between", []string{"Lokhttp3/CertificatePinner;", a, "log", p1}, "api.example.com>1"},
		{"no pins", []string{a, b}, "ambiguous"}, // nothing to pair either way
	}
	for _, tt := range tests {
		d := &dexStrings{}
		var idx []uint32
		for i, s := range tt.order {
			d.keptIdx, d.keptStr = append(d.keptIdx, uint32(i)), append(d.keptStr, s)
			d.kinds = append(d.kinds, classify([]byte(s)))
			idx = append(idx, uint32(i))
		}
		pairs, ok := d.methodPairs(idx)
		got := "ambiguous"
		if ok {
			var parts []string
			for _, p := range pairs {
				parts = append(parts, p.pattern+">"+map[string]string{p1: "1", p2: "2", p3: "3"}[d.str(p.pin)])
			}
			got = strings.Join(parts, " ")
		}
		if got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
