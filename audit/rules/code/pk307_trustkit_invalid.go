package code

import (
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
)

// TrustKitInvalid is PK307: TrustKit would reject the configuration at
// start-up (fewer than two pins when enforcing, a hash that is not 32
// bytes, a bad expiration date).
type TrustKitInvalid struct{}

// Metadata implements audit.Rule.
func (TrustKitInvalid) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK307",
		Name:        "trustkit-config-invalid",
		Description: "TrustKit would reject the configuration at start-up (fewer than 2 pins when enforcing, a hash not 32 bytes, a bad date).",
		Help: "TrustKit validates its configuration when it is initialized and raises an exception (iOS) or throws " +
			"(Android) on the first problem, so the app crashes at launch or pinning never starts. Give every " +
			"enforcing domain at least two valid base64 SHA-256 SPKI hashes and dates as yyyy-MM-dd.",
		MASWE:    []string{"MASWE-0047"},
		CWE:      []int{295},
		Severity: audit.SeverityHigh,
		Citation: "https://github.com/datatheorem/TrustKit/blob/master/docs/getting-started.md",
	}
}

// Check implements audit.Rule.
func (r TrustKitInvalid) Check(app *audit.App, _ *audit.Context) []audit.Finding {
	m := r.Metadata()
	var out []audit.Finding
	for _, c := range hosttable.TrustKitConfigs(app) {
		for _, p := range c.Problems {
			out = append(out, m.Finding(p.Domain, p.Message, "TrustKit config: "+p.String(),
				audit.Location{File: c.File, Line: p.Line}))
		}
	}
	return out
}
