package sarif

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/report/internal/reporttest"
	"github.com/xeipuuv/gojsonschema"
)

var update = flag.Bool("update", false, "rewrite golden files")

// schemaFile is the official OASIS SARIF 2.1.0 schema (errata 01).
const schemaFile = "testdata/sarif-schema-2.1.0.json"

func write(t *testing.T, res *audit.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, res); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func validate(t *testing.T, doc []byte) {
	t.Helper()
	schema, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	result, err := gojsonschema.Validate(gojsonschema.NewBytesLoader(schema), gojsonschema.NewBytesLoader(doc))
	if err != nil {
		t.Fatalf("validate: %v", err)
	}
	for _, e := range result.Errors() {
		t.Errorf("schema violation: %s", e)
	}
}

func TestWriteValidatesAgainstSchema(t *testing.T) {
	res, err := reporttest.Sample()
	if err != nil {
		t.Fatal(err)
	}
	out := write(t, res)
	validate(t, out)
	reporttest.Golden(t, filepath.Join("testdata", "sample.sarif"), out, *update)
	// empty result is valid too
	validate(t, write(t, &audit.Result{}))
}

func TestSchemaCatchesInvalidDocuments(t *testing.T) {
	t.Parallel()
	// the validator must be able to fail: a result level outside the enum
	res, err := reporttest.Sample()
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(write(t, res)), `"level": "warning"`, `"level": "severe"`, 1)
	schema, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	r, err := gojsonschema.Validate(gojsonschema.NewBytesLoader(schema), gojsonschema.NewStringLoader(bad))
	if err != nil || r.Valid() {
		t.Errorf("invalid SARIF accepted: %v", err)
	}
}

func TestRulesCarryTaxonomy(t *testing.T) {
	t.Parallel()
	res, err := reporttest.Sample()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID      string `json:"id"`
						HelpURI string `json:"helpUri"`
						Help    struct {
							Text     string `json:"text"`
							Markdown string `json:"markdown"`
						} `json:"help"`
						Properties struct {
							Tags []string `json:"tags"`
						} `json:"properties"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID              string            `json:"ruleId"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
				Suppressions        []any             `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(write(t, res), &doc); err != nil {
		t.Fatal(err)
	}
	rules := doc.Runs[0].Tool.Driver.Rules
	if len(rules) != len(res.Rules) {
		t.Fatalf("%d rules, want %d", len(rules), len(res.Rules))
	}
	for _, r := range rules {
		tags := strings.Join(r.Properties.Tags, " ")
		if r.Help.Text == "" || r.HelpURI == "" || !strings.Contains(tags, "CWE-") || !strings.Contains(tags, "MASWE-") {
			t.Errorf("rule %s lacks help or tags: %q %q", r.ID, r.HelpURI, tags)
		}
		if r.ID == "PK102" && (!strings.Contains(tags, "MASWE-0047") || !strings.Contains(tags, "MASWE-0028") ||
			!strings.Contains(tags, "CWE-295") || !strings.Contains(r.HelpURI, "MASTG-TEST-0242")) {
			t.Errorf("PK102 taxonomy: %q %q", tags, r.HelpURI)
		}
	}
	suppressed := 0
	for _, r := range doc.Runs[0].Results {
		if r.PartialFingerprints["pinkit/v1"] == "" {
			t.Errorf("%s result without fingerprint", r.RuleID)
		}
		suppressed += len(r.Suppressions)
	}
	if suppressed != 1 {
		t.Errorf("%d suppressions, want 1", suppressed)
	}
}
