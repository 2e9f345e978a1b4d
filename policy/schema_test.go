package policy

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xeipuuv/gojsonschema"
	"go.yaml.in/yaml/v3"
)

const schemaPath = "../docs/pinkit.schema.json"

// toJSON converts a YAML document to JSON (dates stay strings).
func toJSON(t *testing.T, data []byte) []byte {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(fixTimes(v))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func fixTimes(v any) any {
	switch x := v.(type) {
	case time.Time:
		return x.Format(time.DateOnly)
	case map[string]any:
		for k, e := range x {
			x[k] = fixTimes(e)
		}
	case []any:
		for i, e := range x {
			x[i] = fixTimes(e)
		}
	}
	return v
}

func validate(t *testing.T, schema *gojsonschema.Schema, doc []byte) []string {
	t.Helper()
	res, err := schema.Validate(gojsonschema.NewBytesLoader(doc))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range res.Errors() {
		out = append(out, e.String())
	}
	return out
}

// TestSchema: every example policy (testdata, docs) validates against the
// published JSON Schema, and documents Load refuses for their structure
// are refused by the schema too.
func TestSchema(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	schema, err := gojsonschema.NewSchema(gojsonschema.NewBytesLoader(raw))
	if err != nil {
		t.Fatalf("schema does not compile: %v", err)
	}
	examples, _ := filepath.Glob("testdata/*.yaml")
	docs := map[string][]byte{}
	for _, p := range examples {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		docs[p] = data
	}
	for name, block := range docExamples(t) {
		docs[name] = block
	}
	if len(docs) < 2 {
		t.Fatalf("only %d example policies found", len(docs))
	}
	for name, data := range docs {
		if errs := validate(t, schema, toJSON(t, data)); len(errs) > 0 {
			t.Errorf("%s: %v", name, errs)
		}
	}
	for _, bad := range []string{
		`{"version": 2, "domains": []}`,
		`{"version": 1, "domains": [{"name": "a.example", "pins": [{"spki": "sha256/abc"}]}]}`,
		`{"version": 1, "domains": [{"name": "a.example", "pins": [{"spki": "` + pinA + `", "cert": "a.pem"}]}]}`,
		`{"version": 1, "domains": [{"name": "a.example", "colour": "blue", "pins": [{"spki": "` + pinA + `"}]}]}`,
		`{"version": 1, "mode": "soft", "domains": [{"name": "a.example", "pins": [{"spki": "` + pinA + `"}]}]}`,
		`{"version": 1, "platforms": {"web": {}}, "domains": [{"name": "a.example", "pins": [{"spki": "` + pinA + `"}]}]}`,
	} {
		if errs := validate(t, schema, []byte(bad)); len(errs) == 0 {
			t.Errorf("schema accepts %s", bad)
		}
		if _, err := Load(strings.NewReader(bad), Now(testNow)); err == nil {
			t.Errorf("Load accepts %s", bad)
		}
	}
}

// docExamples returns the ```yaml blocks of docs/policy.md that start with
// "version: 1".
func docExamples(t *testing.T) map[string][]byte {
	t.Helper()
	data, err := os.ReadFile("../docs/policy.md")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	parts := strings.Split(string(data), "```yaml\n")
	for i, p := range parts[1:] {
		block, _, _ := strings.Cut(p, "```")
		if strings.HasPrefix(block, "version: 1") {
			out["docs/policy.md#"+string(rune('0'+i))] = []byte(block)
		}
	}
	return out
}
