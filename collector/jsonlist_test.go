package collector

import (
	"bytes"
	"encoding/json"
	"testing"
)

// marshalNoHTML is the reference: encoding/json without HTML escaping.
func marshalNoHTML(t testing.TB, list []string) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(list); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func TestAppendJSONStrings(t *testing.T) {
	t.Parallel()
	pem := string(readTestdata(t, "pinkit.json"))
	for _, list := range [][]string{
		{}, {""}, {"a", "b"}, {pem}, {"quote \" backslash \\ slash /"},
		{"\x00\x01\x1f\x7f \t\r\n\b\f"}, {"<html> & </html>"}, {"bad \xff\xfe utf8 \xe2\x82"},
		{"line sep \u2028 para sep \u2029 émoji 🙂"},
	} {
		got := appendJSONStrings(nil, list)
		if want := marshalNoHTML(t, list); !bytes.Equal(got, want) {
			t.Errorf("appendJSONStrings(%q) = %s, want %s", list, got, want)
		}
	}
}

func FuzzAppendJSONStrings(f *testing.F) {
	f.Add(string(readTestdata(f, "pinkit.json")), "x")
	f.Add("\xff\u2028\x00", "\"\\")
	f.Fuzz(func(t *testing.T, a, b string) {
		list := []string{a, b}
		got := appendJSONStrings(nil, list)
		if want := marshalNoHTML(t, list); !bytes.Equal(got, want) {
			t.Fatalf("appendJSONStrings(%q) = %s, want %s", list, got, want)
		}
	})
}
