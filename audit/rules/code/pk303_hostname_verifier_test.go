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
