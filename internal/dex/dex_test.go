package dex

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/pinkit/pinkit/internal/android/resbin"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readAll(t testing.TB, name string, data []byte) []string {
	t.Helper()
	var out []string
	err := Read(name, bytes.NewReader(data), int64(len(data)), func(s string) error {
		out = append(out, s)
		return nil
	})
	if err != nil {
		t.Fatalf("Read(%s): %v", name, err)
	}
	return out
}

func TestFixtureStrings(t *testing.T) {
	t.Parallel()
	got := readAll(t, "classes.dex", readFixture(t, "classes.dex"))
	for _, want := range []string{
		"https://api.example.com/v1/login", "wss://push.example.net/socket", "cdn.example.org",
		"sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "sha1/BBBBBBBBBBBBBBBBBBBBBBBBBBB=",
		"日本語 ünïcödé", "emoji 😀 pair", "nul\x00inside", "lone \ufffd high", "Lcom/example/dexfix/Api;",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("string %q not found in %q", want, got)
		}
	}
	// DEX requires string_ids sorted by UTF-16 code units: a decoding bug
	// in any multi-byte form shows up as a break in the order.
	if !slices.IsSortedFunc(got, func(a, b string) int { return slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b))) }) {
		t.Errorf("decoded strings are not in UTF-16 order: %q", got)
	}
	var types []string
	data := readFixture(t, "classes.dex")
	f, err := Open("classes.dex", bytes.NewReader(data), int64(len(data)), resbin.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	f.TypeNames(func(_ uint32, d string) error {
		types = append(types, d)
		return nil
	})
	if want := []string{"Lcom/example/dexfix/Api;", "Ljava/lang/Object;", "V"}; !slices.Equal(types, want) {
		t.Errorf("TypeNames = %q, want %q", types, want)
	}
}

// javaEscape renders s the way `baksmali list strings` does.
func javaEscape(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range utf16.Encode([]rune(s)) {
		switch {
		case c == '"' || c == '\\' || c == '\'':
			b.WriteByte('\\')
			b.WriteByte(byte(c))
		case c >= 0x20 && c < 0x7f:
			b.WriteByte(byte(c))
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		default:
			fmt.Fprintf(&b, `\u%04x`, c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func requireTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not installed", name)
	}
}

// TestSmaliVersions assembles the committed smali sources at API levels
// that give DEX 035, 037, 038 and 039, and compares every decoded string
// with `baksmali list strings` (dexlib2, an independent decoder).
func TestSmaliVersions(t *testing.T) {
	t.Parallel()
	requireTool(t, "smali")
	requireTool(t, "baksmali")
	for api, version := range map[int]int{15: 35, 24: 37, 26: 38, 28: 39} {
		t.Run(fmt.Sprint(version), func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "classes.dex")
			if b, err := exec.Command("smali", "assemble", "-a", fmt.Sprint(api), "testdata/smali/classes", "-o", out).CombinedOutput(); err != nil {
				t.Fatalf("smali: %v\n%s", err, b)
			}
			data, _ := os.ReadFile(out)
			f, err := Open("classes.dex", bytes.NewReader(data), int64(len(data)), resbin.DefaultLimits())
			if err != nil || f.Header().Version != version {
				t.Fatalf("Open: version %d, %v; want %d", f.Header().Version, err, version)
			}
			if version == 39 && !bytes.Equal(data, readFixture(t, "classes.dex")) {
				t.Error("testdata/classes.dex is stale: run testdata/build.sh")
			}
			var got []string
			for _, s := range readAll(t, "classes.dex", data) {
				got = append(got, javaEscape(s))
			}
			oracle, err := exec.Command("baksmali", "list", "strings", out).Output()
			if err != nil {
				t.Fatalf("baksmali: %v", err)
			}
			// Go strings cannot hold the unpaired surrogate; it decodes to U+FFFD.
			want := strings.ReplaceAll(strings.TrimSpace(string(oracle)), `\ud800`, `\ufffd`)
			if strings.Join(got, "\n") != want {
				t.Errorf("strings differ from baksmali\n--- got\n%s\n--- baksmali\n%s", strings.Join(got, "\n"), want)
			}
		})
	}
}

func TestMultidex(t *testing.T) {
	t.Parallel()
	got := readAll(t, "classes2.dex", readFixture(t, "classes2.dex"))
	if !slices.Contains(got, "sha256/CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC=") || !slices.Contains(got, "pinned.example.com") {
		t.Errorf("classes2.dex strings = %q", got)
	}
}

func TestVersions040And041(t *testing.T) {
	t.Parallel()
	v40 := bytes.Clone(readFixture(t, "classes.dex"))
	copy(v40[4:7], "040")
	if got := readAll(t, "classes.dex", v40); !slices.Contains(got, "cdn.example.org") {
		t.Errorf("v040: %q", got)
	}
	container := encodeContainer(
		dexSpec{strs: strs("La;", "first.example.com"), types: []uint32{0}},
		dexSpec{strs: strs("Lb;", "second.example.com", "日本"), types: []uint32{0}},
	)
	got := readAll(t, "classes.dex", container)
	if want := []string{"La;", "first.example.com", "Lb;", "second.example.com", "日本"}; !slices.Equal(got, want) {
		t.Errorf("v041 container strings = %q, want %q", got, want)
	}
	files, err := OpenAll("classes.dex", bytes.NewReader(container), int64(len(container)), resbin.DefaultLimits())
	if err != nil || len(files) != 2 || files[1].Header().HeaderOffset == 0 {
		t.Fatalf("OpenAll: %d files, %v", len(files), err)
	}
}

func TestMUTF8(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    []byte
		units int
		want  string
		err   string
	}{
		{"ascii", []byte("abc\x00"), 3, "abc", ""},
		{"nul", []byte{'a', 0xc0, 0x80, 'b', 0}, 3, "a\x00b", ""},
		{"two byte", []byte{0xc3, 0xa9, 0}, 1, "é", ""},
		{"pair", []byte{0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80, 0}, 2, "😀", ""},
		{"lone low", []byte{0xed, 0xb8, 0x80, 0}, 1, "\ufffd", ""},
		{"high then ascii", []byte{0xed, 0xa0, 0xbd, 'x', 0}, 2, "\ufffdx", ""},
		{"four byte", []byte{0xf0, 0x9f, 0x98, 0x80, 0}, 2, "", "invalid MUTF-8 byte 0xf0"},
		{"bad continuation", []byte{0xc3, 0x41, 0}, 1, "", "invalid 2-byte"},
		{"truncated 3", []byte{0xe6, 0x97, 0}, 1, "", "invalid 3-byte"},
		{"no nul", []byte("abc"), 3, "", "no terminating NUL"},
		{"length mismatch", []byte("abcd\x00"), 3, "", "length prefix says 3"},
	}
	for _, tc := range tests {
		got, err := decodeMUTF8(tc.in, tc.units)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: err = %v, want %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: = %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	good := readFixture(t, "classes.dex")
	patch := func(off int, b ...byte) []byte {
		d := bytes.Clone(good)
		copy(d[off:], b)
		return d
	}
	badString := encodeDex(dexSpec{version: 35, strs: []rawString{{2, []byte{0xf8, 'x'}}}}, 0)
	zeroSize := encodeContainer(dexSpec{strs: strs("a")}, dexSpec{strs: strs("b")})
	binary.LittleEndian.PutUint32(zeroSize[binary.LittleEndian.Uint32(zeroSize[0x20:])+0x20:], 0) // second DEX: file_size 0
	tests := []struct {
		name string
		data []byte
		lim  resbin.Limits
		is   error
		want string
	}{
		{"not dex", []byte(strings.Repeat("PK\x03\x04", 40)), resbin.DefaultLimits(), resbin.ErrFormat, "not a DEX file"},
		{"short", good[:0x40], resbin.DefaultLimits(), resbin.ErrFormat, "failed to read header"},
		{"truncated", good[:len(good)-8], resbin.DefaultLimits(), resbin.ErrFormat, "truncated"},
		{"old version", patch(4, '0', '3', '4'), resbin.DefaultLimits(), resbin.ErrFormat, "unsupported DEX version 034"},
		{"new version", patch(4, '0', '4', '2'), resbin.DefaultLimits(), resbin.ErrFormat, "unsupported DEX version 042"},
		{"big endian", patch(0x28, 0x12, 0x34, 0x56, 0x78), resbin.DefaultLimits(), resbin.ErrFormat, "only little-endian"},
		{"string ids past end", patch(0x38, 0xff, 0xff, 0, 0), resbin.DefaultLimits(), resbin.ErrFormat, "string_ids"},
		{"string offset", patch(0x70, 0xff, 0xff, 0xff, 0x7f), resbin.DefaultLimits(), resbin.ErrFormat, "string 0: string_data offset out of bounds"},
		{"string count", good, resbin.Limits{MaxStrings: 5}, resbin.ErrLimit, "strings, limit is 5"},
		{"string length", good, resbin.Limits{MaxStringLen: 20}, resbin.ErrLimit, "limit is 20"},
		{"zero file size", zeroSize, resbin.DefaultLimits(), resbin.ErrFormat, "file size 0 is smaller"},
		{"bad mutf8", badString, resbin.DefaultLimits(), resbin.ErrFormat, "string 0: invalid MUTF-8 byte 0xf8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			files, err := OpenAll("classes2.dex", bytes.NewReader(tc.data), int64(len(tc.data)), tc.lim)
			for _, f := range files {
				if err = f.Strings(func(uint32, string) error { return nil }); err != nil {
					break
				}
			}
			if !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "classes2.dex: ") {
				t.Fatalf("err = %v, want %v naming classes2.dex and %q", err, tc.is, tc.want)
			}
		})
	}
}

func TestCallbackErrorStops(t *testing.T) {
	t.Parallel()
	data := readFixture(t, "classes.dex")
	stop := errors.New("stop")
	n := 0
	err := Read("classes.dex", bytes.NewReader(data), int64(len(data)), func(string) error {
		n++
		return stop
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Fatalf("err = %v after %d calls, want stop after 1", err, n)
	}
}

// TestEveryTruncation cuts a real DEX at every length: Read must fail
// cleanly every time and never panic.
func TestEveryTruncation(t *testing.T) {
	t.Parallel()
	data := readFixture(t, "classes.dex")
	for n := range len(data) {
		err := Read("classes.dex", bytes.NewReader(data[:n]), int64(n), func(string) error { return nil })
		if err == nil {
			t.Fatalf("Read of %d/%d bytes succeeded", n, len(data))
		}
	}
}
