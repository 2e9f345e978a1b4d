package arsc

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/pinkit/pinkit/internal/android/resbin"

	"github.com/pinkit/pinkit/internal/arsc/arsctest"
)

// model is what a generated table must decode to.
type model struct {
	values map[uint32][]configValue // in chunk order
	names  map[uint32]string
}

var testConfigs = []arsctest.Config{{}, {Language: "fr"}, {Density: 240}, {Language: "de", Country: "AT", SDKVersion: 28}}

// genTable builds a random table with every entry encoding in every chunk
// layout, and the model it must decode to.
func genTable(seed uint64, utf8 bool) (*arsctest.Table, model) {
	r := rand.New(rand.NewPCG(seed, 7))
	strs := []string{"", "a", "https://api.example.com", "h\u00e9llo \u4e16\u754c \U0001F600", strings.Repeat("long-", 60)}
	for i := range 40 {
		strs = append(strs, fmt.Sprintf("s%d-%s", i, strings.Repeat("\u00e9", r.IntN(200))))
	}
	tab := &arsctest.Table{Strings: strs, UTF8: utf8}
	p := arsctest.Package{ID: 0x7f, Name: "com.example.gen", Types: []string{"string", "xml", "integer"}}
	m := model{values: map[uint32][]configValue{}, names: map[uint32]string{}}
	for ti, tname := range p.Types {
		n := 1 + r.IntN(300)
		keyBase := len(p.Keys)
		for i := range n {
			p.Keys = append(p.Keys, fmt.Sprintf("%s_%d", tname, i))
		}
		for ci, cfg := range testConfigs {
			if ci > 0 && r.IntN(3) == 0 {
				continue
			}
			tc := arsctest.TypeChunk{TypeID: uint8(ti + 1), Encoding: arsctest.Encoding(r.IntN(3)), Config: cfg}
			for i := range n {
				if r.IntN(4) == 0 || (ci > 0 && r.IntN(2) == 0) {
					continue
				}
				e, v := genEntry(r, len(strs), strs)
				e.Index, e.Key = uint16(i), uint32(keyBase+i)
				tc.Entries = append(tc.Entries, e)
				id := 0x7f<<24 | uint32(ti+1)<<16 | uint32(i)
				m.values[id] = append(m.values[id], configValue{Config: parseConfigModel(cfg), Value: v})
				m.names[id] = tname + "/" + p.Keys[keyBase+i]
			}
			p.Chunks = append(p.Chunks, tc)
		}
	}
	tab.Packages = []arsctest.Package{p}
	return tab, m
}

func genEntry(r *rand.Rand, nstr int, strs []string) (arsctest.Entry, Value) {
	switch r.IntN(4) {
	case 0:
		n := r.IntN(4)
		return arsctest.Entry{Complex: true, MapItems: n}, Value{Complex: true}
	case 1:
		d := r.Uint32()
		return arsctest.Entry{Compact: r.IntN(2) == 0, Type: resbin.TypeIntDec, Data: d}, Value{Type: resbin.TypeIntDec, Data: d}
	default:
		i := uint32(r.IntN(nstr))
		return arsctest.Entry{Compact: r.IntN(2) == 0, Type: resbin.TypeString, Data: i}, Value{Type: resbin.TypeString, Data: i, String: strs[i]}
	}
}

// parseConfigModel derives the expected Config independently of the encoder bytes.
func parseConfigModel(c arsctest.Config) Config {
	return Config{Language: c.Language, Country: c.Country, Density: c.Density, SDKVersion: c.SDKVersion,
		Default: c == arsctest.Config{}}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	for seed := range uint64(12) {
		for _, utf8 := range []bool{false, true} {
			t.Run(fmt.Sprintf("seed%d/utf8=%v", seed, utf8), func(t *testing.T) {
				t.Parallel()
				enc, m := genTable(seed, utf8)
				tab, err := Decode(enc.Encode())
				if err != nil {
					t.Fatal(err)
				}
				if p := problems(tab); len(p) > 0 {
					t.Fatalf("%d problems, first: %v", len(p), p[0])
				}
				checkModel(t, tab, m)
			})
		}
	}
}

func checkModel(t *testing.T, tab *Table, m model) {
	t.Helper()
	for id, want := range m.values {
		if got := tab.values(id); !reflect.DeepEqual(got, want) {
			t.Fatalf("Values(%#x) = %+v\nwant %+v", id, got, want)
		}
		exp := want[0].Value // the generator puts the default config first
		if got, err := tab.Resolve(id); err != nil || got != exp {
			t.Fatalf("Resolve(%#x) = %+v, %v; want %+v", id, got, err, exp)
		}
		if got, ok := tab.Name(id); !ok || got != m.names[id] {
			t.Fatalf("Name(%#x) = %q, %v; want %q", id, got, ok, m.names[id])
		}
		typ, ent, _ := strings.Cut(m.names[id], "/")
		if got, ok := tab.Lookup(typ, ent); !ok || got != id {
			t.Fatalf("Lookup(%s) = %#x, %v; want %#x", m.names[id], got, ok, id)
		}
	}
	n := 0
	err := tab.Strings(func(id uint32, s string) error {
		n++
		if v := m.values[id][0].Value; v.Type != resbin.TypeString || v.String != s {
			t.Fatalf("Strings yielded %#x %q, model has %+v", id, s, v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, vs := range m.values {
		if vs[0].Value.Type == resbin.TypeString && !vs[0].Value.Complex {
			want++
		}
	}
	if n != want {
		t.Fatalf("Strings yielded %d values, want %d", n, want)
	}
}

// TestLayouts checks each chunk layout and entry form on its own, with both
// string pool encodings, and that the decoder saw the intended flags.
func TestLayouts(t *testing.T) {
	t.Parallel()
	layouts := map[arsctest.Encoding]uint8{arsctest.Dense: 0, arsctest.Sparse: typeFlagSparse, arsctest.Offset16: typeFlagOffset16}
	for enc, flag := range layouts {
		for _, compact := range []bool{false, true} {
			for _, utf8 := range []bool{false, true} {
				t.Run(fmt.Sprintf("enc%d/compact=%v/utf8=%v", enc, compact, utf8), func(t *testing.T) {
					t.Parallel()
					checkLayout(t, enc, flag, compact, utf8)
				})
			}
		}
	}
}

func checkLayout(t *testing.T, enc arsctest.Encoding, flag uint8, compact, utf8 bool) {
	long := strings.Repeat("x", 40000) // UTF-16: two-unit length form
	if utf8 {
		long = strings.Repeat("\u00e9", 12000) // two-byte UTF-8 lengths; the format caps them at 0x7fff
	}
	strs := []string{"res/xml/network_security_config.xml", "res/4u.xml", "\u4e16\U0001F600", long}
	tc := arsctest.TypeChunk{TypeID: 1, Encoding: enc, Entries: []arsctest.Entry{
		{Index: 0, Key: 0, Compact: compact, Type: resbin.TypeString, Data: 1},
		{Index: 2, Key: 1, Compact: compact, Type: resbin.TypeString, Data: 2},
		{Index: 7, Key: 2, Compact: compact, Type: resbin.TypeString, Data: 3},
		{Index: 9, Key: 3, Compact: compact, Type: resbin.TypeReference, Data: 0x7f010000},
	}}
	tab, err := Decode((&arsctest.Table{Strings: strs, UTF8: utf8, Packages: []arsctest.Package{{
		ID: 0x7f, Name: "p", Types: []string{"xml"}, Keys: []string{"nsc", "b", "c", "alias"}, Chunks: []arsctest.TypeChunk{tc},
	}}}).Encode())
	if err != nil {
		t.Fatal(err)
	}
	if got := tab.pkgs[0].types[1].chunks[0].flags; got != flag {
		t.Errorf("chunk flags %#x, want %#x", got, flag)
	}
	if e := tab.pkgs[0].types[1].chunks[0].entries; len(e) != 4 {
		t.Errorf("decoded %d entries, want 4", len(e))
	}
	for id, want := range map[uint32]string{0x7f010000: "res/4u.xml", 0x7f010002: strs[2], 0x7f010007: strs[3], 0x7f010009: "res/4u.xml"} {
		if v, err := tab.Resolve(id); err != nil || v.String != want {
			t.Errorf("Resolve(%#x) = %.40q, %v; want %.40q", id, v.String, err, want)
		}
	}
	for _, id := range []uint32{0x7f010001, 0x7f010008, 0x7f01000a} {
		if _, err := tab.Resolve(id); !errors.Is(err, ErrNotFound) {
			t.Errorf("Resolve(%#x) err = %v, want ErrNotFound", id, err)
		}
	}
}
