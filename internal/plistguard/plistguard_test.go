package plistguard

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os/exec"
	"strings"
	"testing"

	"howett.net/plist"
)

// decode runs the library the way the IPA loader does.
func decode(data []byte) (root map[string]any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New("panic")
		}
	}()
	err = plist.NewDecoder(bytes.NewReader(data)).Decode(&root)
	return root, err
}

// A realistic Info.plist in every format the library writes must pass
// and still decode.
func TestCheckAcceptsLibraryOutput(t *testing.T) {
	t.Parallel()
	shared := map[string]any{"SPKI-SHA256-BASE64": "ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs="}
	root := map[string]any{
		"CFBundleIdentifier": "com.example.app", "CFBundleExecutable": "App", "Count": 3, "Ratio": 1.5, "Blob": []byte{1, 2, 3},
		"NSAppTransportSecurity": map[string]any{"NSPinnedDomains": map[string]any{
			"example.com": map[string]any{"NSIncludesSubdomains": true, "NSPinnedCAIdentities": []any{shared, shared}},
			"example.net": map[string]any{"NSPinnedLeafIdentities": []any{shared}},
		}},
		"Strings": []any{"a (b) {c} // d /* e */ \"q\" \\ é ☃", "$(PRODUCT_NAME)", "<x>"},
	}
	for _, format := range []int{plist.BinaryFormat, plist.XMLFormat, plist.OpenStepFormat, plist.GNUStepFormat} {
		data, err := plist.MarshalIndent(root, format, "\t")
		if err != nil {
			t.Fatal(err)
		}
		if err := Check(data); err != nil {
			t.Errorf("%s: %v", plist.FormatNames[format], err)
		}
		if _, err := decode(data); err != nil {
			t.Errorf("%s does not decode: %v", plist.FormatNames[format], err)
		}
	}
}

// Python's plistlib is what many build scripts write Info.plists with; its
// binary writer stores a container referenced twice only once.
func TestCheckAcceptsPlistlib(t *testing.T) {
	t.Parallel()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	script := `import plistlib, sys
ident = {"SPKI-SHA256-BASE64": "ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs="}
dom = {"NSIncludesSubdomains": True, "NSPinnedCAIdentities": [ident, ident]}
root = {"CFBundleIdentifier": "com.example.app", "NSAppTransportSecurity": {"NSPinnedDomains": {"a.example.com": dom, "b.example.com": dom}},
        "Deep": [[[[[["x"]]]]]], "Data": b"\x00\x01", "Big": list(range(3000))}
fmt = plistlib.FMT_BINARY if sys.argv[1] == "binary" else plistlib.FMT_XML
sys.stdout.buffer.write(plistlib.dumps(root, fmt=fmt))`
	for _, format := range []string{"binary", "xml"} {
		out, err := exec.Command(py, "-c", script, format).Output()
		if err != nil {
			t.Fatalf("plistlib: %v", err)
		}
		if err := Check(out); err != nil {
			t.Errorf("plistlib %s: %v", format, err)
		}
		if root, err := decode(out); err != nil || root["CFBundleIdentifier"] != "com.example.app" {
			t.Errorf("plistlib %s does not decode: %v", format, err)
		}
	}
}

func TestCheckRefusesDeepNesting(t *testing.T) {
	t.Parallel()
	const n = 100_000
	for name, data := range map[string]string{
		"xml":         `<?xml version="1.0"?><plist version="1.0">` + strings.Repeat("<array>", n),
		"xml dict":    `<plist><dict>` + strings.Repeat("<key>k</key><dict>", n),
		"text array":  strings.Repeat("(", n),
		"text dict":   strings.Repeat("{a=", n),
		"text spaced": "{ k = /* c */ " + strings.Repeat("( // c\n", n),
		"utf16 text":  string(utf16le("{a=" + strings.Repeat("(", 600))),
		"after slash": "{a = b//" + strings.Repeat("(", 600), // '/' inside an unquoted string is not a comment
	} {
		if err := Check([]byte(data)); !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "deeper") {
			t.Errorf("%s: %v, want a depth refusal", name, err)
		}
	}
	// Structure inside comments, strings and data is not nesting.
	for name, data := range map[string]string{
		"comment": "{a = (1); // " + strings.Repeat("(", 1000) + "\n}",
		"block":   "{a = (1); /* " + strings.Repeat("(", 1000) + " */}",
		"string":  `{a = "` + strings.Repeat("(", 1000) + `";}`,
		"data":    "{a = <" + strings.Repeat("(", 1000) + ">;}",
		"xml":     "<plist><string>" + strings.Repeat("(", 1000) + "</string></plist>",
	} {
		if err := Check([]byte(data)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func utf16le(s string) []byte {
	b := []byte{0xff, 0xfe}
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	return b
}

// A quoted string of escapes is quadratic in the library (s += …).
func TestCheckRefusesEscapeFlood(t *testing.T) {
	t.Parallel()
	data := `{a = "` + strings.Repeat(`\n`, 4<<20) + `";}`
	if err := Check([]byte(data)); !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "escapes") {
		t.Errorf("escape flood: %v", err)
	}
	if err := Check([]byte(`{a = "` + strings.Repeat(`\"x`, 1000) + `";}`)); err != nil {
		t.Errorf("a few escapes: %v", err)
	}
}

// mkBplist assembles a binary plist from encoded objects; refs are 1 byte,
// offsets 2 bytes.
func mkBplist(top int, objs ...[]byte) []byte {
	buf := []byte("bplist00")
	var offs []int
	for _, o := range objs {
		offs = append(offs, len(buf))
		buf = append(buf, o...)
	}
	table := len(buf)
	for _, o := range offs {
		buf = binary.BigEndian.AppendUint16(buf, uint16(o))
	}
	trailer := make([]byte, 32)
	trailer[6], trailer[7] = 2, 1
	binary.BigEndian.PutUint64(trailer[8:], uint64(len(objs)))
	binary.BigEndian.PutUint64(trailer[16:], uint64(top))
	binary.BigEndian.PutUint64(trailer[24:], uint64(table))
	return append(buf, trailer...)
}

// doubling returns a root dictionary {"k": a0} where a_i = [a_i+1, a_i+1]
// for levels arrays: 2^levels values once unmarshalled.
func doubling(levels int) []byte {
	objs := [][]byte{{0xd1, 1, 2}, {0x51, 'k'}}
	for i := range levels {
		next := byte(3 + i)
		objs = append(objs, []byte{0xa2, next, next})
	}
	objs = append(objs, []byte{0x09})
	return mkBplist(0, objs...)
}

func TestCheckBinary(t *testing.T) {
	t.Parallel()
	if data := doubling(4); Check(data) != nil {
		t.Errorf("small shared graph refused: %v", Check(data))
	} else if root, err := decode(data); err != nil || root["k"] == nil {
		t.Fatalf("test plist does not decode: %v", err)
	}
	chain := [][]byte{{0xd1, 1, 2}, {0x51, 'k'}}
	for i := range 600 {
		chain = append(chain, []byte{0xa1, byte(3 + i)}) // refs are 1 byte: wraps, see below
	}
	for name, tc := range map[string]struct {
		data []byte
		want string
	}{
		"doubling":      {doubling(40), "more than"},
		"self":          {mkBplist(0, []byte{0xd1, 1, 0}, []byte{0x51, 'k'}), "contains itself"},
		"cycle":         {mkBplist(0, []byte{0xd1, 1, 2}, []byte{0x51, 'k'}, []byte{0xa1, 3}, []byte{0xa1, 2}), "contains itself"},
		"shared bytes":  {sharedBytes(), "shares its bytes"},
		"huge count":    {mkBplist(0, []byte{0xaf, 0x13, 0x40, 0, 0, 0, 0, 0, 0, 0}), "more than the file holds"},
		"bad ref":       {mkBplist(0, []byte{0xa1, 9}), "reference to object 9"},
		"bad atom":      {mkBplist(0, []byte{0xa1, 1}, []byte{0x70}), "unexpected atom"},
		"string length": {mkBplist(0, []byte{0xa1, 1}, []byte{0x6f, 0x10, 0xff}), "more than the file holds"},
	} {
		err := Check(tc.data)
		if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", name, err, tc.want)
		}
	}
	deep := deepChain(2000)
	if err := Check(deep); !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "deeper") {
		t.Errorf("deep chain: %v", err)
	}
}

// sharedBytes names one array's bytes by two object indices.
func sharedBytes() []byte {
	p := mkBplist(0, []byte{0xa2, 1, 2}, []byte{0x09}, []byte{0x09})
	table := binary.BigEndian.Uint64(p[len(p)-8:])
	copy(p[table+4:], p[table+2:table+4]) // object 2 at object 1's offset
	return p
}

// deepChain is arrays each holding the next, n deep, with 2-byte refs.
func deepChain(n int) []byte {
	buf := []byte("bplist00")
	var offs []int
	for i := range n {
		offs = append(offs, len(buf))
		buf = append(buf, 0xa1)
		buf = binary.BigEndian.AppendUint16(buf, uint16(i+1))
	}
	offs = append(offs, len(buf))
	buf = append(buf, 0x09)
	table := len(buf)
	for _, o := range offs {
		buf = binary.BigEndian.AppendUint32(buf, uint32(o))
	}
	trailer := make([]byte, 32)
	trailer[6], trailer[7] = 4, 2
	binary.BigEndian.PutUint64(trailer[8:], uint64(len(offs)))
	binary.BigEndian.PutUint64(trailer[24:], uint64(table))
	return append(buf, trailer...)
}

// FuzzCheck: whatever Check accepts, the library decodes into
// map[string]any without crashing and within the budget.
func FuzzCheck(f *testing.F) {
	f.Add(doubling(3))
	f.Add(deepChain(5))
	f.Add([]byte("{a = (1, 2, {b = c;}); d = <0102>; e = <*I5>; /* x */}"))
	f.Add([]byte(`<plist><dict><key>a</key><array><true/><string>x</string></array></dict></plist>`))
	if data, err := plist.Marshal(map[string]any{"a": []any{1, "x", map[string]any{"b": true}}}, plist.BinaryFormat); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if Check(data) != nil {
			return
		}
		root, _ := decode(data)
		if n := count(root); n > BudgetFactor*len(data)+BudgetFloor {
			t.Fatalf("accepted %d bytes that decode to %d values", len(data), n)
		}
	})
}

// count returns how many values v holds, itself included.
func count(v any) int {
	n := 1
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			n += count(e)
		}
	case map[string]any:
		for _, e := range v {
			n += 1 + count(e)
		}
	}
	return n
}
