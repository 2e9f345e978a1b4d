package zipx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type entry struct {
	name string
	data []byte
}

// buildZip writes a real zip archive with archive/zip.
func buildZip(t testing.TB, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, e := range entries {
		fw, err := w.Create(e.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeTemp(t testing.TB, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "a.apk")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadEntries(t *testing.T) {
	t.Parallel()
	data := buildZip(t,
		entry{"AndroidManifest.xml", []byte("manifest")},
		entry{"classes.dex", bytes.Repeat([]byte("dex\n035"), 1000)},
		entry{"res/", nil},
	)
	r, err := Open(writeTemp(t, data), DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got := len(r.Files()); got != 3 {
		t.Fatalf("Files() = %d entries, want 3", got)
	}
	f, ok := r.Find("classes.dex")
	if !ok {
		t.Fatal("Find(classes.dex) not found")
	}
	b, err := f.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := bytes.Repeat([]byte("dex\n035"), 1000); !bytes.Equal(b, want) {
		t.Fatalf("ReadAll returned %d bytes, want %d", len(b), len(want))
	}
	if _, ok := r.Find("missing"); ok {
		t.Fatal("Find(missing) found something")
	}
	if d, _ := r.Find("res/"); !d.IsDir() {
		t.Fatal("res/ is not a directory")
	}
	if r.TotalRead() != int64(len(b)) {
		t.Fatalf("TotalRead = %d, want %d", r.TotalRead(), len(b))
	}
}

// bombEntry returns a zip whose single entry "payload.bin" inflates to n
// bytes of zeros (n a multiple of 1 MiB), built by repeating one
// independently compressed 1 MiB deflate block so the test never holds n
// bytes. The header declares declared bytes.
func bombZip(t testing.TB, n, declared int64) []byte {
	t.Helper()
	const chunk = 1 << 20
	zeros := make([]byte, chunk)
	var blk bytes.Buffer
	fw, _ := flate.NewWriter(&blk, flate.BestCompression)
	fw.Write(zeros)
	fw.Flush() // byte-aligned, non-final blocks referencing only this chunk
	var crc uint32
	var body bytes.Buffer
	for i := int64(0); i < n/chunk; i++ {
		body.Write(blk.Bytes())
		crc = crc32.Update(crc, crc32.IEEETable, zeros)
	}
	body.Write([]byte{0x03, 0x00}) // final empty fixed-Huffman block
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: "payload.bin", Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(body.Len()), UncompressedSize64: uint64(declared),
	})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(body.Bytes())
	zw.Close()
	return out.Bytes()
}

func TestBombBlockIsValid(t *testing.T) {
	t.Parallel()
	data := bombZip(t, 3<<20, 3<<20)
	r, err := NewReader("small.zip", bytes.NewReader(data), int64(len(data)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.Files()[0].ReadAll()
	if err != nil || len(b) != 3<<20 {
		t.Fatalf("ReadAll = %d bytes, %v; want %d bytes of a valid stream", len(b), err, 3<<20)
	}
}

func TestZipBomb(t *testing.T) {
	t.Parallel()
	const gib = 1 << 30
	honest := bombZip(t, gib, gib)
	lying := bombZip(t, gib, 1<<40) // declares 1 TiB so archive/zip's own size check never fires first
	tests := []struct {
		name    string
		data    []byte
		lim     Limits
		atOpen  bool
		is      error
		want    string
		maxRead int64
	}{
		{"declared size", honest, DefaultLimits(), true, ErrLimit, "exceeds the 536870912 byte entry limit", 0},
		{"ratio", lying, Limits{MaxRatio: 200, RatioFloor: 1 << 20}, false, ErrLimit, "compression ratio exceeds 200:1", 2 << 20},
		{"lying size", bombZip(t, 64<<20, 2<<20), Limits{}, false, ErrFormat, "inflates past its declared 2097152 bytes", 3 << 20},
		{"total size", lying, Limits{MaxTotalSize: 3 << 20}, false, ErrLimit, "more than the 3145728 byte total limit", 4 << 20},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r, err := NewReader("bomb.apk", bytes.NewReader(tc.data), int64(len(tc.data)), tc.lim)
			if err != nil {
				t.Fatal(err)
			}
			f, _ := r.Find("payload.bin")
			var rc io.ReadCloser
			rc, err = f.Open()
			if err == nil {
				if tc.atOpen {
					t.Fatal("Open succeeded, want declared-size error")
				}
				_, err = io.Copy(io.Discard, rc)
				rc.Close()
			}
			if !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.want) ||
				!strings.Contains(err.Error(), `bomb.apk: entry "payload.bin"`) {
				t.Fatalf("err = %v, want %v naming archive, entry and %q", err, tc.is, tc.want)
			}
			if r.TotalRead() > tc.maxRead {
				t.Fatalf("decompressed %d bytes before failing, want <= %d", r.TotalRead(), tc.maxRead)
			}
		})
	}
}

func TestTotalAcrossEntries(t *testing.T) {
	t.Parallel()
	blob := bytes.Repeat([]byte{1}, 1<<20)
	data := buildZip(t, entry{"a", blob}, entry{"b", blob}, entry{"c", blob})
	r, err := NewReader("t.apk", bytes.NewReader(data), int64(len(data)), Limits{MaxTotalSize: 5 << 19})
	if err != nil {
		t.Fatal(err)
	}
	var last error
	for _, f := range r.Files() {
		if _, err := f.ReadAll(); err != nil {
			last = err
			break
		}
	}
	if !errors.Is(last, ErrLimit) || !strings.Contains(last.Error(), `entry "c"`) {
		t.Fatalf("err = %v, want total limit on entry c", last)
	}
}

func TestBadArchives(t *testing.T) {
	t.Parallel()
	good := buildZip(t, entry{"AndroidManifest.xml", bytes.Repeat([]byte("x"), 5000)})
	var many []entry
	for i := range 101 {
		many = append(many, entry{fmt.Sprintf("f%d", i), nil})
	}
	tests := []struct {
		name string
		data []byte
		lim  Limits
		is   error
		want string
	}{
		{"not a zip", []byte("this is not a zip file at all, just text"), DefaultLimits(), ErrFormat, "failed to read central directory"},
		{"empty file", nil, DefaultLimits(), ErrFormat, "failed to read central directory"},
		{"truncated", good[:len(good)-10], DefaultLimits(), ErrFormat, "failed to read central directory"},
		{"too many entries", buildZip(t, many...), Limits{MaxEntries: 100}, ErrLimit, "declares 101 entries, limit is 100"},
		{"long name", buildZip(t, entry{strings.Repeat("n", 300), nil}), Limits{MaxNameLen: 255}, ErrLimit, "entry name is 300 bytes"},
		{"duplicate", buildZip(t, entry{"classes.dex", []byte("a")}, entry{"classes.dex", []byte("b")}), DefaultLimits(), ErrDuplicate, `entry "classes.dex": name appears more than once`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Open(writeTemp(t, tc.data), tc.lim)
			if err != nil && strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
			if !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "a.apk") {
				t.Fatalf("err = %v, want %v naming a.apk and %q", err, tc.is, tc.want)
			}
		})
	}
}

func TestCorruptEntryData(t *testing.T) {
	t.Parallel()
	data := buildZip(t, entry{"classes.dex", bytes.Repeat([]byte("abcdefgh"), 4096)})
	// Flip bytes inside the compressed data (after the 30+11 byte local header).
	for i := 45; i < 60; i++ {
		data[i] ^= 0xff
	}
	r, err := NewReader("c.apk", bytes.NewReader(data), int64(len(data)), DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Files()[0].ReadAll()
	if err == nil || !strings.Contains(err.Error(), `c.apk: entry "classes.dex"`) {
		t.Fatalf("err = %v, want an error naming archive and entry", err)
	}
}

func TestDuplicatesAllowedFirstWins(t *testing.T) {
	t.Parallel()
	data := buildZip(t, entry{"classes.dex", []byte("first")}, entry{"classes.dex", []byte("second")})
	lim := DefaultLimits()
	lim.AllowDuplicates = true
	r, err := NewReader("d.apk", bytes.NewReader(data), int64(len(data)), lim)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := r.Find("classes.dex")
	if b, _ := f.ReadAll(); string(b) != "first" || len(r.Files()) != 2 {
		t.Fatalf("Find returned %q with %d files, want first of 2", b, len(r.Files()))
	}
}

func TestReadAfterClose(t *testing.T) {
	t.Parallel()
	data := buildZip(t, entry{"a", bytes.Repeat([]byte("x"), 100000)})
	r, _ := NewReader("c.apk", bytes.NewReader(data), int64(len(data)), DefaultLimits())
	rc, err := r.Files()[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	rc.Read(make([]byte, 10))
	rc.Close()
	if _, err := rc.Read(make([]byte, 10)); !errors.Is(err, os.ErrClosed) {
		t.Fatalf("Read after Close = %v, want os.ErrClosed", err)
	}
	if err := rc.Close(); err != nil {
		t.Fatalf("second Close = %v", err)
	}
}

func TestOpenMissingFile(t *testing.T) {
	t.Parallel()
	_, err := Open(filepath.Join(t.TempDir(), "nope.apk"), DefaultLimits())
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err = %v, want ErrNotExist", err)
	}
}

func TestUnsupportedMethod(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateRaw(&zip.FileHeader{Name: "x.bz2", Method: 12, CompressedSize64: 3, UncompressedSize64: 3})
	w.Write([]byte("abc"))
	zw.Close()
	r, err := NewReader("m.ipa", bytes.NewReader(buf.Bytes()), int64(buf.Len()), DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Files()[0].Open()
	if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), `m.ipa: entry "x.bz2"`) || !strings.Contains(err.Error(), "method 12") {
		t.Fatalf("err = %v, want ErrFormat naming the entry and method", err)
	}
}
