package collector

import (
	"errors"
	"strings"
	"testing"
)

// TestDecodeHostNames: hostname and noted-hostname go through
// internal/hostname: IDN, case and a trailing dot normalise; a name that
// is not a host name refuses the report.
func TestDecodeHostNames(t *testing.T) {
	t.Parallel()
	r, err := Decode([]byte(`{"hostname":"Bücher.Example.","noted-hostname":"EXAMPLE.com."}`), received)
	if err != nil || r.Host != "xn--bcher-kva.example" || r.NotedHost != "example.com" {
		t.Fatalf("Decode = %+v, %v", r, err)
	}
	for body, field := range map[string]string{
		`{"hostname":"api.example.com:443"}`:                          "hostname",
		`{"hostname":"[api.example.com]"}`:                            "hostname",
		`{"hostname":" api.example.com"}`:                             "hostname",
		`{"hostname":"api.example.com\u0000"}`:                        "hostname",
		`{"hostname":"a..b"}`:                                         "hostname",
		`{"hostname":"` + strings.Repeat("a", 64) + `.example"}`:      "hostname",
		`{"hostname":"example.com","noted-hostname":"*.example.com"}`: "noted-hostname",
	} {
		_, err := Decode([]byte(body), received)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != field || strings.ContainsRune(err.Error(), 0) {
			t.Errorf("Decode(%s) = %v, want a %s FieldError", body, err, field)
		}
	}
}
