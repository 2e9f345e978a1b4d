package json

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/report/internal/reporttest"
	"github.com/pinkit/pinkit/internal/buildinfo"
)

// TestFailedInputsVisible: an input that could not be read is an apps[]
// entry with "error", and summary.failed counts it (issue 17).
func TestFailedInputsVisible(t *testing.T) {
	t.Parallel()
	res, err := reporttest.Sample()
	if err != nil {
		t.Fatal(err)
	}
	res.Failed = []audit.InputError{{Path: "broken.apk", Err: errors.New("failed to open broken.apk: not a valid zip archive")}}
	var buf bytes.Buffer
	if err := Write(&buf, res); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		ToolVersion string `json:"tool_version"`
		Summary     struct{ Apps, Failed int }
		Apps        []map[string]any
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	last := doc.Apps[len(doc.Apps)-1]
	if doc.Summary.Failed != 1 || doc.Summary.Apps != 2 || last["path"] != "broken.apk" || last["error"] == nil {
		t.Errorf("summary %+v, last app %v", doc.Summary, last)
	}
	if _, ok := doc.Apps[0]["error"]; ok {
		t.Error("an audited app carries an error field")
	}
	if doc.ToolVersion != buildinfo.Version() {
		t.Errorf("tool_version %q, want %q", doc.ToolVersion, buildinfo.Version())
	}
}
