package rules

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/load/apk"
)

// TestBytecodeRulesOnAPKs runs every rule on the smali-built APKs of
// testdata/apk/src/tls-* and checks the PK308–PK312 findings: one per
// weak class with the app/library origin and severity, none on the
// negative APKs and none for the trust manager that pins correctly.
func TestBytecodeRulesOnAPKs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		apk  string
		want []string // "ID severity class-fragment origin"
	}{
		{"tls-trustall", []string{
			"PK308 high com.example.tls.Swallow app", "PK308 high com.example.tls.TrustAll app",
			"PK308 high com.example.tls.ValidityOnly app", "PK308 low com.google.sdk.InsecureTrust library",
		}},
		{"tls-verifier", []string{
			"PK309 high com.example.tls.AllowAll app", "PK309 high com.example.tls.Client$$ExternalSyntheticLambda0 app",
		}},
		{"tls-sslsocket", []string{"PK310 high com.example.tls.RawSocket app"}},
		{"tls-webview", []string{"PK311 high com.example.tls.LaxClient app", "PK311 high com.example.tls.TypedClient app"}},
		{"tls-pinning-flawed", []string{
			"PK312 medium com.example.tls.RootOnlyPinner app", "PK312 medium com.example.tls.ServedChainPinner app",
			"PK312 medium com.example.tls.WholeCertPinner app",
		}},
		{"tls-trustall-safe", nil}, {"tls-verifier-safe", nil}, {"tls-sslsocket-safe", nil},
		{"tls-webview-safe", nil}, {"tls-pinning-right", nil},
	}
	for _, tt := range tests {
		t.Run(tt.apk, func(t *testing.T) {
			t.Parallel()
			app, err := apk.Load(filepath.Join("../../testdata/apk", tt.apk+".apk"), apk.Options{})
			if err != nil {
				t.Fatal(err)
			}
			res, err := audit.Run([]*audit.App{app}, audit.Options{Rules: All(), Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range res.Apps[0].Findings {
				if f.RuleID < "PK308" || f.RuleID > "PK312" {
					if f.RuleID == "PK301" {
						t.Errorf("PK301 on a trust manager's pins: %s", f.Message)
					}
					continue
				}
				origin, rest, _ := strings.Cut(f.Message, " code ")
				class, _, _ := strings.Cut(rest, ":")
				got = append(got, f.RuleID+" "+f.Severity.String()+" "+class+" "+origin)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("findings:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func init() {
	fixtureProviders = append(fixtureProviders, func(t *testing.T) map[string][2]*audit.App {
		load := func(name string) *audit.App {
			app, err := apk.Load(filepath.Join("../../testdata/apk", name+".apk"), apk.Options{})
			if err != nil {
				t.Fatal(err)
			}
			return app
		}
		return map[string][2]*audit.App{
			"PK308": {load("tls-trustall"), load("tls-trustall-safe")},
			"PK309": {load("tls-verifier"), load("tls-verifier-safe")},
			"PK310": {load("tls-sslsocket"), load("tls-sslsocket-safe")},
			"PK311": {load("tls-webview"), load("tls-webview-safe")},
			"PK312": {load("tls-pinning-flawed"), load("tls-pinning-right")},
		}
	})
}
