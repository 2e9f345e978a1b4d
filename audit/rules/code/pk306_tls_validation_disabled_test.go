package code

import (
	"testing"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
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
		{"pinning only", app(checks(hosttable.CheckAlamofirePublicKeys, hosttable.CheckAlamofireCertificate, hosttable.CheckAFNetworkingPinning, hosttable.CheckTrustKitInit)), nil},
		{"every dangerous kind", app(checks(hosttable.CheckAlamofireNoChain, hosttable.CheckAlamofireNoDefault, hosttable.CheckAlamofireNoHost,
			hosttable.CheckAlamofireDisabled, hosttable.CheckAFAllowInvalid, hosttable.CheckAFNoDomainValidation, hosttable.CheckChallengeWithoutEvaluation)),
			[]string{hosttable.CheckAlamofireNoChain, hosttable.CheckAlamofireNoDefault, hosttable.CheckAlamofireNoHost, hosttable.CheckAlamofireDisabled,
				hosttable.CheckAFAllowInvalid, hosttable.CheckAFNoDomainValidation, hosttable.CheckChallengeWithoutEvaluation}},
	})
}
