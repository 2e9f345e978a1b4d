package arsc

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/pinkit/pinkit/internal/android/resbin"

	"github.com/pinkit/pinkit/internal/arsc/arsctest"
)

func refTable(entries ...arsctest.Entry) []byte {
	keys := make([]string, 0, len(entries))
	for i := range entries {
		entries[i].Key = uint32(i)
		keys = append(keys, "k"+string(rune('a'+i)))
	}
	return (&arsctest.Table{Strings: []string{"end"}, Packages: []arsctest.Package{{
		ID: 0x7f, Name: "p", Types: []string{"string"}, Keys: keys,
		Chunks: []arsctest.TypeChunk{{TypeID: 1, Entries: entries}},
	}}}).Encode()
}

func ref(idx uint16, to uint32) arsctest.Entry {
	return arsctest.Entry{Index: idx, Type: resbin.TypeReference, Data: to}
}

func TestResolveReferences(t *testing.T) {
	t.Parallel()
	long := make([]arsctest.Entry, 0, 25)
	for i := range uint16(24) {
		long = append(long, ref(i, 0x7f010000+uint32(i)+1))
	}
	long = append(long, arsctest.Entry{Index: 24, Type: resbin.TypeString, Data: 0})
	cases := []struct {
		name    string
		data    []byte
		id      uint32
		want    Value
		wantErr error
		errText string
	}{
		{"dynamic", refTable(arsctest.Entry{Index: 0, Type: resbin.TypeDynamicReference, Data: 0x7f010001}, arsctest.Entry{Index: 1, Type: resbin.TypeString, Data: 0}),
			0x7f010000, Value{Type: resbin.TypeString, Data: 0, String: "end"}, nil, ""},
		{"null", refTable(ref(0, 0)), 0x7f010000, Value{Type: resbin.TypeReference}, nil, ""},
		{"self", refTable(ref(0, 0x7f010000)), 0x7f010000, Value{}, resbin.ErrFormat, "reference cycle"},
		{"cycle", refTable(ref(0, 0x7f010001), ref(1, 0x7f010002), ref(2, 0x7f010000)), 0x7f010000, Value{}, resbin.ErrFormat, "reference cycle"},
		{"framework", refTable(ref(0, 0x01040000)), 0x7f010000, Value{}, ErrNotFound, "reference to 0x01040000"},
		{"dangling", refTable(ref(0, 0x7f010005)), 0x7f010000, Value{}, ErrNotFound, "0x7f010005"},
		{"too long", refTable(long...), 0x7f010000, Value{}, resbin.ErrFormat, "longer than 20"},
		{"19 hops ok", refTable(long...), 0x7f010005, Value{Type: resbin.TypeString, String: "end"}, nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			tab, err := Decode(c.data)
			if err != nil {
				t.Fatal(err)
			}
			v, err := tab.Resolve(c.id)
			if !errors.Is(err, c.wantErr) || (err != nil && !strings.Contains(err.Error(), c.errText)) {
				t.Fatalf("Resolve err = %v, want %v containing %q", err, c.wantErr, c.errText)
			}
			if v != c.want {
				t.Fatalf("Resolve = %+v, want %+v", v, c.want)
			}
		})
	}
}

// TestFallbackOrder: with no default entry, Resolve takes the first config
// in table order, while Values lists all.
func TestFallbackOrder(t *testing.T) {
	t.Parallel()
	data := (&arsctest.Table{Strings: []string{"res/xml-v28/a.xml", "res/xml-fr/a.xml", "res/xml/b.xml"}, Packages: []arsctest.Package{{
		ID: 0x7f, Name: "p", Types: []string{"xml"}, Keys: []string{"a", "b"},
		Chunks: []arsctest.TypeChunk{
			{TypeID: 1, Entries: []arsctest.Entry{{Index: 1, Key: 1, Type: resbin.TypeString, Data: 2}}},
			{TypeID: 1, Config: arsctest.Config{SDKVersion: 28}, Entries: []arsctest.Entry{{Index: 0, Type: resbin.TypeString, Data: 0}}},
			{TypeID: 1, Config: arsctest.Config{Language: "fr"}, Encoding: arsctest.Sparse, Entries: []arsctest.Entry{{Index: 0, Type: resbin.TypeString, Data: 1}}},
		},
	}}}).Encode()
	tab, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := tab.Resolve(0x7f010000); err != nil || v.String != "res/xml-v28/a.xml" {
		t.Fatalf("Resolve = %+v, %v; want the v28 value", v, err)
	}
	vs := tab.values(0x7f010000)
	if len(vs) != 2 || vs[0].Config.String() != "v28" || vs[1].Config.String() != "fr" || vs[1].Value.String != "res/xml-fr/a.xml" {
		t.Fatalf("Values = %+v", vs)
	}
	if n, _ := tab.Name(0x7f010000); n != "xml/a" {
		t.Fatalf("Name = %q", n)
	}
}

func TestConfigString(t *testing.T) {
	t.Parallel()
	cfg := func(f func(b []byte)) Config {
		b := make([]byte, 64)
		binary.LittleEndian.PutUint32(b, 64)
		f(b)
		return parseConfig(b)
	}
	long := make([]byte, 80)
	binary.LittleEndian.PutUint32(long, 80)
	long[70] = 0xff // past sizeof(ResTable_config): ignored, as Android does
	cases := []struct {
		c    Config
		want string
	}{
		{cfg(func([]byte) {}), ""},
		{cfg(func(b []byte) { copy(b[8:], "frCA") }), "fr-rCA"},
		{cfg(func(b []byte) { copy(b[8:], "sr"); copy(b[36:], "Latn") }), "b+sr+Latn"},
		{cfg(func(b []byte) { b[8], b[9] = 0xad, 0x05 }), "fil"}, // packed 3-letter "fil"
		{cfg(func(b []byte) { b[29] = 0x20; b[14] = 0xf0 }), "night-hdpi"},
		{cfg(func(b []byte) { b[24] = 28; b[12] = 2 }), "land-v28"},
		{cfg(func(b []byte) { b[30] = 0x58; b[31] = 0x02 }), "sw600dp"},
		{parseConfig(long), ""},
		{cfg(func(b []byte) { b[63] = 1 }), ""}, // unknown field: not default, no known qualifier
	}
	for _, c := range cases {
		if got := c.c.String(); got != c.want {
			t.Errorf("String() = %q, want %q (%+v)", got, c.want, c.c)
		}
	}
	if !cases[0].c.Default || !cases[len(cases)-2].c.Default || cases[len(cases)-1].c.Default {
		t.Error("Default flag wrong")
	}
}

// TestMalformed checks that corruptions give errors naming what is wrong:
// chunk-level ones fail Decode, entry-level ones fail only lookups of that
// entry (as on Android) and are listed by Problems.
func TestMalformed(t *testing.T) {
	t.Parallel()
	good := refTable(arsctest.Entry{Index: 0, Type: resbin.TypeString, Data: 0}, arsctest.Entry{Index: 1, Type: resbin.TypeIntDec, Data: 5})
	if _, err := Decode(good); err != nil {
		t.Fatal(err)
	}
	typeChunk := findChunk(t, good, 0x0201)
	pool := findChunk(t, good, 0x0001)
	entry0 := typeChunk + 84 + 8 // header, two dense offsets
	put32 := func(off int, v uint32) func([]byte) {
		return func(b []byte) { binary.LittleEndian.PutUint32(b[off:], v) }
	}
	put16 := func(off int, v uint16) func([]byte) {
		return func(b []byte) { binary.LittleEndian.PutUint16(b[off:], v) }
	}
	cases := []struct {
		name, want string
		entry      bool // entry-level: Decode succeeds, entry 0 is bad
		mutate     func([]byte)
	}{
		{"not a table", "not a resource table", false, put16(0, 0x0003)},
		{"table size", "exceeds the", false, put32(4, uint32(len(good)+1))},
		{"header size", "smaller than 8", false, put16(2, 4)},
		{"string count", "overrun", false, put32(pool+8, 1<<20)},
		{"strings start", "strings start", false, put32(pool+20, 1<<30)},
		{"entries start", "entries start", false, put32(typeChunk+16, 0x10000)},
		{"entry count", "entries start", false, put32(typeChunk+12, 1000)},
		{"config size", "config size", false, put32(typeChunk+20, 1000)},
		{"type id", "type id 0", false, func(b []byte) { b[typeChunk+8] = 0 }},
		{"type name", "has no name", false, func(b []byte) { b[typeChunk+8] = 9 }},
		{"entry offset", "overruns", true, put32(typeChunk+84, 0x1000)},
		{"unaligned offset", "not 4-byte aligned", true, put32(typeChunk+84, 2)},
		{"string offset", "string 0 offset out of bounds", true, put32(pool+28, 1<<20)},
		{"string value", "index 7 out of range", true, put32(entry0+12, 7)},
		{"value size", "value size", true, put16(entry0+8, 2)},
		{"entry size", "leaves no room", true, put16(entry0, 0xfff0)},
		{"map items", "overruns the chunk", true, func(b []byte) {
			put16(entry0+2, 1)(b)
			put16(entry0, 16)(b)
			put32(entry0+12, 1000)(b)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			b := append([]byte(nil), good...)
			c.mutate(b)
			tab, err := Decode(b)
			if c.entry {
				err = checkBadEntry(t, tab, err)
			}
			var e *resbin.Error
			if !errors.As(err, &e) || !errors.Is(err, resbin.ErrFormat) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want *Error/resbin.ErrFormat containing %q", err, c.want)
			}
		})
	}
}

// checkBadEntry checks that entry 0 of tab is reported as malformed while
// entry 1 still resolves, and returns the error for entry 0.
func checkBadEntry(t *testing.T, tab *Table, err error) error {
	t.Helper()
	if err != nil {
		t.Fatalf("Decode failed on an entry-level problem: %v", err)
	}
	if v, err := tab.Resolve(0x7f010001); err != nil || v.Data != 5 {
		t.Fatalf("good entry: Resolve = %+v, %v", v, err)
	}
	if p := problems(tab); len(p) != 1 || !strings.Contains(p[0].Error(), "resource 0x7f010000 ()") {
		t.Fatalf("Problems() = %v, want one naming resource 0x7f010000", p)
	}
	if vs := tab.values(0x7f010000); len(vs) != 1 || vs[0].Err == nil {
		t.Fatalf("Values = %+v, want one with Err", vs)
	}
	_, err = tab.Resolve(0x7f010000)
	return err
}

// TestBadKey: a key outside the key pool loses the name, not the value.
func TestBadKey(t *testing.T) {
	t.Parallel()
	b := refTable(arsctest.Entry{Index: 0, Type: resbin.TypeIntDec, Data: 9})
	binary.LittleEndian.PutUint32(b[findChunk(t, b, 0x0201)+84+4+4:], 99)
	tab, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := tab.Resolve(0x7f010000); err != nil || v.Data != 9 {
		t.Errorf("Resolve = %+v, %v", v, err)
	}
	if n, ok := tab.Name(0x7f010000); ok {
		t.Errorf("Name = %q, want none", n)
	}
}

// findChunk returns the offset of the first chunk of type typ (depth-first).
func findChunk(t *testing.T, b []byte, typ uint16) int {
	t.Helper()
	var walk func(pos, end int) int
	walk = func(pos, end int) int {
		for pos+8 <= end {
			ct, hs, size := binary.LittleEndian.Uint16(b[pos:]), int(binary.LittleEndian.Uint16(b[pos+2:])), int(binary.LittleEndian.Uint32(b[pos+4:]))
			if ct == typ {
				return pos
			}
			if ct == 0x0002 || ct == 0x0200 {
				if r := walk(pos+hs, pos+size); r >= 0 {
					return r
				}
			}
			pos += size
		}
		return -1
	}
	r := walk(0, len(b))
	if r < 0 {
		t.Fatalf("no chunk %#x", typ)
	}
	return r
}

func TestTruncated(t *testing.T) {
	t.Parallel()
	good := readZip(t, "testdata/sparse.apk", "resources.arsc")
	for n := 0; n < len(good); n++ {
		if _, err := Decode(good[:n]); err == nil || !errors.Is(err, resbin.ErrFormat) {
			t.Fatalf("Decode(first %d of %d bytes) err = %v, want resbin.ErrFormat", n, len(good), err)
		}
	}
}

func TestLimits(t *testing.T) {
	t.Parallel()
	data := readZip(t, "testdata/plain.apk", "resources.arsc")
	cases := []struct {
		name string
		set  func(*resbin.Limits)
		want string
	}{
		{"table", func(l *resbin.Limits) { l.MaxFileBytes = 100 }, "table of"},
		{"chunks", func(l *resbin.Limits) { l.MaxChunks = 5 }, "more than 5 chunks"},
		{"strings", func(l *resbin.Limits) { l.MaxStrings = 10 }, "strings, limit is 10"},
		{"pool bytes", func(l *resbin.Limits) { l.MaxPoolBytes = 256 }, "string pool of"},
		{"entries", func(l *resbin.Limits) { l.MaxEntries = 20 }, "more than 20 entries"},
	}
	for _, c := range cases {
		lim := resbin.DefaultLimits()
		c.set(&lim)
		if _, err := DecodeLimits(data, lim); !errors.Is(err, resbin.ErrLimit) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want resbin.ErrLimit containing %q", c.name, err, c.want)
		}
	}
}
