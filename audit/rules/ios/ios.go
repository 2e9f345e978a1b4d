// Package ios holds the rules for iOS apps (PK201–PK206), one per file.
// They read the app's App Transport Security dictionary (NSAppTransportSecurity
// in Info.plist) and the engine's per-host table.
package ios

import (
	"github.com/pinkit/pinkit/ats"
	"github.com/pinkit/pinkit/audit"
)

// Links and tags shared by the rules' metadata.
const (
	atsDoc       = "https://developer.apple.com/documentation/bundleresources/information-property-list/nsapptransportsecurity"
	pinnedDoc    = "https://developer.apple.com/documentation/bundleresources/information-property-list/nsapptransportsecurity/nspinneddomains"
	maswePinned  = "MASWE-0047"
	masweNewTLS  = "MASWE-0050"
	mastgPinning = "MASTG-TEST-0385"
	mastgATS     = "MASTG-TEST-0322"
)

func atsLoc(c *ats.Config, key string) audit.Location {
	return audit.Location{File: c.File, Symbol: key}
}
