package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xeipuuv/gojsonschema"
	"sigs.k8s.io/yaml"
)

const configSchema = "../../docs/pinkit-config.schema.json"

// TestConfigSchemaMatchesStruct: every key the schema documents is one
// readAuditConfig accepts, and the reverse, so the two cannot drift.
func TestConfigSchemaMatchesStruct(t *testing.T) {
	t.Parallel()
	var schema struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	data, err := os.ReadFile(configSchema)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	var keys []string
	rt := reflect.TypeFor[auditConfig]()
	for i := range rt.NumField() {
		keys = append(keys, strings.Split(rt.Field(i).Tag.Get("json"), ",")[0])
	}
	var documented []string
	for k := range schema.Properties {
		documented = append(documented, k)
	}
	slices.Sort(keys)
	slices.Sort(documented)
	if !slices.Equal(keys, documented) {
		t.Errorf("struct keys %v, schema keys %v", keys, documented)
	}
}

// TestConfigExamples: each example is accepted or refused alike by the
// JSON Schema and by readAuditConfig.
func TestConfigExamples(t *testing.T) {
	t.Parallel()
	schema, err := os.ReadFile(configSchema)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, doc string
		ok        bool
	}{
		{"full", `version: 1
fail_on: high
expiry_warn: 45d
first_party: [example.com]
baseline: pinkit-baseline.json
source_root: .
map: {res: app/src/main/res}
hosts: unpinned
ignore:
  - rule: PK102
    host: cdn.example.com
    reason: the CDN is pinned by the vendor SDK
`, true},
		{"minimal", "version: 1\n", true},
		{"no version", "fail_on: high\n", false},
		{"unknown key", "version: 1\nfail-on: high\n", false},
		{"ignore without reason", "version: 1\nignore: [{rule: PK102}]\n", false},
		{"version 2", "version: 2\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			js, err := yaml.YAMLToJSON([]byte(tc.doc))
			if err != nil {
				t.Fatal(err)
			}
			r, err := gojsonschema.Validate(gojsonschema.NewBytesLoader(schema), gojsonschema.NewBytesLoader(js))
			if err != nil {
				t.Fatal(err)
			}
			if r.Valid() != tc.ok {
				t.Errorf("schema valid = %v, want %v: %v", r.Valid(), tc.ok, r.Errors())
			}
			p := filepath.Join(t.TempDir(), ".pinkit.yml")
			if err := os.WriteFile(p, []byte(tc.doc), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := readAuditConfig(p); (err == nil) != tc.ok {
				t.Errorf("readAuditConfig error = %v, want ok=%v", err, tc.ok)
			}
		})
	}
}
