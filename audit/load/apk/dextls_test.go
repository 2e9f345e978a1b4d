package apk

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pinkit/pinkit/audit/hosttable"
)

// TestTLSFixtures loads the smali-built APKs of testdata/apk/src/tls-*
// (each pattern has a positive and a negative case) and compares the code
// checks the bytecode analysis derives with what each class does.
func TestTLSFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		apk  string
		want []string // "kind class" sorted
	}{
		{"tls-trustall", []string{
			hosttable.CheckTrustAllManager + " Lcom/example/tls/Swallow;",
			hosttable.CheckTrustAllManager + " Lcom/example/tls/TrustAll;",
			hosttable.CheckTrustAllManager + " Lcom/example/tls/ValidityOnly;",
			hosttable.CheckTrustAllManager + " Lcom/google/sdk/InsecureTrust;",
		}},
		{"tls-trustall-safe", nil},
		{"tls-verifier", []string{
			hosttable.CheckVerifierReturnsTrue + " Lcom/example/tls/AllowAll;",
			hosttable.CheckVerifierReturnsTrue + " Lcom/example/tls/Client$$ExternalSyntheticLambda0;",
		}},
		{"tls-verifier-safe", nil},
		{"tls-sslsocket", []string{hosttable.CheckSSLSocketNoHostname + " Lcom/example/tls/RawSocket;"}},
		{"tls-sslsocket-safe", nil},
		{"tls-webview", []string{
			hosttable.CheckWebViewProceed + " Lcom/example/tls/LaxClient;",
			hosttable.CheckWebViewProceed + " Lcom/example/tls/TypedClient;",
		}},
		{"tls-webview-safe", nil},
		{"tls-pinning-flawed", []string{
			hosttable.CheckTrustManagerPinFlawed + " Lcom/example/tls/RootOnlyPinner;",
			hosttable.CheckTrustManagerPinFlawed + " Lcom/example/tls/ServedChainPinner;",
			hosttable.CheckTrustManagerPinFlawed + " Lcom/example/tls/WholeCertPinner;",
		}},
		{"tls-pinning-right", []string{hosttable.CheckTrustManagerPinning + " Lcom/example/tls/PinningTrustManager;"}},
		// Fixtures from before: OkHttp pinning and config-only apps have none.
		{"okhttp", nil},
		{"good", nil},
	}
	for _, tt := range tests {
		t.Run(tt.apk, func(t *testing.T) {
			t.Parallel()
			app, err := Load(filepath.Join(fixtureDir, tt.apk+".apk"), Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range app.CodeChecks {
				class, _, _ := strings.Cut(c.Location.Symbol, "->")
				got = append(got, c.Kind+" "+class)
				if c.Detail == "" || c.Location.File != "classes.dex" {
					t.Errorf("check without detail or file: %+v", c)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("code checks:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestTLSFixtureDetails checks what the findings will say for the
// trickier cases.
func TestTLSFixtureDetails(t *testing.T) {
	t.Parallel()
	details := map[string]string{}
	for _, name := range []string{"tls-trustall", "tls-webview", "tls-pinning-flawed"} {
		app, err := Load(filepath.Join(fixtureDir, name+".apk"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range app.CodeChecks {
			class, _, _ := strings.Cut(c.Location.Symbol, "->")
			details[class] = c.Detail
		}
	}
	want := map[string]string{
		"Lcom/example/tls/TrustAll;":          "is empty: every certificate chain is accepted; getAcceptedIssuers returns null or an empty array",
		"Lcom/example/tls/ValidityOnly;":      "only calls checkValidity()",
		"Lcom/example/tls/Swallow;":           "their exceptions are caught",
		"Lcom/example/tls/LaxClient;":         "unconditionally",
		"Lcom/example/tls/TypedClient;":       "only on the error type",
		"Lcom/example/tls/ServedChainPinner;": "compares the served chain",
		"Lcom/example/tls/WholeCertPinner;":   "hashes the whole certificate",
		"Lcom/example/tls/RootOnlyPinner;":    "compares only the last (root) certificate",
	}
	for class, frag := range want {
		if !strings.Contains(details[class], frag) {
			t.Errorf("%s: detail %q lacks %q", class, details[class], frag)
		}
	}
	if d := details["Lcom/example/tls/WholeCertPinner;"]; strings.Contains(d, "served chain") {
		t.Errorf("WholeCertPinner verifies with X509TrustManagerExtensions, detail says otherwise: %q", d)
	}
}

// TestTrustManagerPinsRelabelled: the pins a pinning trust manager
// compares are its pins, not OkHttp CertificatePinner pins without a host.
func TestTrustManagerPinsRelabelled(t *testing.T) {
	t.Parallel()
	app, err := Load(filepath.Join(fixtureDir, "tls-pinning-right.apk"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range app.CodePins {
		if strings.HasPrefix(p.Pin, "sha256/") && len(p.Pin) > len("sha256/") {
			n++
			if p.Library != hosttable.SourceTrustManager {
				t.Errorf("pin %s labelled %q, want %q", p.Pin, p.Library, hosttable.SourceTrustManager)
			}
		}
	}
	if n != 2 {
		t.Errorf("%d pins, want 2: %+v", n, app.CodePins)
	}
}

// FuzzAnalyzeTLS feeds the TLS bytecode analysis mutated DEX files of the
// tls-* fixtures: it must not panic, hang, or add unbounded checks.
func FuzzAnalyzeTLS(f *testing.F) {
	for _, name := range []string{"tls-trustall.apk", "tls-verifier.apk", "tls-pinning-flawed.apk", "tls-pinning-right.apk", "tls-webview.apk", "tls-sslsocket.apk"} {
		f.Add(fixtureEntry(f, name, "classes.dex"))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checks, _ := analyzeTLS("classes.dex", data)
		if len(checks) > maxCodeChecksPerApp {
			t.Fatalf("%d code checks", len(checks))
		}
	})
}
