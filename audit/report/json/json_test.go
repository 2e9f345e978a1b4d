package json

import (
	"bytes"
	"encoding/json"
	"flag"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/report/internal/reporttest"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestWriteGolden(t *testing.T) {
	res, err := reporttest.Sample()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, res); err != nil {
		t.Fatal(err)
	}
	reporttest.Golden(t, filepath.Join("testdata", "sample.json"), buf.Bytes(), *update)
}

func TestStableSnakeCase(t *testing.T) {
	t.Parallel()
	res, err := reporttest.Sample()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, res); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["schema_version"] != float64(SchemaVersion) {
		t.Errorf("schema_version = %v", doc["schema_version"])
	}
	snake := regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, c := range v {
				if !snake.MatchString(k) && !strings.HasPrefix(k, "PK") && !isSeverity(k) {
					t.Errorf("key %q is not snake_case", k)
				}
				walk(c)
			}
		case []any:
			for _, c := range v {
				walk(c)
			}
		}
	}
	walk(doc)
	sum := doc["summary"].(map[string]any)
	if sum["findings"] != float64(12) || sum["suppressed"] != float64(1) {
		t.Errorf("summary = %v", sum)
	}
	// a JSON report works as a baseline
	b, err := audit.ReadBaseline(&buf)
	if err != nil || b.Len() == 0 {
		t.Errorf("report as baseline: %v, %d", err, b.Len())
	}
}

func isSeverity(k string) bool {
	_, err := audit.ParseSeverity(k)
	return err == nil
}
