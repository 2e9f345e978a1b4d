package arsc

import (
	"archive/zip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pinkit/pinkit/internal/android/resbin"
)

// nscAttrValue is the android:networkSecurityConfig resource of the fixture.
const nscID = 0x7f0a0000

// readZip returns the contents of name in the zip at path.
func readZip(t testing.TB, path, name string) []byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	f, err := zr.Open(name)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatalf("%s: %s: %v", path, name, err)
	}
	return b
}

func decodeFixture(t testing.TB, apk string) *Table {
	t.Helper()
	tab, err := Decode(readZip(t, apk, "resources.arsc"))
	if err != nil {
		t.Fatalf("%s: %v", apk, err)
	}
	if p := problems(tab); len(p) > 0 {
		t.Fatalf("%s: %d malformed entries, first: %v", apk, len(p), p[0])
	}
	return tab
}

func fixtures() []string {
	return []string{"testdata/plain.apk", "testdata/sparse.apk", "testdata/short.apk"}
}

func TestFixtureResolve(t *testing.T) {
	t.Parallel()
	for _, apk := range fixtures() {
		t.Run(filepath.Base(apk), func(t *testing.T) {
			t.Parallel()
			tab := decodeFixture(t, apk)
			checkFixtureTable(t, tab)
		})
	}
}

// checkFixtureTable checks what every build of testdata/src/app must hold,
// whatever the aapt2 encoding.
func checkFixtureTable(t *testing.T, tab *Table) {
	t.Helper()
	id, ok := tab.Lookup("string", "api_host")
	if !ok {
		t.Fatal(`Lookup("string", "api_host") not found`)
	}
	want := map[string]string{
		"string/api_host":  "https://api.example.com/v1",
		"string/alias":     "https://api.example.com/v1", // one hop
		"string/alias2":    "https://api.example.com/v1", // two hops
		"string/app_name":  "Arsc Fixture",
		"string/filler_07": "filler string number 7",
		"string/unicode":   "h\u00e9llo \u4e16\u754c \U0001F600",
	}
	for name, s := range want {
		typ, ent, _ := strings.Cut(name, "/")
		id, ok := tab.Lookup(typ, ent)
		if !ok {
			t.Errorf("Lookup(%q) not found", name)
			continue
		}
		if got, _ := tab.Name(id); got != name {
			t.Errorf("Name(%#x) = %q, want %q", id, got, name)
		}
		v, err := tab.Resolve(id)
		if err != nil || v.Type != resbin.TypeString || v.String != s {
			t.Errorf("Resolve(%s) = %+v, %v; want string %q", name, v, err, s)
		}
	}
	if v, err := tab.Resolve(id + 0x1000); !errors.Is(err, ErrNotFound) {
		t.Errorf("Resolve(missing) = %+v, %v; want ErrNotFound", v, err)
	}
	checkFixtureValues(t, tab)
}

func checkFixtureValues(t *testing.T, tab *Table) {
	t.Helper()
	simple := []struct {
		name string
		typ  uint8
		data uint32
	}{
		{"bool/flag_on", resbin.TypeIntBoolean, 0xffffffff},
		{"integer/answer", resbin.TypeIntDec, 42},
		{"color/accent", resbin.TypeIntColorARGB8, 0xff3366cc},
		{"dimen/pad", resbin.TypeDimension, 16<<8 | 1}, // 16 << COMPLEX_MANTISSA_SHIFT, unit dp
	}
	for _, c := range simple {
		typ, ent, _ := strings.Cut(c.name, "/")
		id, _ := tab.Lookup(typ, ent)
		v, err := tab.Resolve(id)
		if err != nil || v.Type != c.typ || v.Data != c.data {
			t.Errorf("Resolve(%s) = %+v, %v; want type %#x data %#x", c.name, v, err, c.typ, c.data)
		}
	}
	for _, name := range []string{"style/AppTheme", "plurals/items", "array/hosts"} {
		typ, ent, _ := strings.Cut(name, "/")
		id, ok := tab.Lookup(typ, ent)
		if v, err := tab.Resolve(id); !ok || err != nil || !v.Complex {
			t.Errorf("Resolve(%s) = %+v, %v; want a complex value", name, v, err)
		}
	}
	if vs := tab.values(mustLookup(t, tab, "string", "app_name")); len(vs) != 2 || vs[1].Config.String() != "fr" || vs[1].Value.String != "Fixture Arsc" {
		t.Errorf("Values(app_name) = %+v, want default and fr", vs)
	}
	if vs := tab.values(mustLookup(t, tab, "dimen", "pad")); len(vs) != 2 || vs[1].Config.Density != 240 || vs[1].Config.String() != "hdpi" {
		t.Errorf("Values(pad) = %+v, want default and hdpi", vs)
	}
}

func mustLookup(t *testing.T, tab *Table, typ, ent string) uint32 {
	t.Helper()
	id, ok := tab.Lookup(typ, ent)
	if !ok {
		t.Fatalf("Lookup(%s/%s) not found", typ, ent)
	}
	return id
}

// TestNSCPath resolves the network security config reference as the APK
// loader does, and checks the resolved path is really in the zip.
func TestNSCPath(t *testing.T) {
	t.Parallel()
	cases := []struct {
		apk, wantDefault, wantV28 string
	}{
		{"testdata/plain.apk", "res/xml/network_security_config.xml", "res/xml-v28/network_security_config.xml"},
		{"testdata/sparse.apk", "res/xml/network_security_config.xml", "res/xml-v28/network_security_config.xml"},
		{"testdata/short.apk", shortened(t, "res/xml/network_security_config.xml"), shortened(t, "res/xml-v28/network_security_config.xml")},
	}
	for _, c := range cases {
		t.Run(filepath.Base(c.apk), func(t *testing.T) {
			t.Parallel()
			tab := decodeFixture(t, c.apk)
			for _, id := range []uint32{nscID, mustLookup(t, tab, "xml", "nsc_alias")} {
				v, err := tab.Resolve(id)
				if err != nil || v.String != c.wantDefault {
					t.Fatalf("Resolve(%#x) = %+v, %v; want %q", id, v, err, c.wantDefault)
				}
			}
			if n, _ := tab.Name(nscID); n != "xml/network_security_config" {
				t.Errorf("Name = %q", n)
			}
			nsc := readZip(t, c.apk, c.wantDefault)
			if len(nsc) < 8 || nsc[0] != 0x03 || nsc[1] != 0x00 { // RES_XML_TYPE
				t.Errorf("%s in %s is not binary XML", c.wantDefault, c.apk)
			}
			vs := tab.values(nscID)
			if len(vs) != 2 || !vs[0].Config.Default || vs[1].Config.SDKVersion != 28 || vs[1].Value.String != c.wantV28 {
				t.Errorf("Values(nsc) = %+v, want default and v28 %q", vs, c.wantV28)
			}
			readZip(t, c.apk, c.wantV28)
		})
	}
}

// shortened reads the path aapt2 gave orig from testdata/short.map and
// checks it is really shortened.
func shortened(t *testing.T, orig string) string {
	t.Helper()
	m, err := os.ReadFile("testdata/short.map")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(m), "\n") {
		if from, to, ok := strings.Cut(line, " -> "); ok && from == orig {
			if strings.Count(to, "/") != 1 || len(to) > len("res/xxx.xml") {
				t.Fatalf("short.map: %s -> %s is not a shortened path", from, to)
			}
			return to
		}
	}
	t.Fatalf("short.map has no entry for %s", orig)
	return ""
}

// TestFallbackConfig covers an entry with no default-config value.
func TestFallbackConfig(t *testing.T) {
	t.Parallel()
	tab := decodeFixture(t, "testdata/plain.apk")
	id := mustLookup(t, tab, "xml", "only_v28")
	v, err := tab.Resolve(id)
	if err != nil || v.String != "res/xml-v28/only_v28.xml" {
		t.Fatalf("Resolve(only_v28) = %+v, %v", v, err)
	}
	if n, ok := tab.Name(id); !ok || n != "xml/only_v28" {
		t.Errorf("Name(only_v28) = %q, %v", n, ok)
	}
}

func TestSparseFixtureIsSparse(t *testing.T) {
	t.Parallel()
	for apk, wantSparse := range map[string]bool{"testdata/plain.apk": false, "testdata/sparse.apk": true} {
		tab := decodeFixture(t, apk)
		sparse := 0
		for _, p := range tab.pkgs {
			for _, rt := range p.types {
				for _, tc := range rtChunks(rt) {
					if tc.flags&typeFlagSparse != 0 {
						sparse++
						if rt.name != "string" || tc.config.String() != "fr" || len(tc.entries) != 3 {
							t.Errorf("%s: unexpected sparse chunk %s (%s) with %d entries", apk, rt.name, tc.config, len(tc.entries))
						}
					}
				}
			}
		}
		if (sparse > 0) != wantSparse {
			t.Errorf("%s: %d sparse chunks, want sparse=%v", apk, sparse, wantSparse)
		}
	}
}

func rtChunks(rt *resType) []*typeChunk {
	if rt == nil {
		return nil
	}
	return rt.chunks
}

func TestStrings(t *testing.T) {
	t.Parallel()
	tab := decodeFixture(t, "testdata/short.apk")
	got := map[string]uint32{}
	err := tab.Strings(func(id uint32, s string) error {
		got[s] = id
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"https://api.example.com/v1", "cdn.example.net", "Arsc Fixture", "filler string number 41",
		shortened(t, "res/xml/network_security_config.xml"), shortened(t, "res/xml-v28/only_v28.xml")} {
		if _, ok := got[s]; !ok {
			t.Errorf("Strings did not yield %q", s)
		}
	}
	for _, s := range []string{"Fixture Arsc", "chaîne numéro 7"} {
		if _, ok := got[s]; ok {
			t.Errorf("Strings yielded non-default %q", s)
		}
	}
	stop := errors.New("stop")
	n := 0
	if err := tab.Strings(func(uint32, string) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("Strings did not stop at the first error: %v after %d calls", err, n)
	}
}
