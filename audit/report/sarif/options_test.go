package sarif

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/report/internal/reporttest"
)

type sarifDoc struct {
	Runs []struct {
		OriginalURIBaseIDs map[string]struct {
			URI string `json:"uri"`
		} `json:"originalUriBaseIds"`
		Invocations []struct {
			ExecutionSuccessful        bool `json:"executionSuccessful"`
			ToolExecutionNotifications []struct {
				Level   string `json:"level"`
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
		Results []struct {
			RuleID  string `json:"ruleId"`
			Message struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region *struct {
						StartLine int `json:"startLine"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Suppressions        []struct {
				Justification string `json:"justification"`
			} `json:"suppressions"`
		} `json:"results"`
	} `json:"runs"`
}

func writeDoc(t *testing.T, res *audit.Result, opts Options) ([]byte, sarifDoc) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteOptions(&buf, res, opts); err != nil {
		t.Fatal(err)
	}
	var doc sarifDoc
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), doc
}

// TestSourceRootAndMaps: with --source-root and --map, findings inside an
// APK point at the repository's source files with their lines; without,
// they point at the APK and say where inside it they are.
func TestSourceRootAndMaps(t *testing.T) {
	t.Parallel()
	res, err := reporttest.Sample()
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	res.Apps[0].App.Path = filepath.Join(root, "build", "example.apk")
	res.Apps[1].App.Path = filepath.Join(root, "build", "flutter.apk")
	m, err := ParseMap("res=app/src/main/res")
	if err != nil {
		t.Fatal(err)
	}
	out, doc := writeDoc(t, res, Options{SourceRoot: root, Maps: []Map{{From: "res", To: filepath.Join(root, "app/src/main/res")}, m}})
	validate(t, out)
	run := doc.Runs[0]
	if u := run.OriginalURIBaseIDs[SourceRootID].URI; !strings.HasPrefix(u, "file:///") || !strings.HasSuffix(u, "/") {
		t.Errorf("originalUriBaseIds = %q", u)
	}
	seen := map[string]bool{}
	for _, r := range run.Results {
		al := r.Locations[0].PhysicalLocation
		seen[al.ArtifactLocation.URI] = true
		if al.ArtifactLocation.URIBaseID != SourceRootID || strings.HasPrefix(al.ArtifactLocation.URI, "/") {
			t.Errorf("%s: artifact %+v not relative to the source root", r.RuleID, al.ArtifactLocation)
		}
		if !strings.HasPrefix(r.Message.Text, "com.example.app (") && !strings.HasPrefix(r.Message.Text, "io.flutter.demo (") {
			t.Errorf("%s: message does not name the app: %q", r.RuleID, r.Message.Text)
		}
		if al.ArtifactLocation.URI == "app/src/main/res/xml/network_security_config.xml" && (al.Region == nil || al.Region.StartLine == 0) {
			t.Errorf("%s: mapped NSC finding without a line", r.RuleID)
		}
		if al.ArtifactLocation.URI == "build/example.apk" && al.Region != nil {
			t.Errorf("%s: a line number on the archive itself", r.RuleID)
		}
	}
	for _, want := range []string{"app/src/main/res/xml/network_security_config.xml", "build/example.apk"} {
		if !seen[want] {
			t.Errorf("no result at %s; got %v", want, seen)
		}
	}
}

func TestParseMap(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"res", "=x", "res=", "/=x"} {
		if _, err := ParseMap(bad); err == nil {
			t.Errorf("ParseMap(%q) accepted", bad)
		}
	}
	m, err := ParseMap("res/4u.xml=app/src/main/res/xml/network_security_config.xml")
	if err != nil {
		t.Fatal(err)
	}
	got, ok := Options{Maps: []Map{{From: "res", To: "other"}, m}}.mapped("res/4u.xml")
	if !ok || filepath.ToSlash(got) != "app/src/main/res/xml/network_security_config.xml" {
		t.Errorf("file map: %q %v (the longest From must win)", got, ok)
	}
	if _, ok := (Options{Maps: []Map{m}}).mapped("res/4u.xmlx"); ok {
		t.Error("a file map matched a longer name")
	}
}

// TestFailedInputs: an input that could not be read makes the invocation
// unsuccessful with an error notification (issue 17: invocations was []).
func TestFailedInputs(t *testing.T) {
	t.Parallel()
	res, err := reporttest.Sample()
	if err != nil {
		t.Fatal(err)
	}
	_, ok := writeDoc(t, res, Options{})
	if inv := ok.Runs[0].Invocations; len(inv) != 1 || !inv[0].ExecutionSuccessful {
		t.Errorf("clean run invocations = %+v", inv)
	}
	res.Failed = []audit.InputError{{Path: "broken.apk", Err: errors.New("not a valid zip archive")}}
	out, doc := writeDoc(t, res, Options{})
	validate(t, out)
	inv := doc.Runs[0].Invocations
	if len(inv) != 1 || inv[0].ExecutionSuccessful || len(inv[0].ToolExecutionNotifications) != 1 ||
		inv[0].ToolExecutionNotifications[0].Level != "error" ||
		!strings.Contains(inv[0].ToolExecutionNotifications[0].Message.Text, "broken.apk") {
		t.Errorf("invocations = %+v", inv)
	}
}

// TestCompactAndStable: no empty arrays or -1 placeholders; fingerprints
// do not change with the build (path, version, line) of the same app.
func TestCompactAndStable(t *testing.T) {
	t.Parallel()
	res, err := reporttest.Sample()
	if err != nil {
		t.Fatal(err)
	}
	out, doc1 := writeDoc(t, res, Options{})
	if strings.Contains(string(out), ": -1") || strings.Count(string(out), "[]") > 0 {
		t.Errorf("SARIF holds -1 or empty arrays")
	}
	res2, _ := reporttest.Sample()
	res2.Apps[0].App.Path, res2.Apps[0].App.Version = "out/v2/example.apk", "9.9.9"
	for i := range res2.Apps[0].Findings {
		res2.Apps[0].Findings[i].Location.Line += 7
	}
	_, doc2 := writeDoc(t, res2, Options{})
	for i, r := range doc1.Runs[0].Results {
		if got := doc2.Runs[0].Results[i].PartialFingerprints["pinkit/v1"]; got != r.PartialFingerprints["pinkit/v1"] {
			t.Errorf("%s: fingerprint changed across builds", r.RuleID)
		}
	}
	var justified int
	for _, r := range doc1.Runs[0].Results {
		for _, s := range r.Suppressions {
			if s.Justification == "--ignore PK110:legacy.example.com" {
				justified++
			}
		}
	}
	if justified != 1 {
		t.Error("suppression justification missing")
	}
	if _, err := os.Stat(schemaFile); err != nil {
		t.Fatal(err)
	}
}
