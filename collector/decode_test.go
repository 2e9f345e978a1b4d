package collector

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var received = time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeFormats(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file                    string
		format                  Format
		app, version, platform  string
		port                    int
		mode                    string
		noted                   string
		served, validated, pins int
		date                    string
	}{
		{"rfc7469.json", FormatRFC7469, "", "", "", 443, "", "example.com", 2, 2, 2, "2026-11-20T10:11:12Z"},
		{"trustkit-ios.json", FormatTrustKitIOS, "com.example.ios", "3.1.4", "IOS", 443, "report-only", "example.com", 0, 2, 2, "2026-11-20T10:11:13Z"},
		{"trustkit-android.json", FormatTrustKitAndroid, "com.example.android", "42", "ANDROID", 8443, "enforce", "api.example.com", 2, 2, 2, "2026-11-20T10:11:14Z"},
		{"pinkit.json", FormatPinkit, "com.example.go", "", "", 443, "report-only", "api.example.com", 2, 0, 2, "2026-11-20T10:11:15Z"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			r, err := Decode(readTestdata(t, tc.file), received)
			if err != nil {
				t.Fatal(err)
			}
			if r.Format != tc.format || r.AppID != tc.app || r.AppVersion != tc.version || r.Platform != tc.platform ||
				r.Port != tc.port || r.Mode != tc.mode || r.NotedHost != tc.noted || r.Host != "api.example.com" {
				t.Errorf("got %+v", r)
			}
			if len(r.ServedChain) != tc.served || len(r.ValidatedChain) != tc.validated || len(r.KnownPins) != tc.pins {
				t.Errorf("chains/pins = %d/%d/%d", len(r.ServedChain), len(r.ValidatedChain), len(r.KnownPins))
			}
			if got := r.Date.Format(time.RFC3339); got != tc.date {
				t.Errorf("date = %s, want %s", got, tc.date)
			}
			// The interceptor's CA, from the top of the chain.
			if r.ServedIssuer != "CN=Corp Inspection CA, O=Acme Proxy" {
				t.Errorf("served issuer = %q", r.ServedIssuer)
			}
			if !r.FirstSeen.Equal(received) {
				t.Errorf("first seen = %v", r.FirstSeen)
			}
		})
	}
}

func TestDecodeRejects(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 300)
	tests := []struct {
		name, body, field, msg string
	}{
		{"not json", `hello`, "", "not JSON"},
		{"array", `[]`, "", "not a JSON object"},
		{"missing hostname", `{"port":443}`, "hostname", "missing"},
		{"wrong type", `{"hostname":"a","port":"443"}`, "port", "expected int"},
		{"bad port", `{"hostname":"a","port":70000}`, "port", "not a TCP port"},
		{"duplicate key", `{"hostname":"a","hostname":"b"}`, "hostname", "given twice"},
		{"escaped duplicate key", `{"hostname":"a","host\u006eame":"b"}`, "hostname", "given twice"},
		{"unterminated", `{"hostname":"a`, "hostname", "unterminated string"},
		{"too deep", `{"hostname":"a","known-pins":[["x"]]}`, "known-pins", "nested deeper"},
		{"very deep", `{"x":` + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + `}`, "x", "nested deeper"},
		{"long host", `{"hostname":"` + long + `"}`, "hostname", "longer than 253"},
		{"long app", `{"hostname":"a","app":"` + long + `"}`, "app", "longer than 256"},
		{"long pin", `{"hostname":"a","known-pins":["` + long + `"]}`, "known-pins", "entry 0 longer"},
		{"many pins", `{"hostname":"a","known-pins":[` + strings.Repeat(`"x",`, 40) + `"x"]}`, "known-pins", "more than 32"},
		{"bad date", `{"hostname":"a","date-time":"yesterday"}`, "date-time", "not an RFC 3339 date"},
		{"bad mode", `{"hostname":"a","mode":"maybe"}`, "mode", "want"},
		{"trailing data", `{"hostname":"a"} {}`, "", "data after"},
		{"huge", `{"hostname":"` + strings.Repeat("a", MaxBodyBytes) + `"}`, "", "larger than"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Decode([]byte(tc.body), received)
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *FieldError", err)
			}
			if fe.Field != tc.field || !strings.Contains(fe.Msg, tc.msg) {
				t.Errorf("err = field %q msg %q, want field %q msg containing %q", fe.Field, fe.Msg, tc.field, tc.msg)
			}
		})
	}
}

func TestDedupKeyIgnoresDates(t *testing.T) {
	t.Parallel()
	a, _ := Decode(readTestdata(t, "rfc7469.json"), received)
	b, _ := Decode(readTestdata(t, "rfc7469.json"), received.Add(time.Hour))
	b.Date = b.Date.Add(time.Minute)
	if a.DedupKey() != b.DedupKey() {
		t.Error("dates changed the dedup key")
	}
	b.KnownPins = b.KnownPins[:1]
	if a.DedupKey() == b.DedupKey() {
		t.Error("different known pins gave the same dedup key")
	}
}

func FuzzDecode(f *testing.F) {
	for _, name := range []string{"rfc7469.json", "trustkit-ios.json", "trustkit-android.json", "pinkit.json"} {
		f.Add(readTestdata(f, name))
	}
	for _, tc := range clientCases {
		f.Add(readClient(f, tc.file))
	}
	f.Add([]byte(`{"hostname":"a","extra":{"k":"v"},"more":[1,2]}`))
	f.Add([]byte(`{"hostname":"a","known-pins":[["x"]]}`))
	f.Add([]byte(`{"hostname":"a","port":-1,"date-time":"2026-01-01 00:00:00"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Decode(data, received)
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error is not a *FieldError: %v", err)
			}
			return
		}
		if r.Host == "" || r.Port < 0 || r.Port > 65535 || len(r.ServedChain) > MaxChainLen {
			t.Fatalf("accepted an invalid report: %+v", r)
		}
		if len(r.Extra) > MaxExtraBytes || (r.Extra != nil && !json.Valid(r.Extra)) {
			t.Fatalf("extra is %d bytes or not JSON: %q", len(r.Extra), r.Extra)
		}
		if r.DedupKey() == "" {
			t.Fatal("empty dedup key")
		}
	})
}

func TestIssuerCache(t *testing.T) {
	t.Parallel()
	c := newIssuerCache()
	data := readTestdata(t, "trustkit-android.json")
	for range 2 {
		r, err := decode(data, received, c)
		if err != nil {
			t.Fatal(err)
		}
		if r.ServedIssuer != "CN=Corp Inspection CA, O=Acme Proxy" {
			t.Fatalf("served issuer = %q", r.ServedIssuer)
		}
	}
	if len(c.m) != 1 {
		t.Errorf("cache holds %d entries, want 1", len(c.m))
	}
	for i := range maxIssuerCache + 10 {
		c.put(fmt.Sprint(i), "x")
	}
	if len(c.m) > maxIssuerCache {
		t.Errorf("cache grew to %d entries", len(c.m))
	}
}
