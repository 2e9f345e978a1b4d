package mitm

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/xeipuuv/gojsonschema"
)

// sarifSchema is the official OASIS SARIF 2.1.0 schema (errata 01),
// committed by the audit SARIF writer.
const sarifSchema = "../audit/report/sarif/testdata/sarif-schema-2.1.0.json"

func validateSARIF(t *testing.T, doc []byte) *gojsonschema.Result {
	t.Helper()
	schema, err := os.ReadFile(sarifSchema)
	if err != nil {
		t.Fatal(err)
	}
	r, err := gojsonschema.Validate(gojsonschema.NewBytesLoader(schema), gojsonschema.NewBytesLoader(doc))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func sarifOf(t *testing.T, s Summary) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteSARIF(&b, s, "test"); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestSARIFSchema validates WriteSARIF's output, with every verdict and
// with no host at all, against the official schema.
func TestSARIFSchema(t *testing.T) {
	t.Parallel()
	res := sampleResults()
	res = append(res, HostResult{Host: "odd.example", Verdict: VerdictHostnameBroken, Reason: "x"},
		HostResult{Host: "new.example", Verdict: VerdictUnknown, Reason: "y"})
	for _, s := range []Summary{{Hosts: res, EvictedHosts: 3}, {}} {
		for _, e := range validateSARIF(t, sarifOf(t, s)).Errors() {
			t.Errorf("schema violation: %s", e)
		}
	}
}

// TestSARIFSchemaCatchesInvalid: the validation above can fail.
func TestSARIFSchemaCatchesInvalid(t *testing.T) {
	t.Parallel()
	bad := strings.Replace(string(sarifOf(t, Summary{Hosts: sampleResults()})), `"kind": "pass"`, `"kind": "passed"`, 1)
	if validateSARIF(t, []byte(bad)).Valid() {
		t.Error("a result kind outside the enum was accepted")
	}
}

// TestEvictedHostsReported: every format says how many hosts were evicted.
func TestEvictedHostsReported(t *testing.T) {
	t.Parallel()
	s := Summary{Hosts: sampleResults(), EvictedHosts: 7}
	var text, js bytes.Buffer
	if err := WriteText(&text, s); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "7 host(s) evicted") {
		t.Errorf("text lacks the eviction count:\n%s", text.String())
	}
	if err := WriteJSON(&js, s); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		EvictedHosts int `json:"evicted_hosts"`
		Runs         []struct {
			Properties struct {
				EvictedHosts int `json:"evictedHosts"`
			} `json:"properties"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil || doc.EvictedHosts != 7 {
		t.Errorf("json evicted_hosts = %d, %v", doc.EvictedHosts, err)
	}
	if err := json.Unmarshal(sarifOf(t, s), &doc); err != nil || doc.Runs[0].Properties.EvictedHosts != 7 {
		t.Errorf("sarif evictedHosts: %+v, %v", doc.Runs, err)
	}
	text.Reset()
	_ = WriteText(&text, Summary{Hosts: sampleResults()})
	if strings.Contains(text.String(), "evicted") {
		t.Error("text mentions evictions when there were none")
	}
}

// TestSARIFAnchored: every result has a physical location (GitHub refuses
// an upload whose results have only logical ones), and OnlyFailing leaves
// out pinned and unknown hosts.
func TestSARIFAnchored(t *testing.T) {
	t.Parallel()
	s := Summary{Hosts: append(sampleResults(), HostResult{Host: "new.example", Verdict: VerdictUnknown})}
	for _, opts := range []SARIFOptions{{ToolVersion: "v1.0.0"}, {Artifact: "events.jsonl", OnlyFailing: true}} {
		var b bytes.Buffer
		if err := WriteSARIFOptions(&b, s, opts); err != nil {
			t.Fatal(err)
		}
		if r := validateSARIF(t, b.Bytes()); !r.Valid() {
			t.Errorf("invalid: %v", r.Errors())
		}
		var doc struct {
			Runs []struct {
				Results []struct {
					Kind      string `json:"kind"`
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct {
								URI string `json:"uri"`
							} `json:"artifactLocation"`
						} `json:"physicalLocation"`
					} `json:"locations"`
				} `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		results := doc.Runs[0].Results
		for _, r := range results {
			uri := r.Locations[0].PhysicalLocation.ArtifactLocation.URI
			if uri == "" || (opts.Artifact != "" && uri != opts.Artifact) || (opts.Artifact == "" && !strings.HasPrefix(uri, "pinkit-mitm/hosts/")) {
				t.Errorf("result at %q", uri)
			}
			if opts.OnlyFailing && r.Kind != "fail" {
				t.Errorf("OnlyFailing kept a %q result", r.Kind)
			}
		}
		if want := map[bool]int{false: len(s.Hosts), true: 2}[opts.OnlyFailing]; len(results) != want {
			t.Errorf("%d results, want %d", len(results), want)
		}
	}
}
