package collector

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// clientCase is what a fixture of collector/testdata/clients (see the
// README there: each is derived from its client's serializer) must
// normalise to.
type clientCase struct {
	file                    string
	format                  Format
	app, version, platform  string
	port                    int
	mode                    string
	noted                   string
	subdomains              bool
	result                  int
	served, validated, pins int
	date, expires           string
}

var clientCases = []clientCase{
	// port 0, "yyyy-MM-dd" expiry, \/ escapes, CRLF inside the PEM, no served chain.
	{"trustkit-ios.json", FormatTrustKitIOS, "com.example.ios", "3.1.4", "IOS", 0, "enforce", "example.com",
		true, 1, 0, 2, 2, "2026-11-20T10:11:13Z", "2027-01-01T00:00:00Z"},
	// known-pins-expiration-date: null.
	{"trustkit-ios-null-expiry.json", FormatTrustKitIOS, "com.example.ios", "3.1.4", "IOS", 443, "report-only",
		"example.com", true, 1, 0, 2, 2, "2026-11-20T10:11:13Z", ""},
	// port 0, +0000 offset, \/ escapes, enum ordinal 1 (FAILED).
	{"trustkit-android.json", FormatTrustKitAndroid, "com.example.android", "42", "ANDROID", 0, "enforce",
		"api.example.com", false, 1, 2, 2, 2, "2026-11-20T10:11:14Z", ""},
	// -0800 offset, ordinal 2 (FAILED_CERTIFICATE_CHAIN_NOT_TRUSTED), enforcePinning false.
	{"trustkit-android-offset.json", FormatTrustKitAndroid, "com.example.android", "42", "ANDROID", 0, "report-only",
		"api.example.com", false, 2, 2, 2, 2, "2026-11-20T10:11:14Z", ""},
	// sorted keys, dates with milliseconds.
	{"chrome-hpkp.json", FormatRFC7469, "", "", "", 443, "", "example.com", true, 0, 2, 2, 2,
		"2026-11-20T10:11:12Z", "2027-01-01T00:00:00Z"},
	// pinreport's own serializer.
	{"pinkit.json", FormatPinkit, "com.example.go", "", "", 8443, "enforce", "example.com", true, 0, 2, 2, 2,
		"2026-11-20T10:11:15Z", "2027-01-01T00:00:00Z"},
}

func readClient(t testing.TB, name string) []byte {
	t.Helper()
	return readTestdata(t, filepath.Join("clients", name))
}

// check compares r with the case, field by field.
func (tc clientCase) check(t *testing.T, r *Report) {
	t.Helper()
	if r.Format != tc.format || r.AppID != tc.app || r.AppVersion != tc.version || r.Platform != tc.platform ||
		r.Port != tc.port || r.Mode != tc.mode || r.NotedHost != tc.noted || r.Host != "api.example.com" ||
		r.IncludeSubdomains != tc.subdomains || r.ValidationResult != tc.result || r.Expires != tc.expires {
		t.Errorf("got %+v", r)
	}
	if len(r.ServedChain) != tc.served || len(r.ValidatedChain) != tc.validated || len(r.KnownPins) != tc.pins {
		t.Errorf("chains/pins = %d/%d/%d", len(r.ServedChain), len(r.ValidatedChain), len(r.KnownPins))
	}
	if got := r.Date.UTC().Format(time.RFC3339); got != tc.date {
		t.Errorf("date = %s, want %s", got, tc.date)
	}
	// The PEM survived \/ and CRLF: the interceptor's CA is named.
	if r.ServedIssuer != "CN=Corp Inspection CA, O=Acme Proxy" {
		t.Errorf("served issuer = %q", r.ServedIssuer)
	}
	for _, c := range append(append([]string{}, r.ServedChain...), r.ValidatedChain...) {
		if strings.Contains(c, `\/`) || !strings.HasPrefix(c, "-----BEGIN CERTIFICATE-----\n") {
			t.Errorf("certificate not unescaped: %q", c[:min(len(c), 40)])
		}
	}
	for _, p := range r.KnownPins {
		if !strings.HasPrefix(p, `pin-sha256="`) {
			t.Errorf("known pin %q", p)
		}
	}
	if r.Extra != nil {
		t.Errorf("extra = %s, want none", r.Extra)
	}
}

func TestDecodeClients(t *testing.T) {
	t.Parallel()
	for _, tc := range clientCases {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			data := readClient(t, tc.file)
			r, err := Decode(data, received)
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, r)
			// The fast path handles every real client.
			if !checkFastAgainstJSON(t, data) {
				t.Error("the fast path gave up")
			}
		})
	}
}

// TestClientsStoredIntact: each client's report is accepted (202) and
// GET /v1/reports returns it with its fields, on every store.
func TestClientsStoredIntact(t *testing.T) {
	t.Parallel()
	for _, kind := range storeKinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			srv, _ := newTestServer(t, kind, Config{Rate: 100, Burst: 100})
			for _, tc := range clientCases {
				code, out := post(t, srv.URL, readClient(t, tc.file))
				if code != http.StatusAccepted {
					t.Fatalf("%s: POST = %d %v", tc.file, code, out)
				}
				var page Page
				getJSON(t, srv.URL+"/v1/reports", testToken, &page)
				var found *Report
				for i := range page.Reports {
					if page.Reports[i].Date.UTC().Format(time.RFC3339) == tc.date && page.Reports[i].Port == tc.port &&
						page.Reports[i].Mode == tc.mode {
						found = page.Reports[i]
					}
				}
				if found == nil {
					t.Fatalf("%s: not in GET /v1/reports: %+v", tc.file, page.Reports)
				}
				t.Run(tc.file, func(t *testing.T) { tc.check(t, found) })
			}
		})
	}
}

// TestUnknownFieldsKept: fields the decoder does not know are stored
// (as a JSON object, capped) instead of refused.
func TestUnknownFieldsKept(t *testing.T) {
	t.Parallel()
	var m map[string]any
	if err := json.Unmarshal(readClient(t, "trustkit-ios.json"), &m); err != nil {
		t.Fatal(err)
	}
	m["x-future"] = map[string]any{"a": 1, "b": "two"}
	m["device-model"] = "iPhone15,2"
	m["huge"] = strings.Repeat("z", MaxExtraBytes)
	body, _ := json.Marshal(m)
	r, err := Decode(body, received)
	if err != nil {
		t.Fatal(err)
	}
	if string(r.Extra) != `{"device-model":"iPhone15,2","x-future":{"a":1,"b":"two"}}` {
		t.Fatalf("extra = %s", r.Extra)
	}
	for _, kind := range storeKinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			srv, _ := newTestServer(t, kind, Config{Rate: 100, Burst: 100})
			if code, out := post(t, srv.URL, body); code != http.StatusAccepted {
				t.Fatalf("POST = %d %v", code, out)
			}
			var page Page
			getJSON(t, srv.URL+"/v1/reports", testToken, &page)
			if len(page.Reports) != 1 || !bytes.Equal(page.Reports[0].Extra, r.Extra) {
				t.Fatalf("stored extra = %+v", page.Reports)
			}
		})
	}
}

// TestUnknownFieldsBounded: unknown fields obey the same shape limits as
// known ones (depth, key count), so keeping them costs bounded work.
func TestUnknownFieldsBounded(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ body, field, msg string }{
		{`{"hostname":"a","x":{"y":[1]}}`, "x", "nested deeper"},
		{`{"hostname":"a","x":1,"x":2}`, "x", "given twice"},
	} {
		_, err := Decode([]byte(tc.body), received)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || !strings.Contains(fe.Msg, tc.msg) {
			t.Errorf("Decode(%s) = %v, want field %q: %s", tc.body, err, tc.field, tc.msg)
		}
	}
}

// TestMalformedKnownFieldsRefused: a bad value of a known field is a 400
// naming the field, whichever client sent it.
func TestMalformedKnownFieldsRefused(t *testing.T) {
	t.Parallel()
	srv, _ := newTestServer(t, "sqlite", Config{Rate: 100, Burst: 100})
	for _, tc := range []struct{ file, field, value string }{
		{"trustkit-ios.json", "known-pins-expiration-date", `"01/01/2027"`},
		{"trustkit-ios.json", "port", `-1`},
		{"trustkit-ios.json", "validation-result", `"FAILED"`},
		{"trustkit-android.json", "date-time", `"yesterday"`},
		{"trustkit-android.json", "enforce-pinning", `1`},
		{"chrome-hpkp.json", "effective-expiration-date", `"soon"`},
		{"chrome-hpkp.json", "served-certificate-chain", `"pem"`},
		{"pinkit.json", "mode", `"lenient"`},
	} {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(readClient(t, tc.file), &m); err != nil {
			t.Fatal(err)
		}
		m[tc.field] = json.RawMessage(tc.value)
		body, _ := json.Marshal(m)
		code, out := post(t, srv.URL, body)
		if code != http.StatusBadRequest || out["field"] != tc.field {
			t.Errorf("%s with %s=%s: %d %v, want 400 naming the field", tc.file, tc.field, tc.value, code, out)
		}
	}
}
