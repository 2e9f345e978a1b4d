package code

import (
	"testing"

	"github.com/pinkit/pinkit/audit"
)

func checks(kinds ...string) func(*audit.App) {
	return func(a *audit.App) {
		for i, k := range kinds {
			a.CodeChecks = append(a.CodeChecks, audit.CodeCheck{Kind: k, Location: audit.Location{File: "Net.swift", Line: i + 1}})
		}
	}
}

func TestTLSValidationDisabled(t *testing.T) {
	t.Parallel()
	runCases(t, TLSValidationDisabled{}, []ruleCase{
		{"pinning only", app(checks(audit.CheckAlamofirePublicKeys, audit.CheckAlamofireCertificate, audit.CheckAFNetworkingPinning, audit.CheckTrustKitInit)), nil},
		{"every dangerous kind", app(checks(audit.CheckAlamofireNoChain, audit.CheckAlamofireNoDefault, audit.CheckAlamofireNoHost,
			audit.CheckAlamofireDisabled, audit.CheckAFAllowInvalid, audit.CheckAFNoDomainValidation, audit.CheckChallengeWithoutEvaluation)),
			[]string{audit.CheckAlamofireNoChain, audit.CheckAlamofireNoDefault, audit.CheckAlamofireNoHost, audit.CheckAlamofireDisabled,
				audit.CheckAFAllowInvalid, audit.CheckAFNoDomainValidation, audit.CheckChallengeWithoutEvaluation}},
	})
}
