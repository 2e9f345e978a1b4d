package check

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestWriteTextEscapes: a hostile certificate subject or host cannot
// write control characters to the terminal.
func TestWriteTextEscapes(t *testing.T) {
	t.Parallel()
	res := []Result{{Host: "a.example", Addr: "127.0.0.1:1", Status: StatusOK,
		Chain: []Cert{{Role: "leaf", Subject: "CN=\x1b[2Jevil\nline", NotAfter: time.Unix(0, 0), Pin: "sha256/x", Served: true}}}}
	var b bytes.Buffer
	if err := WriteText(&b, res, Options{Now: now2026}); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(b.String(), "\x1b") || !strings.Contains(b.String(), `CN=\x1b[2Jevil\nline`) {
		t.Errorf("output:\n%q", b.String())
	}
}

// TestWriteJSON: the JSON report carries the schema version, the roots
// and snake_case fields.
func TestWriteJSON(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	res := []Result{{Host: "a.example", Status: StatusBricked, VerifyError: "x509: unknown authority"}}
	if err := WriteJSON(&b, res, Options{Now: now2026, RootsName: "roots.pem"}); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	r := got["results"].([]any)[0].(map[string]any)
	if got["schema_version"] != 1.0 || got["roots"] != "roots.pem" || got["warn_days"] != 30.0 ||
		r["verify_error"] != "x509: unknown authority" || r["status"] != "bricked" {
		t.Errorf("JSON: %s", b.String())
	}
}

// Certificate subjects and errors come from the server: escaped like every
// other printed string (internal/safetext), IDN letters kept.
func TestCleanEscapesLikeSafetext(t *testing.T) {
	for in, want := range map[string]string{
		"CN=bücher.example":       "CN=bücher.example",
		"CN=evil\x1b[2J":          `CN=evil\x1b[2J`,
		"CN=a\u202ecba":           `CN=a\u202ecba`,
		"O=x\nroots: forged":      `O=x\nroots: forged`,
		"CN=zero\u200bwidth.test": `CN=zero\u200bwidth.test`,
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}
