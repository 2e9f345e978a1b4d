package policy

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func loadExample(t *testing.T) *File {
	t.Helper()
	f, err := LoadFile(filepath.Join("testdata", "pinkit.yaml"), Now(testNow))
	if err != nil {
		t.Fatalf("LoadFile: %v", err)
	}
	return f
}

func TestLoadExample(t *testing.T) {
	t.Parallel()
	f := loadExample(t)
	if len(f.Domains) != 2 {
		t.Fatalf("domains = %d, want 2", len(f.Domains))
	}
	api, org := f.Domains[0], f.Domains[1]
	if api.Name != "api.example.com" || org.Name != "example.org" || !org.IncludeSubdomains {
		t.Errorf("names = %q, %q (subdomains %v)", api.Name, org.Name, org.IncludeSubdomains)
	}
	// Computed from the committed files, checked against `pinkit pin` /
	// openssl pkey -pubout | openssl dgst -sha256 -binary | base64.
	want := []string{
		"sha256/+bEPGNlvZar4W9Zu2QEbmr+eCgWupydMPihaQUe+hRE=",
		"sha256/XDtYTHPkNgNliamjvkkS2E2Iorn2bInfKKGMbkDQGlE=",
		"sha256/nXY/MV4KWsc+hACs+/aCKEe7t+/wxLS0vHuw1CabnT8=",
	}
	for i, w := range want {
		if got := api.Pins[i].SPKI; got != w {
			t.Errorf("api pin %d = %s, want %s", i, got, w)
		}
	}
	if api.Pins[0].Kind != KindCA || org.Pins[0].Kind != KindLeaf {
		t.Errorf("kinds from certificates = %q, %q", api.Pins[0].Kind, org.Pins[0].Kind)
	}
	if !api.Pins[2].IsBackup() || api.Pins[0].IsBackup() {
		t.Errorf("roles = %q, %q", api.Pins[0].Role, api.Pins[2].Role)
	}
	if f.Domains[0].Line != 7 || api.Pins[1].Line != 11 {
		t.Errorf("lines = %d, %d; want 7, 11", f.Domains[0].Line, api.Pins[1].Line)
	}
	if _, err := f.Pin(); err != nil {
		t.Fatal(err)
	}
	r, err := f.Reporter()
	if err != nil || r == nil {
		t.Fatalf("Reporter: %v, %v", r, err)
	}
	r.Close()
	if got := f.For(TargetOkHttp).Domains; len(got) != 1 {
		t.Errorf("okhttp view has %d domains, want 1 (example.org skipped)", len(got))
	}
	if !f.For(TargetTrustKitAndroid).ReportOnly() || f.For(TargetNSC).ReportOnly() {
		t.Error("platforms.trustkit-android.mode override not applied to that target only")
	}
}

func TestLoadJSON(t *testing.T) {
	t.Parallel()
	const doc = `{"version": 1, "domains": [{"name": "api.example.com", "include-subdomains": false,
  "pins": [{"label": "a", "spki": "sha256/+bEPGNlvZar4W9Zu2QEbmr+eCgWupydMPihaQUe+hRE="},
           {"label": "b", "spki": "sha256/XDtYTHPkNgNliamjvkkS2E2Iorn2bInfKKGMbkDQGlE="}]}]}`
	f, err := Load(strings.NewReader(doc), Now(testNow))
	if err != nil {
		t.Fatal(err)
	}
	if f.Domains[0].Pins[1].Label != "b" || f.Mode != ModeEnforce {
		t.Errorf("got %+v", f)
	}
}

const pinA = "sha256/+bEPGNlvZar4W9Zu2QEbmr+eCgWupydMPihaQUe+hRE="
const pinB = "sha256/XDtYTHPkNgNliamjvkkS2E2Iorn2bInfKKGMbkDQGlE="

// TestLoadErrors: every error names the file, the line and the field.
func TestLoadErrors(t *testing.T) {
	t.Parallel()
	head := "version: 1\ndomains:\n  - name: api.example.com\n    pins:\n"
	two := "      - spki: " + pinA + "\n      - spki: " + pinB + "\n"
	tests := []struct{ name, doc, want string }{
		{"empty", "", "pinkit.yaml: empty policy"},
		{"yaml", "version: [1\n", "pinkit.yaml:1: invalid YAML"},
		{"no version", "domains: []\n", "pinkit.yaml:1: version: is missing"},
		{"version 2", "version: 2\ndomains: []\n", "pinkit.yaml:1: version: 2 is not supported"},
		{"unknown field", "version: 1\nfoo: 1\ndomains: []\n", "pinkit.yaml:2: foo: unknown field"},
		{"no domains", "version: 1\ndomains: []\n", "pinkit.yaml:2: domains: is empty"},
		{"one pin", head + "      - spki: " + pinA + "\n", "pinkit.yaml:3: domains[0]: Host(\"api.example.com\"): only 1 pin"},
		{"placeholder", head + "      - spki: sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n      - spki: " + pinB + "\n",
			"pinkit.yaml:5: domains[0].pins[0].spki: \"sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\" is a placeholder"},
		{"bad base64", head + "      - spki: sha256/abc\n      - spki: " + pinB + "\n", "pinkit.yaml:5: domains[0].pins[0].spki:"},
		{"two sources", head + "      - spki: " + pinA + "\n        key: k.pub\n      - spki: " + pinB + "\n",
			"pinkit.yaml:5: domains[0].pins[0]: give exactly one of spki, cert or key (found 2)"},
		{"public suffix", "version: 1\ndomains:\n  - name: co.uk\n    include-subdomains: true\n    pins:\n" + two,
			"pinkit.yaml:3: domains[0]: Domain: domain \"co.uk\" is a public suffix"},
		{"expired", "version: 1\nexpires: 2026-06-01\n" + head[11:] + two, "pinkit.yaml:2: expires: 2026-06-01 is not in the future"},
		{"bad date", "version: 1\nexpires: June\n" + head[11:] + two, "expires: \"June\": want a date yyyy-mm-dd"},
		{"mode", "version: 1\nmode: soft\n" + head[11:] + two, "mode: \"soft\": want enforce or report-only"},
		{"role", head + "      - spki: " + pinA + "\n        role: spare\n      - spki: " + pinB + "\n", "pinkit.yaml:6: domains[0].pins[0].role: \"spare\""},
		{"duplicate", head + two + "  - name: API.example.com.\n    pins:\n" + two,
			"pinkit.yaml:7: domains[1]: api.example.com is also pinned at line 3"},
		{"bool", head[:len(head)-10] + "    include-subdomains: yes please\n    pins:\n" + two,
			"pinkit.yaml:4: domains[0].include-subdomains: is \"yes please\", want true or false"},
		{"alias", "version: 1\nx: &a 1\n", "pinkit.yaml:2: x: unknown field"},
		{"alias value", "version: 1\ndomains: &d []\napp: *d\n", "app: YAML aliases are not supported"},
		{"missing cert", head + "      - cert: nope.pem\n      - spki: " + pinB + "\n", "pinkit.yaml:5: domains[0].pins[0].cert: failed to read \"nope.pem\""},
		{"escape", head + "      - cert: ../x.pem\n      - spki: " + pinB + "\n", "must be relative and stay inside"},
		{"report uri", "version: 1\nreport-uri: ftp://x\n" + head[11:] + two, "report-uri: \"ftp://x\""},
		{"override", "version: 1\nplatforms:\n  nsc:\n    mode: x\n" + head[11:] + two, "pinkit.yaml:4: platforms.nsc.mode"},
		{"unknown target", "version: 1\nplatforms:\n  web: {}\n" + head[11:] + two, "pinkit.yaml:3: platforms.web: unknown field"},
		{"control chars", "version: 1\n\"a\\e[31mb\": 1\n", `pinkit.yaml:2: a\x1b[31mb: unknown field`},
		{"report loop", "version: 1\nreport-uri: https://API.example.com./r\n" + head[11:] + two,
			"pinkit.yaml:2: report-uri: \"https://API.example.com./r\" is on api.example.com, pinned by domains[0]"},
		{"two docs", "version: 1\n---\nversion: 1\n", "pinkit.yaml:2: more than one YAML document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load(strings.NewReader(tt.doc), Now(testNow), Dir(os.DirFS("testdata")))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v\nwant it to contain %q", err, tt.want)
			}
			var es Errors
			if !errors.As(err, &es) {
				t.Errorf("error is %T, want Errors", err)
			}
		})
	}
}

func FuzzLoad(f *testing.F) {
	data, _ := os.ReadFile(filepath.Join("testdata", "pinkit.yaml"))
	f.Add(data)
	f.Add([]byte(`{"version":1,"domains":[{"name":"a.example","pins":[{"spki":"` + pinA + `"},{"spki":"` + pinB + `"}]}]}`))
	f.Add([]byte("a: &a [*a, *a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fl, err := Load(strings.NewReader(string(data)), Now(testNow), Dir(os.DirFS("testdata")))
		if err == nil {
			if _, err := fl.Pin(); err != nil && fl.Platforms[TargetGo].Mode == "" {
				t.Fatalf("loaded policy does not build: %v", err)
			}
		}
	})
}

// TestPinSetShape: a domain's JSON has the field names and types of a
// signed pin-set document's hosts (branch pinset, pinset/document.go:
// name, include-subdomains, pins[].label, pins[].spki).
func TestPinSetShape(t *testing.T) {
	t.Parallel()
	f := loadExample(t)
	data, err := json.Marshal(f.Domains[1])
	if err != nil {
		t.Fatal(err)
	}
	var host struct {
		Name              string `json:"name"`
		IncludeSubdomains *bool  `json:"include-subdomains"`
		Pins              []struct {
			Label string `json:"label"`
			SPKI  string `json:"spki"`
		} `json:"pins"`
	}
	if err := json.Unmarshal(data, &host); err != nil {
		t.Fatal(err)
	}
	if host.Name != "example.org" || host.IncludeSubdomains == nil || !*host.IncludeSubdomains ||
		len(host.Pins) != 2 || host.Pins[0].Label != "leaf" || host.Pins[1].SPKI != f.Domains[1].Pins[1].SPKI {
		t.Errorf("domain JSON %s", data)
	}
}
