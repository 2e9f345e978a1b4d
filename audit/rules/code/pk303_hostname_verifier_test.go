package code

import (
	"testing"

	"github.com/pinkit/pinkit/audit"
)

func TestHostnameVerifierAllowAll(t *testing.T) {
	t.Parallel()
	runCases(t, HostnameVerifierAllowAll{}, []ruleCase{
		{"referenced", app(func(a *audit.App) {
			a.HostnameVerifierAllowAll = []audit.Location{
				{File: "classes.dex", Symbol: "Lorg/apache/http/conn/ssl/SSLSocketFactory;->ALLOW_ALL_HOSTNAME_VERIFIER"},
				{File: "classes2.dex", Symbol: "Lorg/apache/http/conn/ssl/NoopHostnameVerifier;"},
			}
		}), []string{"ALLOW_ALL_HOSTNAME_VERIFIER", "NoopHostnameVerifier"}},
		{"none", app(), nil},
	})
}

// TestHostnameVerifierOrigin: a reference from the app's own class keeps
// the high severity; one inside a bundled library is low, and both say
// where they are.
func TestHostnameVerifierOrigin(t *testing.T) {
	t.Parallel()
	ref := func(sym string) func(*audit.App) {
		return func(a *audit.App) {
			a.HostnameVerifierAllowAll = append(a.HostnameVerifierAllowAll, audit.Location{File: "classes.dex", Symbol: sym})
		}
	}
	runCases(t, HostnameVerifierAllowAll{}, []ruleCase{
		{"app", app(ref("Lcom/example/app/Net; ALLOW_ALL_HOSTNAME_VERIFIER")), []string{"(in the app package com.example.app)"}},
		{"library", app(ref("Lorg/apache/http/conn/ssl/SSLSocketFactory; ALLOW_ALL_HOSTNAME_VERIFIER")), []string{"(in bundled library org.apache)"}},
	})
	for _, tc := range []struct {
		sym  string
		want audit.Severity
	}{{"Lcom/example/app/Net; NoopHostnameVerifier", audit.SeverityHigh}, {"Lcom/google/x/Y; NoopHostnameVerifier", audit.SeverityLow}} {
		fs := HostnameVerifierAllowAll{}.Check(app(ref(tc.sym)), nil)
		if len(fs) != 1 || fs[0].Severity != tc.want {
			t.Errorf("%s: %+v, want severity %v", tc.sym, fs, tc.want)
		}
	}
}
