package rules

import (
	"bytes"
	"testing"

	"github.com/pinkit/pinkit/ats"
	"github.com/pinkit/pinkit/audit"
	"github.com/pinkit/pinkit/trustkit"
	"howett.net/plist"
)

// FuzzIOSRules runs every rule, and the Android/iOS pair pass, on an iOS
// app built from an arbitrary Info.plist (ATS and TrustKit) next to an
// Android app: no rule may crash.
func FuzzIOSRules(f *testing.F) {
	for _, d := range []map[string]any{
		{"NSAppTransportSecurity": pinnedATS(ids(b64A, "c2hvcnQ=")), "TSKConfiguration": map[string]any{
			"TSKPinnedDomains": map[string]any{"example.com": map[string]any{"TSKPublicKeyHashes": []any{b64A}, "TSKExpirationDate": "2020-01-01"}}}},
		{"NSAppTransportSecurity": map[string]any{"NSAllowsArbitraryLoads": "YES", "NSExceptionDomains": map[string]any{
			"a.example.com": map[string]any{"NSExceptionMinimumTLSVersion": 1}}}},
	} {
		data, err := plist.Marshal(d, plist.XMLFormat)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, "api.example.com", "*.example.com")
	}
	f.Fuzz(func(t *testing.T, data []byte, host, pattern string) {
		var root map[string]any
		func() {
			defer func() { _ = recover() }() // the plist decoder, not the rules, under test here
			_ = plist.NewDecoder(bytes.NewReader(data)).Decode(&root)
		}()
		ios := &audit.App{Path: "fuzz.ipa", Platform: audit.PlatformIOS, ID: "com.example.fuzz",
			Hosts: []audit.HostRef{{Host: host, URL: "http://" + host + "/pins.json"}}}
		if d, ok := root["NSAppTransportSecurity"].(map[string]any); ok {
			ios.ATS = ats.FromDict("Info.plist", d)
		}
		if tk := trustkit.FromInfoPlist("Info.plist", root); tk != nil {
			ios.TrustKit = []*trustkit.Config{tk}
		}
		android := &audit.App{Path: "fuzz.apk", Platform: audit.PlatformAndroid, ID: "com.example.fuzz",
			Hosts: []audit.HostRef{{Host: host}}, CodePins: []audit.CodePin{{Library: audit.SourceOkHttp, Pattern: pattern, Pin: "sha256/" + b64A}}}
		res, err := audit.Run([]*audit.App{android, ios}, audit.Options{Rules: All(), Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		for _, ar := range res.Apps {
			for _, f := range ar.Findings {
				if f.Status == audit.StatusError {
					t.Fatalf("rule crashed: %s", f.Message)
				}
			}
		}
	})
}
