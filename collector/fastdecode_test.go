package collector

import (
	"reflect"
	"strings"
	"testing"
)

// checkFastAgainstJSON fails t if decodeFast accepts data but encoding/json
// rejects it or decodes something else. It reports whether the fast path
// was taken.
func checkFastAgainstJSON(t *testing.T, data []byte) bool {
	t.Helper()
	var fast wireReport
	if !decodeFast(data, &fast) {
		return false
	}
	if err := checkShape(data); err != nil {
		t.Fatalf("decodeFast accepted %q, checkShape says %v", data, err)
	}
	var slow wireReport
	extra, err := decodeWire(data, &slow)
	if err != nil {
		t.Fatalf("decodeFast accepted %q, the reference decoder says %v", data, err)
	}
	if len(extra) != 0 {
		t.Fatalf("decodeFast accepted %q, which has unknown fields %v", data, extra)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("decodeFast(%q) = %+v, reference decoder = %+v", data, fast, slow)
	}
	return true
}

func TestDecodeFastTestdata(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"pinkit.json", "rfc7469.json", "trustkit-ios.json", "trustkit-android.json"} {
		if !checkFastAgainstJSON(t, readTestdata(t, name)) {
			t.Errorf("%s: the fast path gave up on a well-formed report", name)
		}
	}
}

// TestDecodeFastCoversFields sets every wireReport field in turn: the fast
// path must know each JSON key (or the struct grew without decodeFast).
func TestDecodeFastCoversFields(t *testing.T) {
	t.Parallel()
	typ := reflect.TypeFor[wireReport]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		key, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if wireField(&wireReport{}, key) == nil {
			t.Errorf("field %s (%s): the reference decoder does not know it", f.Name, key)
		}
		var val string
		switch k := f.Type.Kind(); {
		case k == reflect.Bool || (k == reflect.Pointer && f.Type.Elem().Kind() == reflect.Bool):
			val = "true"
		case k == reflect.Slice:
			val = `["a\nb", "c"]`
		case k == reflect.Int:
			val = "443"
		default:
			val = `"v\"1"`
		}
		body := `{"hostname":"h.example","` + key + `":` + val + `}`
		if key == "hostname" {
			body = `{"hostname":"h\/x"}`
		}
		if !checkFastAgainstJSON(t, []byte(body)) {
			t.Errorf("field %s (%s): the fast path gave up on %s", f.Name, key, body)
		}
	}
}

func TestDecodeFastGivesUp(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"Hostname":"a"}`, `{"hostname":"a","port":null}`, `{"hostname":"a","known-pins":null}`, `{"hostname":"\u0061"}`, `{"hostname":"a","port":1e3}`,
		`{"hostname":"a","port":-1}`, `{"hostname":"a","port":0443}`, `{"hostname":"a","port":1234567890}`,
		`{"hostname":"a","port":443.0}`, `{"hostname":"a","known-pins":["x",]}`, `{"hostname":"a",}`,
		`{"hostname":"a"} x`, `{"hostname":"a\x01"}`, "{\"hostname\":\"a\xff\"}", `{"hostname":"a","port":"443"}`,
		`{"hostname":"a","include-subdomains":tru}`, `{"hostname":"a","evil":1}`, `{"hostname":"a" "port":1}`,
		`{"hostname":"a","hostname":"b"}`, `{"known-pins":[],"port":1,"known-pins":["x"]}`,
	} {
		var w wireReport
		if decodeFast([]byte(body), &w) {
			t.Errorf("decodeFast accepted %s", body)
		}
	}
}

func FuzzDecodeFast(f *testing.F) {
	for _, name := range []string{"pinkit.json", "rfc7469.json", "trustkit-ios.json", "trustkit-android.json"} {
		f.Add(readTestdata(f, name))
	}
	for _, tc := range clientCases {
		f.Add(readClient(f, tc.file))
	}
	for _, s := range []string{
		`{}`, `{"hostname":"a","port":0}`, `{"hostname":"a\\b\/c\"d","known-pins":[]}`,
		`{"hostname":"é","enforce-pinning":false,"validation-result":7}`, `{"hostname":"a","known-pins-expiration-date":null}`,
		`{"hostname":"a","x-unknown":[1],"port":0}`, `{"hostname":"` + strings.Repeat("x", 300) + `"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFastAgainstJSON(t, data)
	})
}
