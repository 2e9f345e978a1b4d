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

// Subjects and errors come from the server and are escaped as every other
// printed string (internal/safetext): IDN letters kept, format characters
// such as zero-width spaces and bidi overrides escaped.
func TestWriteTextEscapesLikeSafetext(t *testing.T) {
	t.Parallel()
	res := []Result{{Host: "bücher.example", Addr: "127.0.0.1:1", Status: StatusError,
		Error: "O=x\nroots: forged \u202ecba zero\u200bwidth"}}
	var b bytes.Buffer
	if err := WriteText(&b, res, Options{Now: now2026}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"bücher.example (127.0.0.1:1)", `O=x\nroots: forged \u202ecba zero\u200bwidth`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, b.String())
		}
	}
}
