package android

import (
	"strings"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/rules/internal/check"
)

// NSCMissing is PK101: the app has no network security config, so the
// platform enforces no pins.
type NSCMissing struct{}

// Metadata implements audit.Rule.
func (NSCMissing) Metadata() audit.Metadata {
	return audit.Metadata{
		ID:          "PK101",
		Name:        "nsc-missing",
		Description: "The app has no Network Security Config, so Android enforces no certificate pins.",
		Help: "Without `android:networkSecurityConfig` in the manifest the platform applies its defaults: " +
			"any CA in the system store (and, for targetSdk ≤ 23, user-installed CAs) is trusted for every host. " +
			"Add `res/xml/network_security_config.xml` with a `<pin-set>` (two or more pins) for your own domains.",
		MASTG:    []string{"MASTG-TEST-0242"},
		MASWE:    []string{maswePinned, masweNew},
		CWE:      []int{295},
		Severity: audit.SeverityMedium,
		Citation: nscDoc + "#CertificatePinning",
	}
}

// Applies implements audit.Applier: Android apps only.
func (NSCMissing) Applies(app *audit.App) bool { return check.Android(app) }

// Check implements audit.Rule.
func (r NSCMissing) Check(app *audit.App, _ *audit.Context) []audit.Finding {
	if app.NSC != nil {
		return nil
	}
	m := r.Metadata()
	msg := "no network security config (android:networkSecurityConfig is not set): the platform pins nothing"
	if p, ok := nscLoadProblem(app); ok {
		// The manifest names a config the loader could not read: say so
		// rather than contradict PK112's report of why.
		msg = "the network security config android:networkSecurityConfig names could not be read (" + p +
			", see PK112): no pins from it are known"
	} else if len(app.CodePins) > 0 {
		m.Severity = audit.SeverityInfo
		msg = "no network security config: pinning is only done in code, not by the platform"
	}
	return []audit.Finding{m.Finding("", "", msg, audit.Location{File: "AndroidManifest.xml"})}
}

// nscLoadProblem returns the loader's problem with the config the manifest
// names, if any.
func nscLoadProblem(app *audit.App) (string, bool) {
	for _, p := range app.LoadProblems {
		if strings.Contains(p.Message, "networkSecurityConfig") || strings.Contains(p.Message, "network security config") {
			return p.Message, true
		}
	}
	return "", false
}
