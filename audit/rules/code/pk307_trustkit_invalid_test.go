package code

import "testing"

func TestTrustKitInvalid(t *testing.T) {
	t.Parallel()
	runCases(t, TrustKitInvalid{}, []ruleCase{
		{"two pins", app(iosTrustKit(true, pinA[7:], pinB[7:])), nil},
		{"one pin enforced", app(iosTrustKit(true, pinA[7:])), []string{"enforcing pinning with 1 valid pin(s)"}},
		{"one pin report-only is accepted", app(iosTrustKit(false, pinA[7:])), nil},
		{"short hash", app(iosTrustKit(true, pinA[7:], pinB[7:], "c2hvcnQ=")), []string{"decodes to 5 bytes"}},
		{"Android enforced with one pin", app(androidTrustKitOnePin(t)), []string{"enforcing pinning with 1 valid pin(s)"}},
	})
}
