package mitm

import (
	"bytes"
	"os"
	"testing"

	"github.com/xeipuuv/gojsonschema"
)

// sarifSchema is the official OASIS SARIF 2.1.0 schema, committed by the
// audit SARIF writer.
const sarifSchema = "../audit/report/sarif/testdata/sarif-schema-2.1.0.json"

// TestSARIFSchema validates WriteSARIF's output, with every verdict,
// against the official schema.
func TestSARIFSchema(t *testing.T) {
	t.Parallel()
	schema, err := os.ReadFile(sarifSchema)
	if err != nil {
		t.Fatal(err)
	}
	res := sampleResults()
	res = append(res, HostResult{Host: "odd.example", Verdict: VerdictHostnameBroken, Reason: "x"},
		HostResult{Host: "new.example", Verdict: VerdictUnknown, Reason: "y"})
	var b bytes.Buffer
	if err := WriteSARIF(&b, res, "test"); err != nil {
		t.Fatal(err)
	}
	r, err := gojsonschema.Validate(gojsonschema.NewBytesLoader(schema), gojsonschema.NewBytesLoader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range r.Errors() {
		t.Errorf("schema violation: %s", e)
	}
}
