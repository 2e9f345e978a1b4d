package axml

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
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

func decodeFixture(t *testing.T, name string) *Document {
	t.Helper()
	doc, err := Decode(readFixture(t, name))
	if err != nil {
		t.Fatalf("Decode(%s): %v", name, err)
	}
	return doc
}

func TestManifestFixture(t *testing.T) {
	t.Parallel()
	data := readFixture(t, "manifest.axml")
	if flags := binary.LittleEndian.Uint32(data[8+16:]); flags&0x100 != 0 {
		t.Fatalf("aapt2 manifest pool flags %#x: expected a UTF-16 pool", flags)
	}
	root := decodeFixture(t, "manifest.axml").Root
	if root.Name != "manifest" || root.Line != 2 || len(root.NSDecls) != 1 || root.NSDecls[0].Prefix != "android" {
		t.Fatalf("root = %s line %d ns %v", root.Name, root.Line, root.NSDecls)
	}
	if a, ok := root.AttrByName("", "package"); !ok || a.Value() != "com.example.axml" || a.ResID != 0 {
		t.Fatalf("package = %+v, %v", a, ok)
	}
	if a, _ := root.Attr(AttrVersionName); a.Value() != "1.2-é" {
		t.Fatalf("versionName = %q", a.Value())
	}
	sdk := root.Find("uses-sdk")[0]
	app := root.Find("application")[0]
	tests := []struct {
		e    *Element
		id   uint32
		typ  uint8
		want string
	}{
		{sdk, AttrMinSdkVersion, resbin.TypeIntDec, "21"},
		{sdk, AttrTargetSdkVersion, resbin.TypeIntDec, "33"},
		{root, AttrVersionCode, resbin.TypeIntDec, "7"},
		{app, AttrDebuggable, resbin.TypeIntBoolean, "true"},
		{app, AttrUsesCleartextTraffic, resbin.TypeIntBoolean, "false"},
		{app, AttrNetworkSecurityConfig, resbin.TypeReference, "@0x7f030000"},
		{app, 0x01010000, resbin.TypeAttribute, "?0x01010054"},
	}
	for _, tc := range tests {
		a, ok := tc.e.Attr(tc.id)
		if !ok || a.Type != tc.typ || a.Value() != tc.want {
			t.Errorf("attr %#08x = type %#x %q (found %v), want type %#x %q", tc.id, a.Type, a.Value(), ok, tc.typ, tc.want)
		}
	}
	if app.Line != 5 || app.Find("activity")[0].Line != 9 {
		t.Errorf("lines: application %d, activity %d; want 5, 9", app.Line, app.Find("activity")[0].Line)
	}
}

func TestNSCFixture(t *testing.T) {
	t.Parallel()
	data := readFixture(t, "nsc.axml")
	if flags := binary.LittleEndian.Uint32(data[8+16:]); flags&0x100 == 0 {
		t.Fatalf("aapt2 res/xml pool flags %#x: expected a UTF-8 pool", flags)
	}
	root := decodeFixture(t, "nsc.axml").Root
	dc := root.Find("domain-config")[0]
	if a, ok := dc.AttrByName("", "cleartextTrafficPermitted"); !ok || a.Value() != "false" {
		t.Fatalf("cleartextTrafficPermitted = %q, %v", a.Value(), ok)
	}
	dom := dc.Find("domain")[0]
	if dom.TrimmedText() != "example.com" || dom.Line != 4 {
		t.Fatalf("domain = %q line %d", dom.Text, dom.Line)
	}
	pin := dc.Find("pin-set")[0].Find("pin")[0]
	if pin.TrimmedText() != "oGy7eOkKIV15fpEGkhDUvfR+P6S/jK/U9Bv9rmpVvhE=" {
		t.Fatalf("pin = %q", pin.Text)
	}
}

func TestTypedValues(t *testing.T) {
	t.Parallel()
	root := decodeFixture(t, "types.axml").Root
	want := map[uint32]string{
		0x010100f4: "16.000000dp", 0x010100f5: "2.500000sp", 0x01010095: "12.250000px",
		0x0101031f: "0.75", 0x01010098: "#ffff00aa", 0x010100d4: "#80112233",
		0x01010161: "#ffaabbcc", 0x01010121: "#88aabbcc", 0x01010153: "0x00000010",
		0x01010156: "-3", 0x0101000e: "false", 0x010101b5: "0.500000%", 0x010101b6: "0.250000%p",
	}
	for id, w := range want {
		if a, ok := root.Attr(id); !ok || a.Value() != w {
			t.Errorf("attr %#08x = %q (%v), want %q", id, a.Value(), ok, w)
		}
	}
	long, _ := root.AttrByName("", "long")
	if !strings.HasSuffix(long.Value(), "ünïcödé 日本語") || len(long.Raw) <= 0x7f {
		t.Errorf("long UTF-8 string (2-byte length form) = %q", long.Value())
	}
	if got := root.Children[1].Children[0].TrimmedText(); got != "deep" {
		t.Errorf("grandchild text = %q", got)
	}
}

func TestFormatTyped(t *testing.T) {
	t.Parallel()
	tests := []struct {
		typ  uint8
		data uint32
		want string
	}{
		{resbin.TypeDimension, 0xfffec011, "-2.500000dp"}, // mantissa -320 at radix 16p7, unit dp
		{resbin.TypeReference, 0, "@null"},
		{resbin.TypeIntDec, 0xffffffff, "-1"},
		{resbin.TypeFloat, 0x49742400, "1e+06"},
		{0x42, 7, "(type 0x42)0x00000007"},
		{resbin.TypeDimension, 0x0000010f, "1.000000(unit 15)"},
	}
	for _, tc := range tests {
		if got := formatTyped(tc.typ, tc.data); got != tc.want {
			t.Errorf("formatTyped(%#x, %#x) = %q, want %q", tc.typ, tc.data, got, tc.want)
		}
	}
}

// TestObfuscatedAttributeName rewrites the networkSecurityConfig name in the
// manifest's UTF-16 string pool to "a" and to "": lookup by resource ID must
// still work, as it does on a device.
func TestObfuscatedAttributeName(t *testing.T) {
	t.Parallel()
	for _, repl := range []string{"a", ""} {
		data := readFixture(t, "manifest.axml")
		old := utf16le("networkSecurityConfig")
		i := bytes.Index(data, old)
		if i < 2 {
			t.Fatal("attribute name not found in the manifest pool")
		}
		binary.LittleEndian.PutUint16(data[i-2:], uint16(len(repl)))
		copy(data[i:], append(utf16le(repl), 0, 0))
		root, err := Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		app := root.Root.Find("application")[0]
		a, ok := app.Attr(AttrNetworkSecurityConfig)
		if !ok || a.Name != repl || a.Value() != "@0x7f030000" {
			t.Fatalf("obfuscated %q: Attr = %+v, %v", repl, a, ok)
		}
	}
}

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}

// TestEncodedPools decodes the same crafted manifest with a UTF-8 and a
// UTF-16 pool, including a string long enough for the 2-unit UTF-16 length.
func TestEncodedPools(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("x", 0x8001) + "é"
	for _, u8 := range []bool{true, false} {
		e := newTestEncoder(u8, []string{"networkSecurityConfig"}, []uint32{AttrNetworkSecurityConfig})
		const android = "http://schemas.android.com/apk/res/android"
		e.startNS("android", android, 1)
		e.start("", "manifest", 1, encAttr{name: "package", raw: "com.x", typ: resbin.TypeString})
		e.start("", "application", 3,
			encAttr{ns: android, name: "networkSecurityConfig", id: AttrNetworkSecurityConfig, typ: resbin.TypeReference, data: 0x7f0b0001})
		e.text("hi ")
		e.end("", "application")
		if !u8 {
			e.start("", "big", 4, encAttr{name: "v", raw: huge, typ: resbin.TypeString})
			e.end("", "big")
		}
		e.end("", "manifest")
		doc, err := Decode(e.bytes())
		if err != nil {
			t.Fatalf("utf8=%v: %v", u8, err)
		}
		app := doc.Root.Children[0]
		if a, ok := app.Attr(AttrNetworkSecurityConfig); !ok || a.Value() != "@0x7f0b0001" || app.Line != 3 || app.Text != "hi " {
			t.Fatalf("utf8=%v: application %+v attr %+v", u8, app, a)
		}
		if a, _ := doc.Root.AttrByName("", "package"); a.Value() != "com.x" {
			t.Fatalf("utf8=%v: package %q", u8, a.Value())
		}
		if !u8 {
			if a, _ := doc.Root.Children[1].AttrByName("", "v"); a.Value() != huge {
				t.Fatalf("2-unit UTF-16 string decoded to %d bytes, want %d", len(a.Value()), len(huge))
			}
		}
	}
}

func deepDoc(n int) []byte {
	e := newTestEncoder(true, nil, nil)
	for i := range n {
		e.start("", "e", i+1)
	}
	for range n {
		e.end("", "e")
	}
	return e.bytes()
}

func TestLimitsAndErrors(t *testing.T) {
	t.Parallel()
	manifest := readFixture(t, "manifest.axml")
	badOffset := bytes.Clone(manifest)
	binary.LittleEndian.PutUint32(badOffset[8+28:], 0x7fffffff) // string 0 offset
	tests := []struct {
		name string
		data []byte
		lim  resbin.Limits
		is   error
		want string
	}{
		{"text xml", []byte("<?xml version=\"1.0\"?><manifest/>"), resbin.DefaultLimits(), resbin.ErrFormat, "not binary XML"},
		{"empty", nil, resbin.DefaultLimits(), resbin.ErrFormat, "too short"},
		{"truncated", manifest[:len(manifest)/2], resbin.DefaultLimits(), resbin.ErrFormat, "out of bounds"},
		{"bad string offset", badOffset, resbin.DefaultLimits(), resbin.ErrFormat, "string 0 offset out of bounds"},
		{"deep", deepDoc(600), resbin.DefaultLimits(), resbin.ErrLimit, "nested deeper than 512"},
		{"strings", manifest, resbin.Limits{MaxStrings: 10}, resbin.ErrLimit, "31 strings, limit is 10"},
		{"string length", manifest, resbin.Limits{MaxStringLen: 8}, resbin.ErrLimit, "limit is 8"},
		{"chunks", manifest, resbin.Limits{MaxChunks: 5}, resbin.ErrLimit, "more than 5 chunks"},
		{"attrs", manifest, resbin.Limits{MaxAttrs: 3}, resbin.ErrLimit, "7 attributes, limit is 3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := DecodeLimits(tc.data, tc.lim)
			if !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %v containing %q", err, tc.is, tc.want)
			}
		})
	}
	if _, err := Decode(deepDoc(500)); err != nil {
		t.Fatalf("depth 500 within the default limit: %v", err)
	}
}

// TestEveryTruncation cuts the manifest at every length: each must fail
// cleanly (the XML chunk size no longer fits) and never panic.
func TestEveryTruncation(t *testing.T) {
	t.Parallel()
	data := readFixture(t, "manifest.axml")
	for n := range len(data) {
		if _, err := Decode(data[:n]); err == nil {
			t.Fatalf("Decode of %d/%d bytes succeeded", n, len(data))
		}
	}
}

// buildWithAapt2 compiles testdata/src into an APK in a temp dir.
func buildWithAapt2(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("aapt2"); err != nil {
		t.Skip("aapt2 not installed")
	}
	const framework = "/usr/share/android-framework-res/framework-res.apk"
	if _, err := os.Stat(framework); err != nil {
		t.Skip("android-framework-res not installed")
	}
	dir := t.TempDir()
	run := func(args ...string) {
		if out, err := exec.Command("aapt2", args...).CombinedOutput(); err != nil {
			t.Fatalf("aapt2 %v: %v\n%s", args, err, out)
		}
	}
	run("compile", "--dir", "testdata/src/res", "-o", filepath.Join(dir, "res.zip"))
	apk := filepath.Join(dir, "app.apk")
	run("link", "-I", framework, "--manifest", "testdata/src/AndroidManifest.xml", filepath.Join(dir, "res.zip"), "-o", apk)
	return apk
}

// TestCrossCheckAapt2 rebuilds the fixtures with aapt2, checks the
// committed copies are up to date, and compares Dump with
// `aapt2 dump xmltree` line for line.
func TestCrossCheckAapt2(t *testing.T) {
	t.Parallel()
	apk := buildWithAapt2(t)
	files := map[string]string{
		"AndroidManifest.xml":                 "manifest.axml",
		"res/xml/network_security_config.xml": "nsc.axml",
		"res/xml/types.xml":                   "types.axml",
	}
	for inAPK, fixture := range files {
		built, err := exec.Command("unzip", "-p", apk, inAPK).Output()
		if err != nil {
			t.Fatalf("unzip %s: %v", inAPK, err)
		}
		if !bytes.Equal(built, readFixture(t, fixture)) {
			t.Errorf("testdata/%s is stale: run testdata/build.sh", fixture)
		}
		want, err := exec.Command("aapt2", "dump", "xmltree", "--file", inAPK, apk).Output()
		if err != nil {
			t.Fatalf("aapt2 dump xmltree %s: %v", inAPK, err)
		}
		doc, err := Decode(built)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		dump(&got, doc)
		if got.String() != string(want) {
			t.Errorf("%s: Dump differs from aapt2 dump xmltree\n--- got\n%s--- aapt2\n%s", inAPK, got.String(), want)
		}
	}
}
