package text

import (
	"bytes"
	"errors"
	"flag"
	"path/filepath"
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
	reporttest.Golden(t, filepath.Join("testdata", "sample.txt"), buf.Bytes(), *update)
	// the findings come before the host table (issue 17: findings first),
	// and every active finding names its file
	out := buf.String()
	if strings.Index(out, "HOST") < strings.Index(out, "finding(s)") {
		t.Error("host table comes before the findings")
	}
	if !strings.Contains(out, "res/xml/network_security_config.xml:6") {
		t.Error("findings lack file:line")
	}
}

func TestWriteEmptyAndErrors(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := Write(&buf, &audit.Result{}); err != nil || buf.Len() != 0 {
		t.Errorf("empty result: %q %v", buf.String(), err)
	}
	res, err := reporttest.Sample()
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(failWriter{}, res); err == nil {
		t.Error("write error not reported")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }
