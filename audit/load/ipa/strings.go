package ipa

import (
	"strings"

	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/audit/hosttable"
	"github.com/pinkit/pinkit/audit/load/internal/hostscan"
)

// stringScanner classifies the strings of one file.
type stringScanner struct {
	app  *audit.App
	file string
	main bool // the main executable: library markers count as app code
	seen map[string]bool
}

func newStringScanner(app *audit.App, file string, main bool) *stringScanner {
	return &stringScanner{app: app, file: file, main: main, seen: map[string]bool{}}
}

// add is the MachOStrings callback.
func (s *stringScanner) add(section, str string) error {
	loc := audit.Location{File: s.file, Symbol: section}
	s.hosts(str, loc)
	if s.main {
		if kind, detail := binaryMarker(str); kind != "" && !s.seen["check:"+kind] {
			s.seen["check:"+kind] = true
			addCheck(s.app, audit.CodeCheck{Kind: kind, Detail: detail, Location: loc})
		}
	}
	return nil
}

// hosts records the URLs and host names of str once per file.
func (s *stringScanner) hosts(str string, loc audit.Location) {
	for _, h := range hostscan.Find(str) {
		key := h.Host + "\x00" + h.URL
		if s.seen[key] || len(s.app.Hosts) >= maxHosts {
			continue
		}
		s.seen[key] = true
		h.Source, h.Location = audit.SourceCode, loc
		s.app.Hosts = append(s.app.Hosts, h)
		if h.URL != "" && hosttable.IsPinListURL(h.URL) {
			s.app.PinListURLs = append(s.app.PinListURLs, h)
		}
	}
}

// binaryMarkers map substrings of binary strings to code check kinds.
var binaryMarkers = []struct{ marker, kind string }{
	{hosttable.PinkitRootType, hosttable.CheckPinkitSignedSet},
	{"TSKPinningValidator", hosttable.CheckTrustKitInit},
	{"initSharedInstanceWithConfiguration", hosttable.CheckTrustKitInit},
	{"PinnedCertificatesTrustEvaluator", hosttable.CheckAlamofireCertificate},
	{"PublicKeysTrustEvaluator", hosttable.CheckAlamofirePublicKeys},
	{"policyWithPinningMode:", hosttable.CheckAFNetworkingPinning},
	{"AFSSLPinningModePublicKey", hosttable.CheckAFNetworkingPinning},
	{"AFSSLPinningModeCertificate", hosttable.CheckAFNetworkingPinning},
}

// binaryMarker returns the code check kind a binary string reveals.
func binaryMarker(s string) (kind, detail string) {
	if !strings.Contains(s, "Trust") && !strings.Contains(s, "Pinning") && !strings.Contains(s, "initShared") {
		return "", "" // every marker holds one of these
	}
	for _, m := range binaryMarkers {
		if strings.Contains(s, m.marker) {
			return m.kind, m.marker
		}
	}
	return "", ""
}

func addCheck(app *audit.App, c audit.CodeCheck) {
	if len(app.CodeChecks) < maxChecks {
		app.CodeChecks = append(app.CodeChecks, c)
	}
}
